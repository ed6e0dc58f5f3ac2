package dev.loopbridge.core.internal;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.EventLoopTck;

/** The TCK against the default loop, which runs on a thread of its own. */
class DefaultLoopTckTest extends EventLoopTck {

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
