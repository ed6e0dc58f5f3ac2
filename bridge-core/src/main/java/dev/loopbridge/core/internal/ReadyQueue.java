package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The loop's ready queue: an intrusive multi-producer, single-consumer linked queue (Dmitry
 * Vyukov's algorithm). {@link #offer} from any thread; everything else on the loop thread.
 *
 * <p>An offer is one atomic exchange on the tail plus a release store, with no allocation beyond
 * the node itself: no locks, no array to grow, nothing that a million queued callbacks can make
 * the garbage collector scan twice, since a consumed node is unlinked at once.
 *
 * <p>Per-producer FIFO: the exchange orders all offers; nodes from one thread leave the queue in
 * the order that thread offered them.
 */
final class ReadyQueue {

    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(ReadyQueue.class, "tail", Task.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A placeholder that lets the consumer take the last real node without racing producers. */
    private final Task stub = new Task() {
        @Override
        boolean run() {
            throw new AssertionError("the stub node never runs");
        }
    };

    /** The most recently offered node. Exchanged by producers; read by the loop thread. */
    @SuppressWarnings({"unused", "FieldMayBeFinal"}) // accessed through TAIL
    private volatile Task tail = stub;

    /** The oldest node not yet taken. Loop thread only. */
    private Task head = stub;

    /**
     * Appends a node. Any thread.
     *
     * <p>NOTE: between the exchange and the link the node is in the queue but unreachable from
     * the head; the consumer sees that as "not yet" ({@link #poll} returns null while
     * {@link #isEmpty} is false) and comes back in the next tick.
     */
    void offer(Task node) {
        Task previous = (Task) TAIL.getAndSet(this, node);
        previous.setNextRelease(node);
    }

    /**
     * Returns the node most recently offered, or {@code null} if the queue is empty. Loop thread.
     * A tick runs nodes up to and including this one, so that what is offered during the tick
     * waits for the next.
     */
    Task snapshot() {
        Task t = tail;
        return t == stub ? null : t;
    }

    /**
     * Removes and returns the oldest node, or {@code null} if there is none or the oldest is still
     * being linked by its producer. Loop thread.
     */
    Task poll() {
        Task h = head;
        Task next = h.nextAcquire();
        if (h == stub) {
            if (next == null) {
                return null;
            }
            head = next;
            h.clearNext();
            h = next;
            next = next.nextAcquire();
        }
        if (next != null) {
            head = next;
            h.clearNext();
            return h;
        }
        if (h != tail) {
            return null; // a producer has exchanged the tail but not linked its node yet
        }
        offer(stub); // h is the last node: put the stub behind it so that h can leave
        next = h.nextAcquire();
        if (next != null) {
            head = next;
            h.clearNext();
            return h;
        }
        return null;
    }

    /**
     * Returns whether the queue holds nothing, not even a node still being linked. Loop thread.
     */
    boolean isEmpty() {
        return head == stub && tail == stub;
    }
}
