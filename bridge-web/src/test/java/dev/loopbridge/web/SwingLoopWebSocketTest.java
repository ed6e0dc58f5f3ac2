package dev.loopbridge.web;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.swing.SwingEventLoop;
import dev.loopbridge.web.tck.WebSocketTck;

/** Every WebSocket contract on a loop on the Swing Event Dispatch Thread (java.awt.headless=true). */
class SwingLoopWebSocketTest extends WebSocketTck {

    @Override
    protected EventLoop createLoop(LoopOptions options) {
        return SwingEventLoop.create(options);
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
