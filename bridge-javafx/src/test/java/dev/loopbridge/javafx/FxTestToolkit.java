package dev.loopbridge.javafx;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;

import dev.loopbridge.core.tck.TestTimeouts;

/** Starts the JavaFX toolkit once per JVM for the tests (headless Monocle, see the pom). */
final class FxTestToolkit {

    private static boolean started;

    private FxTestToolkit() {
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        CompletableFuture<Void> up = new CompletableFuture<>();
        try {
            Platform.startup(() -> up.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            up.complete(null); // TestFX or another test class started it
        }
        try {
            up.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the JavaFX toolkit did not start", e);
        }
        Platform.setImplicitExit(false);
        started = true;
    }
}
