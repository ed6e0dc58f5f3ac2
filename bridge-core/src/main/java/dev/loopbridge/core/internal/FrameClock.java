package dev.loopbridge.core.internal;

import java.util.Arrays;
import java.util.function.LongConsumer;

import dev.loopbridge.core.spi.LoopDriver;

/**
 * When the loop hands its thread to the toolkit's next frame, learnt from the frames the driver
 * reports (see {@link LoopDriver#watchFrames}), so that a backlog's batches end in step with the
 * frames rather than at the tick budget alone. Loop thread only.
 *
 * <p><b>Why.</b> A toolkit's timer queues each frame on its thread, and the frame runs when the
 * batch running then ends. With batches that end at the budget alone, how long a frame waits
 * depends on where in a batch its timer fired: one frame runs at once, the next waits a whole
 * budget, and the two are a period plus a budget apart (16 + 8 ms on JavaFX), a stutter the user
 * sees. What the eye judges is the spacing of frames.
 *
 * <p><b>How.</b> While a backlog holds the thread, a batch ends at the earlier of its budget's end
 * and the next frame's <i>release time</i> (about a period after the last frame began). The period is the
 * median of the last {@value #INTERVALS} intervals between frames (once there are
 * {@value #MIN_INTERVALS}), which a frame held up, or skipped, does not move. Past the release
 * time with the frame not begun, batches run slices of {@value #SLICE_NANOS} ns, each followed by a
 * post, which queues behind the frame as soon as the toolkit has queued it. The release times
 * follow the frames:
 * <ul>
 * <li>a frame that began within {@value #SLACK_NANOS} ns after its release time (its timer fired
 *     a little late, or it waited for the callback running then) keeps the grid: the next release
 *     time is a period after this one, less {@value #DRIFT_NANOS} ns, so that the grid creeps
 *     towards the timer rather than away from it and never holds frames back for long;
 * <li>any other frame sets the next release time to its own start plus a period.
 * </ul>
 * A frame that has not begun half a period after its release time is not coming (the toolkit
 * stopped drawing): the budget alone rules until the next frame is reported.
 *
 * <p><b>Before the next frame's time is known.</b> On a toolkit that draws frames (the driver
 * says so, see {@link LoopDriver#reportsFrames}, or it reported some), a frame may be due at any
 * moment while the clock does not know when: before the first backlog, after the watch stopped
 * (the period is kept, but not where the frames fall), and from the watch's start until the grid
 * is set. A batch then runs a slice of {@value #UNTIMED_SLICE_NANOS} ns, so that a frame whose
 * timer fires meanwhile waits that long and not a whole budget (a stutter of a period plus a
 * budget, seen as a backlog began a second after the last one). The slices end when a frame is
 * reported, or when no frame came for two periods of the watch (or {@value #MAX_PERIOD_NANOS} ns
 * while the period is being learnt): the toolkit is not drawing. A driver that neither says it
 * reports frames nor reported one leaves every batch to its budget.
 *
 * <p><b>When.</b> Frames are watched from the first batch that ran at least
 * {@value #BACKLOG_NANOS} ns (or its whole budget, if shorter) and ended with work left, until a
 * frame reported {@value #LINGER_NANOS} ns after the last such batch. The same length starts the
 * watch and keeps it going: a stream of batches cut at release times holds the thread as surely
 * as one of whole budgets, and a watch it let lapse would start again at its next slice, each time
 * behind a period of slices. A driver that reports no frames leaves every batch to its budget.
 */
final class FrameClock {

    /** How long a batch runs while its frame's release time has passed and the frame not begun. */
    static final long SLICE_NANOS = 50_000;

    /**
     * How long a batch runs while a frame may be due and the clock does not know when: the most a
     * frame waits then, with the callback running as the slice ends.
     */
    static final long UNTIMED_SLICE_NANOS = 500_000;

    /**
     * How long a batch that ends with work left must have run (or its whole budget, if shorter) to
     * count as a backlog: as long as an untimed slice, and ten times as long as a slice run while a
     * frame is overdue, which does not count.
     */
    static final long BACKLOG_NANOS = UNTIMED_SLICE_NANOS;

    /** How late after its release time a frame may begin and keep the grid. */
    static final long SLACK_NANOS = 750_000;

    /** How much less than a period each release time follows the last by, while frames keep the grid. */
    static final long DRIFT_NANOS = 100_000;

    /** How long after the last backlog frames are still watched. */
    static final long LINGER_NANOS = 500_000_000;

    /**
     * The shortest and longest frame periods believed: a report less than half the shortest after
     * the last is the same frame again, and an interval longer than the longest is not learnt.
     */
    static final long MIN_PERIOD_NANOS = 4_000_000;
    static final long MAX_PERIOD_NANOS = 50_000_000;

    /** How many intervals between frames the period is the median of, at most and at least. */
    static final int INTERVALS = 8;
    static final int MIN_INTERVALS = 3;

    private final LoopDriver driver;
    private final LongConsumer sink = this::frameStarted;

    /** The driver says that it reports frames (see LoopDriver#reportsFrames). */
    private final boolean reportsFrames;

    private boolean watching;

    /** The loop is closing: no more watching (see close). */
    private boolean closed;

    /** The start of the last frame reported, and whether there was one since watching began. */
    private long lastFrame;
    private boolean framed;

    /** The last intervals between frames, and how many there were since watching began. */
    private final long[] intervals = new long[INTERVALS];
    private final long[] sortedIntervals = new long[INTERVALS];
    private int intervalCount;
    private int nextInterval;

