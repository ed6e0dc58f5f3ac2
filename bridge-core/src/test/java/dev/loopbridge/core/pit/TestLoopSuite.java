package dev.loopbridge.core.pit;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.LoopsUnderTest;
import dev.loopbridge.core.testing.TestEventLoop;

/**
 * The loop under test for the narrowed mutation-testing suites of this package: the virtual-time
 * test loop, driven by the test thread (as in {@code TestLoopTckTest}). Test thread.
 */
abstract class TestLoopSuite extends LoopsUnderTest {

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
