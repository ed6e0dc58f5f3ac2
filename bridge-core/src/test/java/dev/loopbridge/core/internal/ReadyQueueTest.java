package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class ReadyQueueTest {

    /** An item that remembers who made it. */
    record Item(int producer, int seq) {
    }

    @Test
    void anEmptyQueueIsReachedAtOnceAndPollsNull() {
        ReadyQueue q = new ReadyQueue();
        assertTrue(q.isEmpty());
        assertTrue(q.reached(q.snapshot()));
        assertNull(q.poll());
        assertFalse(q.hasLinked());
    }

    @Test
    void itemsLeaveInTheOrderTheyCameAcrossManyChunks() {
        ReadyQueue q = new ReadyQueue();
        int n = ReadyQueue.CHUNK_SIZE * 3 + 7;
        for (int i = 0; i < n; i++) {
            assertTrue(q.offer(i));
        }
        assertEquals(n, q.offered());
        assertEquals(0, q.taken());
        for (int i = 0; i < n; i++) {
            assertTrue(q.hasLinked());
            assertEquals(i, q.poll());
        }
        assertNull(q.poll());
        assertTrue(q.isEmpty());
        assertEquals(n, q.taken());
        assertEquals(n, q.offered());
    }

    @Test
    void theQueueStaysUsableAfterDrainingToEmptyManyTimes() {
        ReadyQueue q = new ReadyQueue();
        for (int round = 0; round < 3 * ReadyQueue.CHUNK_SIZE; round++) {
            q.offer(round);
            if (round % 3 == 0) {
                q.offer(-round);
                assertEquals(round, q.poll());
                assertEquals(-round, q.poll());
            } else {
                assertEquals(round, q.poll());
            }
            assertNull(q.poll());
            assertTrue(q.isEmpty());
        }
    }

    @Test
    void aSnapshotIsReachedWhenEverythingBeforeItIsTakenAndNotBefore() {
        ReadyQueue q = new ReadyQueue();
        q.offer("a");
        q.offer("b");
        long snapshot = q.snapshot();
        q.offer("c"); // after the snapshot: the next tick's
        assertFalse(q.reached(snapshot));
        assertEquals("a", q.poll());
        assertFalse(q.reached(snapshot));
        assertEquals("b", q.poll());
        assertTrue(q.reached(snapshot));
        assertFalse(q.isEmpty());
        assertEquals("c", q.poll());
    }

    @Test
    void aClaimedSlotNotYetFilledIsWaitedForNotSkipped() {
        ReadyQueue q = new ReadyQueue();
        long first = q.claim(); // a producer between its two halves
        q.offer("second");
        assertFalse(q.isEmpty());
        assertFalse(q.hasLinked(), "the oldest slot is still empty");
        assertNull(q.poll(), "the item behind it must wait: order is kept");
        assertTrue(q.holdsMoreThanOne());
        q.store(first, "first");
        assertTrue(q.hasLinked());
        assertEquals("first", q.poll());
        assertEquals("second", q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void aSlotClaimedAtAChunksStartIsWaitedForUntilItsChunkIsLinked() {
        ReadyQueue q = new ReadyQueue();
        for (int i = 0; i < ReadyQueue.CHUNK_SIZE; i++) {
            q.offer(i);
        }
        for (int i = 0; i < ReadyQueue.CHUNK_SIZE; i++) {
            assertEquals(i, q.poll());
        }
        long claimed = q.claim(); // the first slot of the second chunk, which nobody has made yet
        assertFalse(q.hasLinked());
        assertNull(q.poll());
        assertFalse(q.isEmpty());
        q.store(claimed, "late");
        assertTrue(q.hasLinked());
        assertEquals("late", q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void aSlotAtAChunksStartStillEmptyWhenItsChunkIsLinkedIsWaitedFor() {
        ReadyQueue q = new ReadyQueue();
        for (int i = 0; i < ReadyQueue.CHUNK_SIZE; i++) {
            q.offer(i);
            q.poll();
        }
        long first = q.claim(); // the first slot of the second chunk, left empty...
        q.offer("second"); // ...while the next producer links the chunk and fills its own slot
        assertFalse(q.hasLinked());
        assertNull(q.poll(), "the consumer moves to the new chunk and finds its first slot empty");
        assertFalse(q.hasLinked(), "and stays on that chunk");
        q.store(first, "first");
        assertTrue(q.hasLinked());
        assertEquals("first", q.poll());
        assertEquals("second", q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void aProducerThatClaimedBeforeOthersMovedOnFindsItsChunkBehindThem() {
        ReadyQueue q = new ReadyQueue();
        long slow = q.claim(); // slot 0, in the first chunk
        for (int i = 1; i < 2 * ReadyQueue.CHUNK_SIZE + 5; i++) {
            q.offer(i); // others fill the rest and move the producers' chunk two chunks on
        }
        q.store(slow, 0); // back along prev
        for (int i = 0; i < 2 * ReadyQueue.CHUNK_SIZE + 5; i++) {
            assertEquals(i, q.poll());
        }
        assertTrue(q.isEmpty());
    }

    @Test
    void holdsMoreThanOneCountsWaitingItemsAndOnesStillBeingStored() {
        ReadyQueue q = new ReadyQueue();
        assertFalse(q.holdsMoreThanOne());
        q.offer("a");
        assertFalse(q.holdsMoreThanOne(), "one item");
        long b = q.claim();
        assertTrue(q.holdsMoreThanOne(), "one item and one being stored");
        q.store(b, "b");
        assertTrue(q.holdsMoreThanOne());
        q.poll();
        assertFalse(q.holdsMoreThanOne(), "b alone");
        q.poll();
        assertFalse(q.holdsMoreThanOne());
    }

    @Test
    void aSealedQueueRefusesOffersAndKeepsWhatCameBefore() {
        ReadyQueue q = new ReadyQueue();
        q.offer("before");
        long claimedBefore = q.claim();
        long end = q.seal();
        assertEquals(2, end);
        assertFalse(q.offer("after"), "an offer after the seal is refused");
        assertEquals(-1, q.claim());
        assertEquals(2, q.offered(), "refused offers are not counted");
        assertEquals("before", q.poll());
        assertFalse(q.isEmpty(), "the slot claimed before the seal is still to come");
        q.store(claimedBefore, "claimed before");
        assertEquals("claimed before", q.poll());
        assertTrue(q.isEmpty());
        assertTrue(q.reached(end));
        assertNull(q.poll());
    }

    @Test
    void aTakenItemIsNotKeptAliveByTheQueue() {
        ReadyQueue q = new ReadyQueue();
        Object item = new Object();
        WeakReference<Object> ref = new WeakReference<>(item);
        q.offer(item);
        q.offer("behind it, in the same chunk");
        assertSame(item, q.poll());
        item = null;
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
        }
        assertNull(ref.get(), "the slot still referred to the taken item");
    }

    @Test
    void theProducersFieldsAreAloneBetweenTheirPadding() {
        // Producers add to the index at every offer; a field the loop thread writes at every poll
        // on the same cache line would make each add miss (a field the loop thread read there
        // once cost FX dispatch 18-21 M/s against 33-38 M/s without).
        List<Class<?>> hierarchy = new ArrayList<>(); // ReadyQueue first, Object last
        for (Class<?> c = ReadyQueue.class; c != null; c = c.getSuperclass()) {
            hierarchy.add(c);
        }
        int at = -1;
        for (int i = 0; i < hierarchy.size(); i++) {
            if (instanceFields(hierarchy.get(i)).contains("producerIndex")) {
                at = i;
            }
        }
        assertEquals(List.of("producerIndex", "producerChunk"), instanceFields(hierarchy.get(at)));
        for (Class<?> neighbour : List.of(hierarchy.get(at - 1), hierarchy.get(at + 1))) {
            List<String> padding = instanceFields(neighbour);
            assertEquals(16, padding.size(), neighbour + ": " + padding);
            assertTrue(padding.stream().allMatch(name -> name.matches("p[0-9a-f]+")), neighbour + ": " + padding);
        }
    }

    private static List<String> instanceFields(Class<?> c) {
        List<String> names = new ArrayList<>();
        for (java.lang.reflect.Field f : c.getDeclaredFields()) {
            if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                names.add(f.getName());
            }
        }
        return names;
    }

    @Test
    void concurrentProducersKeepTheirOwnOrderAndLoseNothing() throws InterruptedException {
        ReadyQueue q = new ReadyQueue();
        int producers = 4;
        int perProducer = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    q.offer(new Item(id, i));
                }
            }));
        }
        start.countDown();
        int[] next = new int[producers];
        int taken = 0;
        while (taken < producers * perProducer) {
            Object o = q.poll();
            if (o == null) {
                Thread.onSpinWait();
                continue;
            }
            Item n = (Item) o;
            assertEquals(next[n.producer()], n.seq(), "out of order for producer " + n.producer());
            next[n.producer()]++;
            taken++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }
}
