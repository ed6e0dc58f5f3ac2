package dev.loopbridge.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;

import org.junit.jupiter.api.BeforeAll;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.javafx.FxEventLoop;
import dev.loopbridge.web.tck.WebSocketTck;

/** Every WebSocket contract on a loop on the JavaFX Application Thread (headless Monocle, see the pom). */
class FxLoopWebSocketTest extends WebSocketTck {

    @BeforeAll
    static void startToolkit() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyStarted) {
            started.complete(null);
        }
        started.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Platform.setImplicitExit(false);
    }

    @Override
    protected EventLoop createLoop(LoopOptions options) {
        return FxEventLoop.create(options);
    }

    @Override
    public boolean testThreadIsLoopThread() {
        return false;
    }

    @Override
    public boolean supportsNestedLoops() {
        return true;
    }
}
