package dev.loopbridge.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Where one thread of a loop waits for timers, wake-ups and I/O readiness, and any thread wakes
 * it: the default loop's own thread, the test loop's driving thread, or the side thread of a
 * toolkit loop. Until a channel is registered it parks; from then on it waits in a
 * {@link Selector}.
 *
 * <p>The waiting thread calls {@link #prepare()}, then checks its conditions (a tick requested, a
 * timer due), then {@link #await} if there is nothing to do. A {@link #wake()} after
 * {@code prepare} makes that {@code await} return at once, so no wake-up is lost; repeated wakes
 * before the next {@code prepare} cost one atomic read each.
 *
 * <p>Readiness is handed to the loop thread through the ready queue: each selected key's
 * {@link IoRegistration} is queued once, however often it is selected before it runs. On a toolkit
 * loop ({@code oneShot}) the side thread also clears the key's interest as it hands it over, so a
 * readable socket never makes it spin; the loop thread re-arms the key after handling it, and
 * re-arms, registrations and cancellations made during a tick share one {@link Selector#wakeup()}
 * at its end — the handshake of Tornado's SelectorThread.
 */
public final class Poller {

    private static final VarHandle WOKEN;

    static {
        try {
            WOKEN = MethodHandles.lookup().findVarHandle(Poller.class, "woken", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Scheduler scheduler;
    private final boolean oneShot;
    private final Consumer<SelectionKey> onSelected = this::selected;

    /**
     * Set by {@link #wake()} (any thread), cleared by {@link #prepare()} (the waiting thread).
     * NOTE: prepare's clear is a volatile write that comes before the waiter reads its conditions;
     * a waker writes its condition before it sets this flag. Either the waiter sees the condition,
     * or the waker sees the cleared flag and unparks (and wakes the selector).
     */
    @SuppressWarnings("unused") // accessed through WOKEN
    private volatile boolean woken;

    /** The waiting thread; set once it first prepares. */
    private volatile Thread waiter;

    /** Opened on the loop thread by the first registration; closed with the loop. */
    private volatile Selector selector;

    /** A wake-up of the selector owed at the end of the current tick. Loop thread only. */
    private boolean wakeupOwed;

    Poller(Scheduler scheduler, boolean oneShot) {
        this.scheduler = scheduler;
        this.oneShot = oneShot;
    }

    /** Waiting thread: start a round of checking conditions. */
    void prepare() {
        if (waiter == null) {
            waiter = Thread.currentThread();
        }
        woken = false;
    }

    /**
     * Waiting thread: waits until woken, until I/O is ready, or for at most {@code timeoutNanos}
     * ({@code < 0}: no limit; 0: only polls). Ready registrations are queued on the loop. May
     * return early, for instance on an interrupt, which it leaves set.
     */
    void await(long timeoutNanos) {
        Selector s = selector;
        if (s == null) {
            if (!woken && timeoutNanos != 0) {
                if (timeoutNanos < 0) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, timeoutNanos);
                }
            }
            return;
        }
        try {
            if (woken || timeoutNanos == 0) {
                s.selectNow(onSelected);
            } else if (timeoutNanos < 0) {
                s.select(onSelected);
            } else {
                // Rounded up: a timer is never due before the select returns.
                s.select(onSelected, Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999)));
            }
        } catch (ClosedSelectorException closing) {
            // the loop is closing; the waiting thread sees that on its next round
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
    }

    /**
     * Waiting thread, while busy: takes the I/O readiness there is now, without waiting and
     * without touching the wake flag (wakes stay cheap while the thread is not waiting).
     */
    void pollNow() {
        Selector s = selector;
        if (s != null) {
            try {
                s.selectNow(onSelected);
            } catch (ClosedSelectorException closing) {
                // the loop is closing
            } catch (IOException e) {
                throw new UncheckedIOException("select failed", e);
            }
        }
    }

    /** Any thread: wakes the waiting thread, or makes its next {@code await} return at once. */
    void wake() {
        if (!(boolean) WOKEN.getAndSet(this, true)) {
            Thread t = waiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
            Selector s = selector;
            if (s != null) {
                s.wakeup();
            }
        }
    }

    /** Returns whether a channel was ever registered (the poller selects rather than parks). */
    boolean hasSelector() {
        return selector != null;
    }

    /** Returns whether channels are registered now. The selecting thread. */
    boolean hasChannels() {
        Selector s = selector;
        return s != null && s.isOpen() && !s.keys().isEmpty();
    }

    /** Loop thread: the selector, opened on first use. */
    Selector selector() throws IOException {
        Selector s = selector;
        if (s == null) {
            s = Selector.open();
            selector = s;
            wake(); // a waiter parked without a selector must start selecting
        }
        return s;
    }

    /**
     * Loop thread: a key's interest changed, a key was registered or cancelled. A toolkit loop's
     * side thread is blocked in select and must look again: at the end of the tick, or now when
     * this happens outside a tick (in a toolkit event handler).
     */
    void interestChanged() {
        if (!oneShot) {
            return; // the loop's own thread selects, and it is busy right now
        }
        if (scheduler.inTick()) {
            wakeupOwed = true;
        } else {
            wakeSelector();
        }
    }

    /** Loop thread, at the end of a tick: pays the wake-up owed, if any. */
    void tickEnded() {
        if (wakeupOwed) {
            wakeupOwed = false;
            wakeSelector();
        }
    }

    /** Whether the side thread clears a key's interest as it hands the key over. */
    boolean oneShot() {
        return oneShot;
    }

    private void wakeSelector() {
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    private void selected(SelectionKey key) {
        IoRegistration registration = (IoRegistration) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
            if (oneShot) {
                key.interestOps(0);
            }
        } catch (java.nio.channels.CancelledKeyException cancelled) {
            return;
        }
        registration.ready(ready);
    }

    /** Queues a registration that became ready. Any thread. */
    void handOver(IoRegistration registration) {
        scheduler.offerInternal(registration);
    }

    /** Closes the selector (cancelling every key). Loop thread, as the loop closes. */
    void close() {
        Selector s = selector;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more can be done with a selector that fails to close
            }
        }
    }
}
