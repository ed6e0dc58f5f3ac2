package dev.loopbridge.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

/**
 * Counts the work a network benchmark's client has done (bytes echoed back, round trips) and lets
 * the JMH benchmark thread wait for the next {@code n} units of it. {@link #add}, {@link #fail} and
 * what {@link #awaitNext} hands over run on the event-loop thread that drives the client
 * (LoopBridge's loop thread or Netty's event-loop thread); {@link #awaitNext} itself runs on the
 * benchmark thread.
 *
 * <p>The client runs freely, its pipe always full: a measurement does not start or stop it, it only
 * counts. {@link #awaitNext} reads the count, asks the loop thread to release it once the count has
 * grown by {@code n}, and waits; the time measured is the time that {@code n} units took, one hop to
 * the loop thread and one wake-up of the benchmark thread included, the same for both contenders.
 */
final class Meter {

    /** Units done so far. Written by the loop thread only; read by the benchmark thread. */
    private volatile long done;

    /** Why the client's connection ended before it was closed, or null. Written by the loop thread. */
    private volatile Throwable failure;

    // Loop thread only: the count at which to release the waiting benchmark thread.
    private long target = Long.MAX_VALUE;
    private CountDownLatch waiter;

    /** Counts {@code n} more units and releases the waiting benchmark thread at its target. Loop thread. */
    void add(long n) {
        long d = done + n;
        done = d;
        if (d >= target) {
            release();
        }
    }

    /** The client's connection ended: releases the waiter, whose benchmark then fails. Loop thread. */
    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause != null ? cause : new IllegalStateException("the connection was closed");
        }
        release();
    }

    /**
     * Waits until the client has done {@code n} more units than it had when this was called; fails
     * if its connection ended. Counts a stall in {@code stalls} as {@link Fixtures#await} does.
     * Benchmark thread.
     *
     * @param loop the thread that drives the client, where the wait is registered
     */
    void awaitNext(long n, Executor loop, StallCounter stalls) {
        long at = done + n;
        CountDownLatch latch = new CountDownLatch(1);
        loop.execute(() -> releaseAt(at, latch));
        Fixtures.await(latch, loop, stalls);
        checkAlive();
    }

    /** Units done so far. Any thread. */
    long done() {
        return done;
    }

    /** Fails if the client's connection ended. Any thread. */
    void checkAlive() {
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("the benchmark's connection ended: " + f, f);
        }
    }

    private void releaseAt(long at, CountDownLatch latch) {
        if (failure != null || done >= at) {
            latch.countDown();
            return;
        }
        target = at;
        waiter = latch;
    }

    private void release() {
        CountDownLatch w = waiter;
        if (w != null) {
            waiter = null;
            target = Long.MAX_VALUE;
            w.countDown();
        }
    }
}
