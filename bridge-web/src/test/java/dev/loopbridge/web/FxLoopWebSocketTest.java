package dev.loopbridge.web;

import org.junit.jupiter.api.BeforeAll;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.javafx.FxEventLoop;
import dev.loopbridge.web.tck.WebSocketTck;

/** Every WebSocket contract on a loop on the JavaFX Application Thread (headless Monocle, see the pom). */
class FxLoopWebSocketTest extends WebSocketTck {

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkitStart.start();
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
