package dev.loopbridge.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock that a loop thread may read after every callback for the price of a memory load, so that
 * a tick notices its budget is spent within a period of this clock and one callback, whatever its
 * callbacks cost. {@link #now()}, {@link #arm()} and {@link #disarm()} may be called from any
 * thread; the clock's own thread, {@value #THREAD_NAME}, only publishes the time.
 *
 * <p>Why it exists: {@link System#nanoTime()} costs about 25 ns here, four times a no-op callback's
 * whole trip through the ready queue, so a tick reads it only every few callbacks while they are
 * cheap (see {@code Scheduler.runQueued}). A callback that turns out to be expensive between two
 * such reads would then run unchecked, and the callbacks after it too. This clock closes that gap:
 * one daemon thread, shared by every loop, publishes {@code System.nanoTime()} every
 * {@value #PERIOD_NANOS} ns while some batch of ticks is running, and the tick compares it with its
 * deadline after every callback.
 *
 * <p>The thread runs only while it is needed. A batch {@linkplain #arm() arms} the clock once it has
 * run more than one callback (a lone callback never pays for it) and {@linkplain #disarm() disarms}
 * it as it ends; the thread goes on for {@value #LINGER_PERIODS} periods after the last batch ended,
 * so that a stream of short batches does not wake it each time, and then parks until the next arm.
 * An idle application has this thread parked, and no timer of it anywhere.
 *
 * <p>The published time lags the real one by up to a period (more while this thread waits for a
 * core), and never leads it: a stale value only makes a tick notice its deadline later, never end
 * early.
 */
final class BudgetClock {

    static final String THREAD_NAME = "loopbridge-budget-clock";

    /** How often the time is published while a batch runs. */
    static final long PERIOD_NANOS = 1_000_000;

    /** How many periods the thread goes on after the last batch ended before it parks. */
    static final int LINGER_PERIODS = 50;

    private BudgetClock() {
    }

    /**
     * The time last published. NOTE: written only by the clock's thread, read by loop threads
     * after each callback; a plain volatile load on x86, and the line changes once a period.
     */
    private static volatile long now = System.nanoTime();

    /** Batches running now, on every loop. NOTE: the Dekker pair with {@link #parked}, see arm. */
    private static final AtomicInteger ARMED = new AtomicInteger();

    /** Whether the clock's thread is parked, or about to be, until the next arm. */
    private static volatile boolean parked = true;

    /** The clock's thread, started by the first arm; lives as long as the JVM, parked when idle. */
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
     * and unparks it, or the thread sees the count and does not park.
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

    private static synchronized void wake() {
        if (thread == null) {
            now = System.nanoTime();
            thread = Thread.ofPlatform().daemon().name(THREAD_NAME).unstarted(BudgetClock::run);
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
        int idlePeriods = 0;
        for (;;) {
            now = System.nanoTime();
            if (ARMED.get() > 0) {
                idlePeriods = 0;
            } else if (++idlePeriods >= LINGER_PERIODS) {
                parked = true;
                if (ARMED.get() == 0) {
                    while (parked) {
                        LockSupport.park(BudgetClock.class); // an arm clears parked, then unparks
                    }
                    now = System.nanoTime();
                } else {
                    parked = false;
                }
                idlePeriods = 0;
            }
            LockSupport.parkNanos(BudgetClock.class, PERIOD_NANOS);
        }
    }

    /** For tests: whether the clock's thread is parked until the next arm. */
    static boolean isParked() {
        return parked;
    }

    /** For tests: the number of batches that armed the clock and have not disarmed it. */
    static int armedBatches() {
        return ARMED.get();
    }

    /** For tests: waits up to {@code timeout} for the clock's thread to park. */
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
