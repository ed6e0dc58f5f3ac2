package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Where one thread waits for work and any thread wakes it: the default loop's own thread, the
 * test loop's driving thread, or the side thread of a toolkit loop.
 *
 * <p>The waiting thread calls {@link #prepare()}, then checks its conditions (a tick requested, a
 * timer due), then calls {@link #await} if there is nothing to do. A {@link #wake()} after
 * {@code prepare} makes that {@code await} return at once, so no wake-up is ever lost; repeated
 * wakes before the next {@code prepare} cost one atomic read each.
 */
final class Poller {

    private static final VarHandle WOKEN;

    static {
        try {
            WOKEN = MethodHandles.lookup().findVarHandle(Poller.class, "woken", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Set by {@link #wake()} (any thread), cleared by {@link #prepare()} (the waiting thread).
     * NOTE: prepare's clear is a volatile write that comes before the waiter reads its conditions;
     * a waker writes its condition before it sets this flag. Either the waiter sees the condition,
     * or the waker sees the cleared flag and unparks.
     */
    @SuppressWarnings("unused") // accessed through WOKEN
    private volatile boolean woken;

    /** The waiting thread; set once it first prepares. */
    private volatile Thread waiter;

    /** Waiting thread: start a round of checking conditions. */
    void prepare() {
        if (waiter == null) {
            waiter = Thread.currentThread();
        }
        woken = false;
    }

    /**
     * Waiting thread: parks until woken, or for at most {@code timeoutNanos} ({@code < 0}: no
     * limit). May return early, for instance on an interrupt, which it leaves set: the caller
     * checks its conditions, and the interrupt status, again.
     */
    void await(long timeoutNanos) {
        if (woken) {
            return;
        }
        if (timeoutNanos < 0) {
            LockSupport.park(this);
        } else if (timeoutNanos > 0) {
            LockSupport.parkNanos(this, timeoutNanos);
        }
    }

    /** Any thread: wakes the waiting thread, or makes its next {@code await} return at once. */
    void wake() {
        if (!(boolean) WOKEN.getAndSet(this, true)) {
            Thread t = waiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
