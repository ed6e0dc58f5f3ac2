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
final class ReadyQueue extends ReadyQueueHead {

    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(ReadyQueueTail.class, "tail", Task.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Test seam: runs inside {@link #poll} where a racing producer may exchange the tail. */
    private final Runnable beforeStubOffer;

    ReadyQueue() {
        this(null);
    }

    ReadyQueue(Runnable beforeStubOffer) {
        super(new Task() {
            @Override
            boolean run() {
                throw new AssertionError("the stub node never runs");
            }
        });
        this.beforeStubOffer = beforeStubOffer;
    }

    /**
     * Appends a node. Any thread.
     *
     * <p>NOTE: between the exchange and the link the node is in the queue but unreachable from
     * the head; the consumer sees that as "not yet" ({@link #poll} returns null while
     * {@link #isEmpty} is false) and comes back in the next tick.
     */
    void offer(Task node) {
        link(exchange(node), node);
    }

    /** The first half of an offer: makes {@code node} the tail, returns the node before it. */
    Task exchange(Task node) {
        return (Task) TAIL.getAndSet(this, node);
    }

    /** The second half of an offer: links {@code node} behind {@code previous}. */
    static void link(Task previous, Task node) {
        previous.setNextRelease(node);
    }

    /**
     * Returns the tail: a tick runs nodes up to and including it, so that what is offered during
     * the tick waits for the next one. The tail may be the placeholder node, even with real nodes
     * before it (a producer raced the consumer taking the last node); {@link #reached} tells when
     * such a snapshot has been run. Loop thread.
     */
    Task snapshot() {
        return tail;
    }

    /**
     * Returns whether every node offered before {@code snapshot} was taken has been polled, when
     * the snapshot is the placeholder node (for a real node, the poll that returns it says so).
     * Loop thread.
     */
    boolean reached(Task snapshot) {
        return snapshot == stub && head == stub;
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
        if (beforeStubOffer != null) {
            beforeStubOffer.run();
        }
        // h is the last node: put the stub behind it so that h can leave.
        // NOTE: a producer may exchange the tail between the check above and this offer. Then
        // the stub ends up at the tail behind that producer's node, h stays (its link is still
        // pending) and this poll returns null; snapshot() then returns the stub (see reached).
        offer(stub);
        next = h.nextAcquire();
        if (next != null) {
            head = next;
            h.clearNext();
            return h;
        }
        return null;
    }

    /**
     * Returns whether {@link #poll} would return a node now. Unlike {@link #isEmpty} it reads the
     * tail only when the head is the last linked node, so a loop thread spinning on it does not
     * pull the tail's cache line away from the producers exchanging it. Loop thread.
     */
    boolean hasLinked() {
        Task h = head;
        Task next = h.nextAcquire();
        if (h == stub) {
            if (next == null) {
                return false;
            }
            h = next;
            next = h.nextAcquire();
        }
        // The last linked node can leave only if no producer is linking one behind it (see poll).
        return next != null || h == tail;
    }

    /**
     * Returns whether more than one node waits, counting a node still being linked (and, to be
     * safe, the placeholder when it sits between nodes). Loop thread.
     */
    boolean holdsMoreThanOne() {
        Task h = head;
        Task first = h == stub ? h.nextAcquire() : h;
        if (first == null) {
            return tail != stub; // a producer is linking its node: it may not be the only one
        }
        return first.nextAcquire() != null || first != tail;
    }

    /**
     * Returns whether the queue holds nothing, not even a node still being linked. Loop thread.
     */
    boolean isEmpty() {
        return head == stub && tail == stub;
    }
}

/**
 * The fields of {@link ReadyQueue}, laid out through the class hierarchy (a superclass's fields
 * come first) so that the tail, which producers exchange, and the head, which the loop thread
 * moves at every poll, sit on different cache lines: without the padding every offer and every
 * poll would pull the same line back and forth between the cores (false sharing).
 */
abstract class ReadyQueuePad0 {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
}

/**
 * The producers' side of the queue: the tail alone on its line. NOTE: nothing the loop thread reads
 * at every poll may share this line (the placeholder node's reference once did: each poll then
 * pulled the line away from the producer, and every offer's exchange missed the cache).
 */
abstract class ReadyQueueTail extends ReadyQueuePad0 {
    /** The most recently offered node. Exchanged by producers; read by the loop thread. */
    @SuppressWarnings("unused") // accessed through ReadyQueue.TAIL
    volatile Task tail;

    ReadyQueueTail(Task stub) {
        this.tail = stub;
    }
}

abstract class ReadyQueuePad1 extends ReadyQueueTail {
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;

    ReadyQueuePad1(Task stub) {
        super(stub);
    }
}

/** The loop thread's side of the queue. */
abstract class ReadyQueueHead extends ReadyQueuePad1 {
    /** A placeholder that lets the consumer take the last real node without racing producers. */
    final Task stub;

    /** The oldest node not yet taken. Loop thread only. */
    Task head;

    ReadyQueueHead(Task stub) {
        super(stub);
        this.stub = stub;
        this.head = stub;
    }
}
