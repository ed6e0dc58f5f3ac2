package dev.loopbridge.core.internal;

import java.util.concurrent.atomic.AtomicInteger;

import dev.loopbridge.core.spi.LoopDriver;
import dev.loopbridge.core.tck.SimulatedToolkit;

/** A simulated toolkit whose posts are counted: how many ticks a loop asked its toolkit for. */
final class CountingDriver implements LoopDriver {
    private final SimulatedToolkit toolkit;
    final AtomicInteger posts = new AtomicInteger();

    CountingDriver(SimulatedToolkit toolkit) {
        this.toolkit = toolkit;
    }

    @Override
    public void post(Runnable tick) {
        posts.incrementAndGet();
        toolkit.post(tick);
    }

    @Override
    public boolean isLoopThread() {
        return toolkit.isLoopThread();
    }

    @Override
    public String threadName() {
        return toolkit.threadName();
    }

    @Override
    public NestedLoop newNestedLoop() {
        return toolkit.newNestedLoop();
    }
}
