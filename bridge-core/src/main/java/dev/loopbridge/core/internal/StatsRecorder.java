package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

import dev.loopbridge.core.LoopStats;

/**
 * The loop's counters, written by the loop thread, which adds a whole tick's counts at once with opaque stores (no memory fence: a
 * tick costs a few plain writes). {@link #snapshot()} may be called from any thread; it reads each
 * counter with an opaque load, so it sees values at most a tick old.
 */
final class StatsRecorder {

    private static final VarHandle RUN;
    private static final VarHandle DEQUEUED;
    private static final VarHandle TICKS;
    private static final VarHandle LONGEST;
    private static final VarHandle TIMERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RUN = l.findVarHandle(StatsRecorder.class, "callbacksRun", long.class);
            DEQUEUED = l.findVarHandle(StatsRecorder.class, "dequeued", long.class);
            TICKS = l.findVarHandle(StatsRecorder.class, "ticks", long.class);
            LONGEST = l.findVarHandle(StatsRecorder.class, "longestTickNanos", long.class);
            TIMERS = l.findVarHandle(StatsRecorder.class, "pendingTimers", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The ready queue, whose producer index counts what was offered: the producers count nothing
     * of their own (a shared counter would cost each offer a second atomic instruction).
     */
    private final ReadyQueue queue;

    StatsRecorder(ReadyQueue queue) {
        this.queue = queue;
    }

    /** Time from submission to start, per user callback. Loop thread records. */
    final LagHistogram lag = new LagHistogram();

    /** The same over the last 5 to 10 seconds. Loop thread records and rotates. */
    final RecentHistogram recentLag = new RecentHistogram();

    /** One sampled callback waited {@code nanos} from submission to start: both lag histograms. Loop thread. */
    void recordLag(long nanos) {
        lag.record(nanos);
        recentLag.record(nanos);
    }

    /** How late each timer fired. Loop thread records. */
    final LagHistogram timerLateness = new LagHistogram();

    /** The loop's stall watch, for its counts. */
    private StallWatch stallWatch;

    void setStallWatch(StallWatch w) {
        this.stallWatch = w;
    }

    /** At a tick's end, after its callbacks' lag was recorded: the recent window moves on if it is time. Loop thread. */
    void rotate(long now) {
        recentLag.rotate(now);
    }

    // Written by the loop thread (opaque, once per tick), read by anyone (opaque).
    @SuppressWarnings("unused")
    private long callbacksRun;
    @SuppressWarnings("unused")
    private long dequeued;
    @SuppressWarnings("unused")
    private long ticks;
    @SuppressWarnings("unused")
    private long longestTickNanos;
    @SuppressWarnings("unused")
    private long pendingTimers;

    /**
     * Adds one tick: {@code run} callbacks and timers ran, and the queue has given up {@code taken}
     * items since it was made (so that the callback running when someone asks still counts as
     * pending). Loop thread.
     */
    void tick(long nanos, long run, long taken, int timersPending) {
        TICKS.setOpaque(this, (long) TICKS.getOpaque(this) + 1);
        if (run != 0) {
            RUN.setOpaque(this, (long) RUN.getOpaque(this) + run);
        }
        DEQUEUED.setOpaque(this, taken);
        TIMERS.setOpaque(this, (long) timersPending);
        if (nanos > (long) LONGEST.getOpaque(this)) {
            LONGEST.setOpaque(this, nanos);
        }
    }

    LoopStats snapshot() {
        return new LoopStats((long) RUN.getOpaque(this), (long) TICKS.getOpaque(this),
                Duration.ofNanos((long) LONGEST.getOpaque(this)),
                Math.max(0, queue.offered() - (long) DEQUEUED.getOpaque(this)), (long) TIMERS.getOpaque(this),
                Duration.ofNanos(lag.percentile(0.50)), Duration.ofNanos(lag.percentile(0.99)),
                Duration.ofNanos(lag.max()),
                Duration.ofNanos(recentLag.percentile(0.50)), Duration.ofNanos(recentLag.percentile(0.99)),
                Duration.ofNanos(timerLateness.percentile(0.50)), Duration.ofNanos(timerLateness.percentile(0.99)),
                stallWatch == null ? 0 : stallWatch.stalls(),
                stallWatch == null ? Duration.ZERO : stallWatch.longestStall());
    }
}
