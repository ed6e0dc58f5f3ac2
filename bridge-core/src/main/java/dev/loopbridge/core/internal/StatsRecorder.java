package dev.loopbridge.core.internal;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import dev.loopbridge.core.LoopStats;

/**
 * The loop's counters. {@link #submitted()} is counted by any thread; the rest are written by the
 * loop thread, which adds a whole tick's counts at once so the hot path pays no memory fences.
 * {@link #snapshot()} may be called from any thread.
 */
final class StatsRecorder {

    /** User callbacks offered to the ready queue. Any thread. */
    private final LongAdder submitted = new LongAdder();

    /** Time from submission to start, per user callback. Loop thread records. */
    final LagHistogram lag = new LagHistogram();

    // Written by the loop thread (once per tick), read by anyone.
    private volatile long callbacksRun;
    private volatile long dequeued;
    private volatile long ticks;
    private volatile long longestTickNanos;
    private volatile long pendingTimers;

    void submitted() {
        submitted.increment();
    }

    /**
     * Adds one tick: {@code run} callbacks and timers ran, {@code taken} user callbacks left the
     * queue (run or found cancelled). Loop thread.
     */
    void tick(long nanos, long run, long taken, int timersPending) {
        ticks++;
        callbacksRun += run;
        dequeued += taken;
        pendingTimers = timersPending;
        if (nanos > longestTickNanos) {
            longestTickNanos = nanos;
        }
    }

    LoopStats snapshot() {
        return new LoopStats(callbacksRun, ticks, Duration.ofNanos(longestTickNanos),
                Math.max(0, submitted.sum() - dequeued), pendingTimers,
                Duration.ofNanos(lag.percentile(0.50)), Duration.ofNanos(lag.percentile(0.99)),
                Duration.ofNanos(lag.max()));
    }
}
