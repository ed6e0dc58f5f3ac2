package dev.loopbridge.web;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.web.tck.WebSocketTck;

/** Every WebSocket contract on the default loop (its own thread). */
class DefaultLoopWebSocketTest extends WebSocketTck {

    @Override
    protected EventLoop createLoop(LoopOptions options) {
        return EventLoops.newDefault(options);
    }

    @Override
    public boolean testThreadIsLoopThread() {
        return false;
    }

    @Override
    public boolean supportsNestedLoops() {
        return false;
    }
}
