package dev.loopbridge.core.internal;

/**
 * Virtual time for the test loop: it stands still until the loop thread moves it. Read from any
 * thread; moved by the loop thread only.
 */
final class VirtualClock implements LoopClock {

    /** Virtual nanoseconds since the loop was created. Written by the loop thread only. */
    private volatile long now;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    /** Moves time forward to {@code instant}; never backwards. Loop thread. */
    void advanceTo(long instant) {
        if (instant - now > 0) {
            now = instant;
        }
    }
}
