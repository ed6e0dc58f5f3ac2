package dev.loopbridge.web;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.LoopsUnderTest;

/** {@link HttpBodiesContract} on the default loop. */
class DefaultLoopHttpBodiesTest extends LoopsUnderTest implements HttpBodiesContract {

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
