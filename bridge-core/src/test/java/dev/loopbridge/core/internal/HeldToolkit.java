package dev.loopbridge.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import dev.loopbridge.core.spi.LoopDriver;

/**
 * A toolkit the test plays itself: the ticks posted to it are kept and run only when the test
 * says, the test thread is its thread, and what the loop asks of its frames is recorded. It has
 * no nested loop. Test thread.
 */
final class HeldToolkit implements LoopDriver {

    /** Ticks posted and not run yet. */
    final List<Runnable> posted = new ArrayList<>();

    /** What the loop asked {@link #watchFrames} for, in order: a sink for frames, or null to stop. */
    final List<LongConsumer> framesAsked = new ArrayList<>();

    /** What {@link #reportsFrames} answers; set before the loop is made. */
    boolean drawsFrames;

    @Override
    public void post(Runnable tick) {
        posted.add(tick);
    }

    @Override
    public boolean isLoopThread() {
        return true;
    }

    @Override
    public String threadName() {
        return Thread.currentThread().getName();
    }

    @Override
    public NestedLoop newNestedLoop() {
        throw new UnsupportedOperationException("the held toolkit has no nested loop");
    }

    @Override
    public void watchFrames(LongConsumer frames) {
        framesAsked.add(frames);
    }

    @Override
    public boolean reportsFrames() {
        return drawsFrames;
    }
}
