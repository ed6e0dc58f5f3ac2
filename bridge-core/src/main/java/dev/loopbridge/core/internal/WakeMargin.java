package dev.loopbridge.core.internal;

/**
 * How long before a timer's deadline the side thread of a toolkit loop stops waiting, to spin the
 * rest and post the tick at the deadline itself. A park or a select ends some tens to hundreds of
 * microseconds after the time asked (the OS wakes the thread at its next chance, later still while
 * the cores are busy), and that was most of a timer's lateness: on the benchmark machine the side
 * thread woke 140-170 us late at the median, and the timer fired 0.22 ms late, behind a
 * {@code ScheduledThreadPoolExecutor} handing its task to the toolkit. Side thread only.
 *
 * <p>The margin is learned: the running mean of how late the side thread's waits ended, each clipped
 * to {@value #MAX_NANOS} ns so that one wait the OS held up for milliseconds does not make every
 * later timer spin, plus {@value #SLACK_NANOS} ns; at most {@value #MAX_NANOS} ns in all. A wait that
 * ended early (a wake-up, a select that counts whole milliseconds) says nothing about lateness and
 * is not counted. So the spin costs the side thread about the slack per timer on a machine that
 * wakes threads on time, and a little more where it does not.
 */
final class WakeMargin {

    /** The most a wait's lateness counts for, and the largest margin. */
    static final long MAX_NANOS = 250_000;

    /** Added to the mean lateness: the waits that end later than the mean are still covered a little. */
    static final long SLACK_NANOS = 20_000;

    /** The running mean of how late waits ended, in ns (a weight of 1/8 for the newest). */
    private long meanLate;

    /** How long before a deadline the side thread stops waiting. */
    long nanos() {
        return Math.min(MAX_NANOS, meanLate + SLACK_NANOS);
    }

    /** A wait that was asked to end at {@code end} returned at {@code now}. */
    void waited(long end, long now) {
        long late = now - end;
        if (late < 0) {
            return;
        }
        meanLate += (Math.min(late, MAX_NANOS) - meanLate) / 8;
    }
}
