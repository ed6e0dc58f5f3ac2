package dev.loopbridge.web;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.testing.TestEventLoop;
import dev.loopbridge.web.tck.WebSocketTck;

/**
 * The whole WebSocket contract on the virtual-time test loop, driven by the test thread: the
 * handshake, close and keep-alive timers fire as virtual time jumps, so a silent peer costs no
 * real waiting, and while sockets are open the loop gives I/O real time before it jumps.
 */
class TestLoopWebSocketTest extends WebSocketTck {

    @Override
    protected EventLoop createLoop(LoopOptions options) {
        return TestEventLoop.create(options);
    }

    @Override
    public boolean testThreadIsLoopThread() {
        return true;
    }

    @Override
    public boolean supportsNestedLoops() {
        return true;
    }
}
