package dev.loopbridge.web;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.LoopsUnderTest;
import dev.loopbridge.core.testing.TestEventLoop;
import dev.loopbridge.web.tck.WebSocketTimeoutContract;

/**
 * The WebSocket timeouts on the virtual-time test loop: the handshake, close and keep-alive
 * timers fire as virtual time jumps, so a silent peer costs no real waiting. (The rest of the
 * contract runs on real-time loops: on virtual time a timer may fire while real I/O is still
 * under way.)
 */
class TestLoopWebSocketTest extends LoopsUnderTest implements WebSocketTimeoutContract {

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
