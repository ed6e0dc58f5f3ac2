package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A node of the {@link ReadyQueue}: one piece of work for the loop thread. Created on any thread,
 * run on the loop thread.
 *
 * <p>The queue is intrusive: the node is the only allocation a callback costs. Subclasses say
 * what running means ({@link CallbackTask} runs a user callback, {@link TimerTask} enters the
 * timer heap, I/O registrations deliver readiness).
 */
abstract class Task {

    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Task.class, "next", Task.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The next node in the ready queue. Written by the producer that enqueued the node after this
     * one (release), read by the loop thread (acquire), nulled by the loop thread when the node
     * leaves the queue so that old nodes never keep young ones alive.
     */
    @SuppressWarnings("unused") // accessed through NEXT
    private volatile Task next;

    /**
     * When the node was enqueued ({@code System.nanoTime()}), if it was sampled for the lag
     * figures; written by the producer before the node is published, read by the loop thread.
     * Zero when not sampled, and for internal nodes.
     */
    long enqueuedAt;

    final Task nextAcquire() {
        return (Task) NEXT.getAcquire(this);
    }

    final void setNextRelease(Task node) {
        NEXT.setRelease(this, node);
    }

    final void clearNext() {
        NEXT.set(this, null);
    }

    /**
     * Runs this node on the loop thread. Exceptions thrown here are reported with
     * {@link #describe()} as the context.
     *
     * @return whether user code ran (false for a cancelled callback or an internal node)
     */
    abstract boolean run();

    /**
     * Returns whether this node carries a user callback, counted in the stats and the lag figures.
     */
    boolean isCallback() {
        return false;
    }

    /** Where the work was scheduled, captured in debug mode; {@code null} otherwise. */
    Throwable origin() {
        return null;
    }

    /** Says what this node is, for error reports. */
    String describe() {
        return getClass().getSimpleName();
    }
}
