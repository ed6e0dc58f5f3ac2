package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The loop's ready queue: an unbounded multi-producer, single-consumer queue of chunked arrays,
 * whose producers claim a slot with one atomic add. {@link #offer}, {@link #offered} and
 * {@link #taken} from any thread; everything else on the loop thread.
 *
 * <p>An offer is one atomic add on the producer index and a release store into the slot it names:
 * no lock, no compare-and-set to retry, and no allocation but a new chunk once per
 * {@value #CHUNK_SIZE} offers (4 bytes a slot). The queue holds references, not nodes, so an
 * {@code execute} stores the caller's {@code Runnable} itself and allocates nothing of its own;
 * and since every item has a number, the count of waiting items is a subtraction.
 *
 * <p>Order: the atomic add orders all offers; items leave in that order, so items from one thread
 * leave in the order that thread offered them.
 *
 * <p>Closing: {@link #seal} makes every later offer fail, so a closing loop can drain what was
 * offered before and know that nothing more can come.
 */
final class ReadyQueue extends ReadyQueueConsumer {

    /** Slots per chunk. */
    static final int CHUNK_SIZE = 1024;
    private static final int CHUNK_SHIFT = 10;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;

    /** Added to the producer index by {@link #seal}: an index with this bit names no slot. */
    private static final long SEALED = 1L << 62;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_CHUNK;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER_INDEX = l.findVarHandle(ReadyQueueProducer.class, "producerIndex", long.class);
            PRODUCER_CHUNK = l.findVarHandle(ReadyQueueProducer.class, "producerChunk", Chunk.class);
            CONSUMER_INDEX = l.findVarHandle(ReadyQueueConsumer.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    ReadyQueue() {
        super(new Chunk(0, null));
    }

    /**
     * Appends {@code item} (never null). Any thread.
     *
     * @return false if the queue was sealed: the item is not queued
     */
    boolean offer(Object item) {
        long index = claim();
        if (index < 0) {
            return false;
        }
        store(index, item);
        return true;
    }

    /**
     * The first half of an offer: claims the next slot and returns its index, or -1 if the queue is
     * sealed. Between this and {@link #store} the slot is claimed but empty: the consumer sees that
     * as "not yet" ({@link #poll} returns null while {@link #isEmpty} is false).
     */
    long claim() {
        long index = (long) PRODUCER_INDEX.getAndAdd(this, 1L);
        return (index & SEALED) != 0 ? -1 : index;
    }

    /** The second half of an offer: fills the slot {@link #claim} returned. */
    void store(long index, Object item) {
        long wanted = index >>> CHUNK_SHIFT;
        Chunk c = producerChunk;
        if (c.index != wanted) {
            c = chunk(c, wanted);
        }
        SLOT.setRelease(c.slots, (int) (index & CHUNK_MASK), item);
    }

    /**
     * Finds chunk number {@code wanted}, starting from {@code c}: forward along {@code next}, making
     * chunks that do not exist yet (whoever links one first wins; the others use it), or back along
     * {@code prev} for a producer that claimed its slot before others moved the producer chunk on.
     * NOTE: the way back is never cut short: the consumer clears a chunk's {@code prev} only when it
     * has taken every slot of the chunk before, so not while a producer still has to fill one there.
     */
    private Chunk chunk(Chunk c, long wanted) {
        while (c.index < wanted) {
            Chunk next = c.next;
            if (next == null) {
                Chunk made = new Chunk(c.index + 1, c);
                Chunk raced = (Chunk) Chunk.NEXT.compareAndExchange(c, null, made);
                next = raced == null ? made : raced;
            }
            PRODUCER_CHUNK.compareAndSet(this, c, next); // it only moves on, one chunk at a time
            c = next;
        }
        while (c.index > wanted) {
            c = c.prev;
        }
        return c;
    }

    /**
     * Makes every later offer fail. Returns the index of the first slot no offer can fill: the
     * queue is drained once the consumer reaches it. Loop thread, as the loop closes.
     */
    long seal() {
        long index = (long) PRODUCER_INDEX.getAndAdd(this, SEALED);
        sealedAt = index;
        return index;
    }

    /**
     * Where {@link #seal} stopped the producer index: refused offers still add to the index, so
     * past the seal it no longer counts offers. Written once by the loop thread.
     */
    private volatile long sealedAt;

    /** How many slots offers have claimed (once sealed, the claims before the seal). */
    private long producerIndex() {
        long index = producerIndex;
        return (index & SEALED) == 0 ? index : sealedAt;
    }

    /**
     * Returns the end of what is queued now: a tick runs items until {@link #reached} says it got
     * there, so that what is offered during the tick waits for the next one. Loop thread.
     */
    long snapshot() {
        return producerIndex();
    }

    /** Returns whether every item offered before {@code snapshot} was taken has been polled. Loop thread. */
    boolean reached(long snapshot) {
        return consumerIndex - snapshot >= 0;
    }

    /**
     * Removes and returns the oldest item, or {@code null} if there is none or its producer has
     * claimed its slot but not yet filled it. Loop thread.
     */
    Object poll() {
        long index = consumerIndex;
        int offset = (int) (index & CHUNK_MASK);
        Chunk c = consumerChunk;
        if (offset == 0 && c.index != index >>> CHUNK_SHIFT) {
            Chunk next = c.next;
            if (next == null) {
                return null; // its producer has not linked the chunk yet
            }
            next.prev = null; // every slot before it is taken: no producer walks back through it
            consumerChunk = next;
            c = next;
        }
        Object item = SLOT.getAcquire(c.slots, offset);
        if (item == null) {
            return null;
        }
        c.slots[offset] = null; // a taken item is not kept alive by the queue
        CONSUMER_INDEX.setOpaque(this, index + 1);
        return item;
    }

    /**
     * Returns whether {@link #poll} would return an item now. It reads the producer index only
     * when the next slot is empty, so a loop thread spinning on it reads slots (lines the producers
     * wrote some time ago) and not the index every producer adds to. Loop thread.
     */
    boolean hasLinked() {
        long index = consumerIndex;
        int offset = (int) (index & CHUNK_MASK);
        Chunk c = consumerChunk;
        if (offset == 0 && c.index != index >>> CHUNK_SHIFT) {
            c = c.next;
            if (c == null) {
                return false;
            }
        }
        return SLOT.getAcquire(c.slots, offset) != null;
    }

    /** Returns whether more than one item waits, counting slots claimed but not yet filled. Loop thread. */
    boolean holdsMoreThanOne() {
        return producerIndex() - consumerIndex > 1;
    }

    /** Returns whether the queue holds nothing, not even a slot claimed but not yet filled. Loop thread. */
    boolean isEmpty() {
        return producerIndex() == consumerIndex;
    }

    /** How many items have been taken since the queue was made. Loop thread exactly; any thread, a recent value. */
    long taken() {
        return (long) CONSUMER_INDEX.getOpaque(this);
    }

    /** How many items have been offered since the queue was made. Any thread. */
    long offered() {
        return producerIndex();
    }

    /** One chunk of {@value #CHUNK_SIZE} slots, numbered from 0 in the order producers claimed them. */
    static final class Chunk {
        static final VarHandle NEXT;

        static {
            try {
                NEXT = MethodHandles.lookup().findVarHandle(Chunk.class, "next", Chunk.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** This chunk's number: it holds the slots {@code index * CHUNK_SIZE} and up. */
        final long index;
        final Object[] slots = new Object[CHUNK_SIZE];
        /** The chunk after this one, linked once by whichever producer needs it first. */
        volatile Chunk next;
        /** The chunk before this one, until the consumer has taken all of it. */
        volatile Chunk prev;

        Chunk(long index, Chunk prev) {
            this.index = index;
            this.prev = prev;
        }
    }
}

/**
 * The fields of {@link ReadyQueue}, laid out through the class hierarchy (a superclass's fields
 * come first) so that the producer index, which producers add to, and the consumer's fields, which
 * the loop thread writes at every poll, sit on different cache lines: without the padding every
 * offer and every poll would pull the same line back and forth between the cores (false sharing).
 */
abstract class ReadyQueuePad0 {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
}

/** The producers' side of the queue, alone on its line. */
abstract class ReadyQueueProducer extends ReadyQueuePad0 {
    /** The next slot to claim, plus {@code SEALED} once sealed. Added to by producers. */
    volatile long producerIndex;

    /** The newest chunk a producer has needed; moved on by producers, one chunk at a time. */
    volatile ReadyQueue.Chunk producerChunk;

    ReadyQueueProducer(ReadyQueue.Chunk first) {
        this.producerChunk = first;
    }
}

abstract class ReadyQueuePad1 extends ReadyQueueProducer {
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;

    ReadyQueuePad1(ReadyQueue.Chunk first) {
        super(first);
    }
}

/** The loop thread's side of the queue. */
abstract class ReadyQueueConsumer extends ReadyQueuePad1 {
    /** The next slot to take. Written by the loop thread only (opaque, for {@link ReadyQueue#taken}). */
    long consumerIndex;

    /** The chunk holding the slot {@link #consumerIndex} (or the one before, at a chunk's start). */
    ReadyQueue.Chunk consumerChunk;

    ReadyQueueConsumer(ReadyQueue.Chunk first) {
        super(first);
        this.consumerChunk = first;
    }
}
