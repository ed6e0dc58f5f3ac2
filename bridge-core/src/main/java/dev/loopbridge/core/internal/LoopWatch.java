package dev.loopbridge.core.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread, {@value #THREAD_NAME}, shared by every loop: it publishes a clock that loop
 * threads read for the price of a memory load (the tick budget), and it watches the loop threads
 * for stalls ({@link StallWatch}). {@link #now()}, {@link #arm()}, {@link #disarm()},
 * {@link #active()}, {@link #register} and {@link #unregister} may be called from any thread.
 *
 * <p><b>The budget clock.</b> {@link System#nanoTime()} costs about 25 ns here, four times a no-op
 * callback's whole trip through the ready queue, so a tick reads it only every few callbacks while
 * they are cheap (see {@code Scheduler.runQueued}). A callback that turns out expensive between two
 * such reads would then run unchecked, and the callbacks after it too. This clock closes that gap:
 * while some batch of ticks is {@linkplain #arm() armed} the thread publishes
 * {@code System.nanoTime()} every {@value #PERIOD_NANOS} ns, and the tick compares it with its
 * deadline after every callback. The published time lags the real one by up to a period (more while
 * this thread waits for a core) and never leads it: a stale value only makes a tick notice its
 * deadline later, never end early. A batch arms the clock once it has run more than one callback
 * (a lone callback never pays for it) and disarms it as it ends.
 *
 * <p><b>The stall watch.</b> Every {@value #CHECK_NANOS} ns (or a loop's threshold over eight, if
 * that is shorter) the thread looks at each registered loop's progress; see {@link StallWatch}.
 *
 * <p><b>When it runs.</b> Only while needed: after a loop {@linkplain #active() becomes active} or
 * a batch arms the clock, the thread goes on until every loop has been quiet (no tick running or
 * waiting, no progress) and nothing armed for {@value #LINGER_NANOS} ns, and then parks until the
 * next one. An idle application has this thread parked, and no timer of it anywhere.
 */
final class LoopWatch {

    static final String THREAD_NAME = "loopbridge-watch";

    /** How often the time is published while a batch is armed. */
    static final long PERIOD_NANOS = 1_000_000;

    /** How often loops are looked at for stalls, at the most. */
    static final long CHECK_NANOS = 25_000_000;

    /** How long the thread goes on with every loop quiet before it parks. */
    static final long LINGER_NANOS = 1_000_000_000;

    private LoopWatch() {
    }

    /**
     * The time last published. NOTE: written only by the watch thread, read by loop threads after
     * each callback; a plain volatile load on x86, and the line changes once a period.
     */
    private static volatile long now = System.nanoTime();

    /** Batches armed now, on every loop. NOTE: the Dekker pair with {@link #parked}, see arm. */
    private static final AtomicInteger ARMED = new AtomicInteger();

    /** Whether the watch thread is parked, or about to be, until the next arm or activity. */
    private static volatile boolean parked = true;

    /** The loops watched for stalls. */
    private static final CopyOnWriteArrayList<StallWatch> WATCHES = new CopyOnWriteArrayList<>();

    /** The watch thread, started at the first need; lives as long as the JVM, parked when idle. */
    private static Thread thread;

    /** The time last published: at most a period (and a wait for a core) behind System.nanoTime(). */
    static long now() {
        return now;
    }

    /**
     * A batch started running callbacks that may outlast its budget: the clock must tick until the
     * matching {@link #disarm()}. Any thread.
     *
     * <p>NOTE: the increment is a volatile write made before reading {@link #parked}; the thread
     * writes {@code parked} before it reads the count. So either this arm sees the thread parked
     * and wakes it, or the thread sees the count and does not park.
     */
    static void arm() {
        ARMED.getAndIncrement();
        if (parked) {
            wake();
        }
    }

    /** The batch that armed the clock ended. Any thread. */
    static void disarm() {
        ARMED.getAndDecrement();
    }

    /**
     * A loop has work (a tick posted or starting): the stall watch must look at it. A volatile read
     * when the thread is awake. Any thread.
     *
     * <p>NOTE: the caller made its progress visible (a volatile write) before this read; the thread
     * writes {@code parked} before it looks at the loops a last time. Either this call wakes it, or
     * it sees the loop active and does not park.
     */
    static void active() {
        if (parked) {
            wake();
        }
    }

    static void register(StallWatch w) {
        WATCHES.add(w);
    }

    static void unregister(StallWatch w) {
        WATCHES.remove(w);
    }

    private static synchronized void wake() {
        if (thread == null) {
            now = System.nanoTime();
            thread = Thread.ofPlatform().daemon().name(THREAD_NAME).unstarted(LoopWatch::run);
            parked = false;
            thread.start();
            return;
        }
        if (parked) {
            parked = false;
            LockSupport.unpark(thread);
        }
    }

    private static void run() {
        long quietSince = System.nanoTime();
        long nextCheck = quietSince;
        for (;;) {
            long t = System.nanoTime();
            now = t;
            boolean busy = ARMED.get() > 0;
            if (t - nextCheck >= 0) {
                long period = CHECK_NANOS;
                for (StallWatch w : WATCHES) {
                    busy |= w.check(t);
                    period = Math.min(period, w.checkPeriodNanos());
                }
                nextCheck = t + period;
            } else {
                busy = true; // between checks: nothing is known to be quiet yet
            }
            if (busy) {
                quietSince = t;
            } else if (t - quietSince >= LINGER_NANOS && parkIfStillQuiet()) {
                quietSince = System.nanoTime();
                nextCheck = quietSince;
                continue;
            }
            LockSupport.parkNanos(LoopWatch.class, ARMED.get() > 0 ? PERIOD_NANOS : Math.max(PERIOD_NANOS, nextCheck - t));
        }
    }

    /** Parks until an arm or an active loop wakes the thread, unless one came meanwhile. */
    private static boolean parkIfStillQuiet() {
        parked = true;
        long t = System.nanoTime();
        boolean busy = ARMED.get() > 0;
        for (StallWatch w : WATCHES) {
            busy |= w.check(t);
        }
        if (busy) {
            parked = false;
            return false;
        }
        while (parked) {
            LockSupport.park(LoopWatch.class); // wake() clears parked, then unparks
        }
        now = System.nanoTime();
        return true;
    }

    /** For tests: whether {@code w}'s loop is watched for stalls. */
    static boolean watches(StallWatch w) {
        return WATCHES.contains(w);
    }

    /** For tests: whether the watch thread is parked until the next arm or activity. */
    static boolean isParked() {
        return parked;
    }

    /** For tests: the number of batches that armed the clock and have not disarmed it. */
    static int armedBatches() {
        return ARMED.get();
    }

    /** For tests: waits up to {@code timeout} for the watch thread to park. */
    static boolean awaitParked(long timeout, TimeUnit unit) {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (!parked) {
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            LockSupport.parkNanos(PERIOD_NANOS);
        }
        return true;
    }
}
