package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.internal.jfr.JfrGate;
import dev.loopbridge.core.internal.jfr.LoopEvents;

/**
 * Watches one loop's thread for stalls: a thread that has not come back from one piece of work for
 * longer than the threshold. The loop thread marks its progress ({@link #progressed}, at each tick's
 * start and end) and which thread it is; {@link #check} runs on the {@link LoopWatch} thread only.
 *
 * <p>Two kinds of stall:
 * <ul>
 *   <li><b>In the loop:</b> a tick has been running for the threshold with no other tick starting
 *       or ending: one callback (or timer, or I/O handler) has not returned. Ticks stop at their
 *       budget, so a long tick is one long callback.
 *   <li><b>Outside the loop</b> (toolkit loops): the loop asked its toolkit for a tick, and none has
 *       started for the threshold: the FX thread or the EDT is busy in code of its own (an event
 *       handler, layout, someone else's {@code runLater}).
 * </ul>
 * A callback that opens a modal dialog (a nested toolkit loop) is not stuck, although its tick is
 * still running: before it counts as one, the watch asks the toolkit for a tick, which a nested
 * loop runs at once.
 *
 * <p>While a stall lasts it is logged once, at WARN, with the thread's stack sampled then, and in
 * debug mode what the loop was running and where it was scheduled; when it ends, one line with how
 * long it took. A stall at a place reported in full within the last minute is logged in one line.
 * Durations are measured by the watch thread, to within a check period (an eighth of the threshold).
 */
final class StallWatch {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private static final VarHandle PROGRESS;

