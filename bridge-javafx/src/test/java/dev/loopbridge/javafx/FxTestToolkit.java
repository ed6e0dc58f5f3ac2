package dev.loopbridge.javafx;

import java.util.concurrent.TimeoutException;

import javafx.application.Platform;

import org.testfx.api.FxToolkit;

/** Starts the JavaFX toolkit once per JVM for the tests (headless Monocle, see the pom), through TestFX. */
final class FxTestToolkit {

    private FxTestToolkit() {
    }

    static synchronized void start() {
        try {
            FxToolkit.registerPrimaryStage();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the JavaFX toolkit did not start", e);
        }
        Platform.setImplicitExit(false);
    }
}
