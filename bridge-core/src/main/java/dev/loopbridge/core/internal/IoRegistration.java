package dev.loopbridge.core.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * A channel registered with a loop's {@link Poller}, and the queue node that delivers its
 * readiness to the loop thread. Created, changed and cancelled on the loop thread;
 * {@link #ready} is called by whichever thread selects.
 *
 * <p>Readiness is accumulated and the node queued at most once until it runs (see {@link #queued}).
 * On a toolkit loop the selecting side thread has cleared the key's interest when it hands the
 * node over; {@link #run} re-arms it after the handler ran, with the interest the handler left.
 */
public final class IoRegistration extends Task {

    private static final VarHandle READY;
    private static final VarHandle QUEUED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            READY = lookup.findVarHandle(IoRegistration.class, "readyOps", int.class);
            QUEUED = lookup.findVarHandle(IoRegistration.class, "queued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Poller poller;
    private final SelectionKey key;
    private IoHandler handler;

    /** Operations found ready and not yet handled; OR-ed in by the selecting thread. */
    @SuppressWarnings("unused") // accessed through READY
    private volatile int readyOps;

    /**
     * Whether the node is in the ready queue. false -> true: the selecting thread, which then
     * queues it (exactly one CAS wins); true -> false: the loop thread, as the node runs, before
     * it takes the ready operations — readiness that arrives after that queues the node again.
     */
    @SuppressWarnings("unused") // accessed through QUEUED
    private volatile boolean queued;

    // Loop thread only.
    private int interest;
    private boolean running;
    private boolean cancelled;
    private boolean released;

    private IoRegistration(Poller poller, SelectableChannel channel, int ops, IoHandler handler) throws IOException {
        this.poller = poller;
        this.handler = handler;
        this.interest = ops;
        channel.configureBlocking(false);
        this.key = channel.register(poller.selector(), ops, this);
        poller.interestChanged();
    }

    /**
     * Registers {@code channel} for {@code ops}. A channel released earlier (see {@link #release})
     * gets its registration back. Loop thread.
     */
    static IoRegistration register(Poller poller, SelectableChannel channel, int ops, IoHandler handler)
            throws IOException {
        SelectionKey existing = channel.keyFor(poller.selector());
        if (existing != null) {
            if (existing.isValid() && existing.attachment() instanceof IoRegistration r && r.released) {
                r.released = false;
                r.handler = handler;
                r.setInterest(ops);
                return r;
            }
            throw new IllegalStateException(channel + " is already registered with this loop"
                    + (existing.isValid() ? "" : " (its old registration is being removed: try in a later callback)"));
        }
        return new IoRegistration(poller, channel, ops, handler);
    }

    /**
     * Stops delivering readiness but keeps the channel registered, so that it can be registered
     * again at once (a cancelled key stays in the selector until its next select). For channels
     * the application owns and may watch again. Loop thread.
     */
    public void release() {
        setInterest(0);
        released = true;
    }

    /** Whether the registration was released or cancelled. Loop thread. */
    public boolean isReleased() {
        return released || cancelled;
    }

    /**
     * Hands the registration to another handler: a connected channel moves from its connector to
     * its transport without a new registration (a channel cannot register again while its cancelled
     * key is still in the selector). Loop thread.
     */
    public void setHandler(IoHandler h) {
        this.handler = h;
    }

    /** The operations watched. Loop thread. */
    public int interest() {
        return interest;
    }

    /** Watches {@code ops} from now on (0 pauses). Loop thread. */
    public void setInterest(int ops) {
        if (ops == interest || cancelled) {
            return;
        }
        interest = ops;
        // On a toolkit loop, while the node is handed over (queued or running) the key's interest
        // is the side thread's to clear and run()'s to restore; otherwise it applies now.
        if (!poller.oneShot() || (!running && !queued)) {
            applyInterest();
        }
    }

    /** Adds operations to the interest. Loop thread. */
    public void addInterest(int ops) {
        setInterest(interest | ops);
    }

    /** Removes operations from the interest. Loop thread. */
    public void removeInterest(int ops) {
        setInterest(interest & ~ops);
    }

    /** Stops watching; the channel is not closed. Loop thread; idempotent. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            key.cancel();
            poller.interestChanged();
        }
    }

    /** Whether {@link #cancel} was called. Loop thread. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * The selecting thread found the key ready for {@code ops}. Returns whether that thread must
     * now queue the node: true once until the node runs, however often it is found ready.
     */
    boolean ready(int ops) {
        READY.getAndBitwiseOr(this, ops);
        return QUEUED.compareAndSet(this, false, true);
    }

    @Override
    boolean run() {
        queued = false;
        int ready = (int) READY.getAndSet(this, 0);
        if (cancelled) {
            return false;
        }
        int relevant = released ? 0 : ready & interest;
        if (relevant != 0) {
            running = true;
            try {
                handler.onReady(relevant);
            } finally {
                running = false;
                if (poller.oneShot() && !cancelled) {
                    applyInterest();
                }
            }
        } else if (poller.oneShot()) {
            applyInterest();
        }
        return false;
    }

    private void applyInterest() {
        try {
            key.interestOps(interest);
        } catch (CancelledKeyException closed) {
            cancelled = true;
            return;
        }
        poller.interestChanged();
    }

    @Override
    String describe() {
        return "I/O handler " + handler + " of " + key.channel();
    }
}
