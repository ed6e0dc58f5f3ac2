package dev.loopbridge.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
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
 *
 * <p>On a toolkit loop the selector also changes hands while I/O is busy. When the side thread
 * hands readiness over, it gives the selector to the loop thread with it ({@link #loopSelects})
 * and stops selecting. The loop thread then takes readiness itself, without waiting, at the end of
 * each tick, so that a reply to what the tick wrote (a peer on the same loop, a fast peer) is
 * handled in the same batch of ticks instead of crossing threads twice; at the end of the batch
 * it gives the selector back. Only the holder selects, so the two never wait for each other's
 * select.
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

    /**
     * Toolkit loops: whether the loop thread holds the selector (see the class comment). false ->
     * true: the side thread, after a select that found readiness and before it hands that over;
     * true -> false: the loop thread, at the end of a batch of ticks, which then unparks the side
     * thread. NOTE: each thread selects only while the flag says the selector is its own, and
     * gives it away only after its select has returned; so the two never select at once, and the
     * handed-over work makes the loop thread run a batch, whose end gives the selector back.
     */
    private volatile boolean loopSelects;

    /**
     * Whether a select of the loop thread's own found readiness since {@link #takeIoFound()}
     * last asked (the default loop's I/O poll, see ThreadDriver). Loop thread only.
     */
    private boolean ioFound;

    /** Whether the loop thread's selects found readiness since {@link #takeIoFound()} last asked. Loop thread. */
    boolean ioFound() {
        return ioFound;
    }

    /** Whether the loop thread's selects found readiness since the last call; clears it. Loop thread. */
    boolean takeIoFound() {
        boolean found = ioFound;
        ioFound = false;
        return found;
    }

    /** Registrations the side thread found ready in its current select. Side thread only. */
    private final ArrayList<IoRegistration> found = new ArrayList<>();

    private final Consumer<SelectionKey> onSelectedAside = this::selectedAside;

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
    private static final long MILLI = 1_000_000;

    void await(long timeoutNanos) {
        Selector s = selector;
        if (s == null || loopSelects) {
            // Without a selector, or while the loop thread holds it: a timer or a wake-up ends the wait.
            if (!woken && timeoutNanos != 0) {
                if (timeoutNanos < 0) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, timeoutNanos);
                }
            }
            return;
        }
        Consumer<SelectionKey> action = oneShot ? onSelectedAside : onSelected;
        try {
            if (woken || timeoutNanos == 0) {
                s.selectNow(action);
            } else if (timeoutNanos < 0) {
                s.select(action);
            } else if (timeoutNanos >= MILLI) {
                // Rounded down, and the caller waits again for what is left: select counts whole
                // milliseconds, and rounding up made a timer fire up to one late.
                s.select(action, timeoutNanos / MILLI);
            } else if (s.selectNow(action) == 0 && !woken) {
                // Under a millisecond to the next timer: a park is exact to some tens of
                // microseconds, and wake() ends it too. I/O that becomes ready meanwhile waits
                // for the timer, less than a millisecond.
                LockSupport.parkNanos(this, timeoutNanos);
            }
        } catch (ClosedSelectorException closing) {
            // the loop is closing; the waiting thread sees that on its next round
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        } finally {
            if (!found.isEmpty()) {
                handFoundOver(); // even after a failed select: what it found is marked queued
            }
        }
    }

    /** Side thread, after its select: gives the selector to the loop thread, then the readiness. */
    private void handFoundOver() {
        loopSelects = true;
        for (int i = 0, n = found.size(); i < n; i++) {
            scheduler.offerInternal(found.get(i));
        }
        found.clear();
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
        if (!oneShot || loopSelects) {
            return; // the loop thread selects (its next select applies the change), and it is busy now
        }
        if (scheduler.inTick()) {
            wakeupOwed = true;
        } else {
            wakeSelector();
        }
    }

    /**
     * Loop thread, at the end of a tick: takes the readiness there is now if it holds the selector,
     * else pays the wake-up owed, if any.
     */
    void tickEnded() {
        if (loopSelects) {
            wakeupOwed = false; // no one waits in select: the next select applies the changes
            pollNow();
        } else if (wakeupOwed) {
            wakeupOwed = false;
            wakeSelector();
        }
    }

    /** Loop thread, at the end of a batch of ticks: gives the selector back to the side thread. */
    void batchEnded() {
        if (loopSelects) {
            loopSelects = false;
            wakeupOwed = false;
            Thread t = waiter;
            if (t != null) {
                LockSupport.unpark(t); // it parks while the loop thread holds the selector
            }
        }
    }

    /** Whether the loop thread holds the selector now (a toolkit loop in a batch that began with I/O). Loop thread. */
    boolean holdsSelector() {
        return loopSelects;
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

    /**
     * A key was selected by the loop thread: queues it. A toolkit loop's thread selects only at the
     * end of a tick, in a batch that looks at the queue again, so it requests no tick.
     */
    private void selected(SelectionKey key) {
        ioFound = true;
        IoRegistration registration = readyRegistration(key);
        if (registration == null) {
            return;
        }
        if (oneShot) {
            scheduler.offerOwn(registration);
        } else {
            scheduler.offerInternal(registration);
        }
    }

    /** A key was selected by the side thread: handed over after the select (see handFoundOver). */
    private void selectedAside(SelectionKey key) {
        IoRegistration registration = readyRegistration(key);
        if (registration != null) {
            found.add(registration);
        }
    }

    /**
     * Notes a selected key's readiness in its registration, clearing a toolkit loop's interest;
     * returns the registration if it must be queued now, else null (it is queued already, or the
     * key was cancelled).
     */
    private IoRegistration readyRegistration(SelectionKey key) {
        IoRegistration registration = (IoRegistration) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
            if (oneShot) {
                key.interestOps(0);
            }
        } catch (java.nio.channels.CancelledKeyException cancelled) {
            return null;
        }
        return registration.ready(ready) ? registration : null;
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
