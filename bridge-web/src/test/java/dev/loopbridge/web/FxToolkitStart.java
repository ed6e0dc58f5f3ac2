package dev.loopbridge.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;

import dev.loopbridge.core.tck.TestTimeouts;

/** Starts the JavaFX toolkit once per JVM for this module's FX tests (headless Monocle, see the pom). Test thread. */
final class FxToolkitStart {

    private static boolean started;

    private FxToolkitStart() {
    }

    static synchronized void start() throws Exception {
        if (started) {
            return;
        }
        CompletableFuture<Void> up = new CompletableFuture<>();
        Platform.startup(() -> up.complete(null));
        up.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Platform.setImplicitExit(false);
        started = true;
    }
}