    static {
        try {
            PROGRESS = MethodHandles.lookup().findVarHandle(StallWatch.class, "progress", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How long a place stays reported in full: stalls there meanwhile get one line. */
    private static final long REPEAT_QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final int STACK_FRAMES_SHOWN = 40;

    private final Scheduler scheduler;
    private final String loopName;
    private final long thresholdNanos;

    // Written by the loop thread, read by the watch thread.
    /** Bumped at each tick's start and end; NOTE: opaque, except at a batch's start (volatile, see LoopWatch.active). */
    @SuppressWarnings("unused") // through PROGRESS
    private int progress;
    /** Whether a tick is running (its depth). */
    private volatile int depth;
    /** The loop's thread, as last seen running a tick. */
    private volatile Thread thread;
    /** The task running now, in debug mode only (for what it is and where it was scheduled). */
    private volatile Task current;

    // The watch thread's own.
    private int seenProgress;
    private long since;
    private boolean wasRequested;
    private long requestedSince;
    private boolean probed;
    private Stall stall;
    private final Map<String, Long> reportedAt = new LinkedHashMap<>();

    // Written by the watch thread, read by anyone.
    private volatile long stalls;
    private volatile long longestStallNanos;

    StallWatch(Scheduler scheduler, String loopName, Duration threshold) {
        this.scheduler = scheduler;
        this.loopName = loopName;
        this.thresholdNanos = threshold.toNanos();
    }

    // ---- the loop thread's side ----

    /** A batch of ticks starts on the current thread. Loop thread. */
    void batchStarted() {
        Thread t = Thread.currentThread();
        if (thread != t) {
            thread = t;
        }
        PROGRESS.setVolatile(this, (int) PROGRESS.getOpaque(this) + 1);
        LoopWatch.active();
    }

    /** A tick started or ended, at {@code tickDepth} ticks deep. Loop thread. */
    void progressed(int tickDepth) {
        PROGRESS.setOpaque(this, (int) PROGRESS.getOpaque(this) + 1);
        if (depth != tickDepth) {
            depth = tickDepth;
        }
    }

    /** In debug mode: the task about to run, or null after it. Loop thread. */
    void running(Task t) {
        current = t;
    }

    long stalls() {
        return stalls;
    }

    Duration longestStall() {
        return Duration.ofNanos(longestStallNanos);
    }

    long checkPeriodNanos() {
        return Math.max(LoopWatch.PERIOD_NANOS, thresholdNanos / 8);
    }

    // ---- the watch thread's side ----

    /** Looks at the loop at time {@code now}; returns whether it is busy (the watch must go on). */
    boolean check(long now) {
        int p = (int) PROGRESS.getOpaque(this);
        boolean inTick = depth > 0;
        boolean requested = scheduler.isToolkitDriven() && scheduler.tickRequested();
        if (requested && !wasRequested) {
            requestedSince = now;
        }
        wasRequested = requested;
        if (p != seenProgress) {
            seenProgress = p;
            since = now;
            probed = false;
            end(now);
            return true;
        }
        if (inTick) {
            long quiet = now - since;
            if (stall == null && scheduler.isToolkitDriven() && !probed && quiet >= thresholdNanos / 4) {
                probed = true; // a nested toolkit loop (a modal dialog) runs this tick, and moves on
                scheduler.requestTick();
            } else if (stall == null && quiet >= thresholdNanos && (probed || !scheduler.isToolkitDriven())) {
                begin(now, since, true);
            }
            return true;
        }
        if (requested) {
            long waited = now - Math.max(since, requestedSince);
            if (stall == null && waited >= thresholdNanos) {
                begin(now, Math.max(since, requestedSince), false);
            }
            return true;
        }
        end(now);
        return false;
    }

    private void begin(long now, long start, boolean inLoop) {
        Thread t = thread;
        StackTraceElement[] stack = t == null ? new StackTraceElement[0] : t.getStackTrace();
        stall = new Stall(start, inLoop, stack, t == null ? "?" : t.getName());
        stalls = stalls + 1;
        String place = place(stack);
        Long last = reportedAt.get(place);
        long stuck = TimeUnit.NANOSECONDS.toMillis(now - start);
        if (last != null && now - last < REPEAT_QUIET_NANOS) {
            LOG.warn("Loop '{}' stalled again at {}: thread \"{}\" stuck {} for {} ms so far (reported in full within"
                    + " the last minute)", loopName, place, stall.threadName, inLoop ? "in one callback" : "outside the loop",
                    stuck);
            return;
        }
        reportedAt.put(place, now);
        if (reportedAt.size() > 64) {
            reportedAt.remove(reportedAt.keySet().iterator().next());
        }
        Task task = current;
        String what = inLoop
                ? "in one callback" + (task == null ? "" : " (" + task.describe() + ErrorReporter.scheduledAt(task.origin()) + ")")
                : "outside the loop: its tick has waited while the thread runs other code (an event handler, layout,"
                        + " someone else's runLater)";
        LOG.warn("Loop '{}' stalled: thread \"{}\" has been stuck {} for {} ms (stall threshold {} ms); it is at:{}",
                loopName, stall.threadName, what, stuck, TimeUnit.NANOSECONDS.toMillis(thresholdNanos), format(stack));
    }

    private void end(long now) {
        Stall s = stall;
        if (s == null) {
            return;
        }
        stall = null;
        long nanos = now - s.start;
        if (nanos > longestStallNanos) {
            longestStallNanos = nanos;
        }
        if (JfrGate.started()) {
            LoopEvents.stall(loopName, s.threadName, s.inLoop, nanos, format(s.stack));
        }
        LOG.warn("Loop '{}' stall over: thread \"{}\" was stuck {} for about {} ms", loopName, s.threadName,
                s.inLoop ? "in one callback" : "outside the loop", TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    /** Where a stack is: its top frames, the key that repeated stalls are recognised by. */
    private static String place(StackTraceElement[] stack) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < Math.min(3, stack.length); i++) {
            key.append(i == 0 ? "" : " <- ").append(stack[i]);
        }
        return key.isEmpty() ? "an unknown place" : key.toString();
    }

    private static String format(StackTraceElement[] stack) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(STACK_FRAMES_SHOWN, stack.length); i++) {
            out.append(System.lineSeparator()).append("\tat ").append(stack[i]);
        }
        if (stack.length > STACK_FRAMES_SHOWN) {
            out.append(System.lineSeparator()).append("\t... ").append(stack.length - STACK_FRAMES_SHOWN).append(" more");
        }
        return out.toString();
    }

    /** A stall in progress: when it started (as far as the watch knows), where, which kind. */
    private record Stall(long start, boolean inLoop, StackTraceElement[] stack, String threadName) {
    }
}
