package dev.loopbridge.core.internal;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.EventLoopTck;
import dev.loopbridge.core.testing.TestEventLoop;

/** The TCK against the virtual-time test loop, driven by the test thread. */
class TestLoopTckTest extends EventLoopTck {

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