    /**
     * The frame period learnt, or 0 until {@value #MIN_INTERVALS} intervals have been. It is kept
     * when the watch stops: the next backlog runs slices until its first frame, and times its
     * batches from that frame on.
     */
    private long period;

    /** When the next frame gets the thread (nanoTime), and whether that is known. */
    private long release;
    private boolean timed;

    /** When the last batch that counted as a backlog (see {@link #backlog}) ended. */
    private long lastBacklog;

    /** Whether the last batch was to end for a frame (see forFrame). */
    private boolean forFrame;

    /** When the watch last started. */
    private long watchedSince;

    FrameClock(LoopDriver driver) {
        this.driver = driver;
        this.reportsFrames = driver.reportsFrames();
    }

    /**
     * When a batch that starts at {@code now} ends, given the end of its budget: the budget's end,
     * or the next frame's release time if that is earlier.
     */
    long batchEnd(long now, long budgetEnd) {
        long end = frameEnd(now, budgetEnd);
        forFrame = end != budgetEnd;
        return end;
    }

    private long frameEnd(long now, long budgetEnd) {
        if (closed) {
            return budgetEnd;
        }
        if (!timed) {
            long end = now + UNTIMED_SLICE_NANOS;
            return frameMayBeDue(now) && end - budgetEnd < 0 ? end : budgetEnd;
        }
        long end = release;
        long overdue = now - end;
        if (overdue >= 0) {
            if (overdue > period >> 1) {
                return budgetEnd; // the frame is not coming: the toolkit stopped drawing
            }
            end = now + SLICE_NANOS; // the frame's time has come, and it has not begun
        }
        return end - budgetEnd < 0 ? end : budgetEnd;
    }

    /**
     * Whether the last batch was to end for a frame (at a release time, or after a slice), not at
     * its budget: as it ends, a frame may be due, and the toolkit's timer thread about to queue it.
     */
    boolean forFrame() {
        return forFrame;
    }

    /**
     * A batch that began at {@code start} ended at {@code now} with work left, at its end: if it
     * ran for {@value #BACKLOG_NANOS} ns (or its whole budget, if that is shorter), a backlog holds
     * the thread and frames matter, whether the batch ended at its budget, at a release time or
     * after an untimed slice. A slice run because a frame is overdue is shorter: a light stream of
     * callbacks, which leaves work queued at each of those, must not keep the frames watched for
     * good.
     */
    void backlog(long start, long now, long budgetNanos) {
        if (closed || now - start < Math.min(budgetNanos, BACKLOG_NANOS)) {
            return;
        }
        lastBacklog = now;
        if (!watching) {
            watching = true;
            watchedSince = now;
            driver.watchFrames(sink);
        }
    }

    /**
     * Whether, with the next frame's time unknown, a frame may be due at {@code now}: the driver
     * reports frames (it says so, it reported some since the watch began, or the period was learnt
     * before) and they have not stopped coming (see the class comment).
     */
    private boolean frameMayBeDue(long now) {
        if (framed) {
            return now - lastFrame <= MAX_PERIOD_NANOS; // the period is being learnt
        }
        if (period == 0 && !reportsFrames) {
            return false; // nothing says that this toolkit draws frames
        }
        return !watching || now - watchedSince <= (period != 0 ? period << 1 : MAX_PERIOD_NANOS);
    }

    /** The driver reports a frame that began at {@code at} (nanoTime). */
    void frameStarted(long at) {
        if (!watching) {
            return; // a report that was under way as the watch stopped
        }
        if (framed) {
            long interval = at - lastFrame;
            if (interval < MIN_PERIOD_NANOS >> 1) {
                return; // the same frame again
            }
            if (interval <= MAX_PERIOD_NANOS) {
                learn(interval);
            }
        }
        if (period != 0) {
            long late = at - release;
            release = timed && late >= 0 && late <= SLACK_NANOS ? release + period - DRIFT_NANOS : at + period;
            timed = true;
        }
        lastFrame = at;
        framed = true;
        if (at - lastBacklog > LINGER_NANOS) {
            stop();
        }
    }

    /**
     * Learns the period from one more interval between frames: the median of the last
     * {@value #INTERVALS} intervals, once there are {@value #MIN_INTERVALS}. A frame held up makes
     * one interval longer and the next shorter, and a frame the toolkit skipped makes one twice as
     * long; the median is none of those while most frames come on time.
     */
    private void learn(long interval) {
        intervals[nextInterval] = interval;
        nextInterval = (nextInterval + 1) % INTERVALS;
        if (intervalCount < INTERVALS) {
            intervalCount++;
        }
        if (intervalCount >= MIN_INTERVALS) {
            long[] sorted = sortedIntervals;
            System.arraycopy(intervals, 0, sorted, 0, INTERVALS);
            Arrays.sort(sorted, 0, intervalCount); // the first intervalCount slots are filled first
            period = Math.max(sorted[intervalCount / 2], MIN_PERIOD_NANOS);
        }
    }

    /** Stops watching frames: the loop closes, or no backlog for a while. */
    void stop() {
        if (watching) {
            watching = false;
            framed = false;
            timed = false;
            driver.watchFrames(null);
        }
    }

    /** The loop closes: the watch stops, and batches end at their budget alone from now on. */
    void close() {
        closed = true;
        stop();
    }

    boolean watching() {
        return watching;
    }
}
