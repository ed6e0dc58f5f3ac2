package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class ReadyQueueTest {

    /** A node that remembers who made it. */
    static final class Node extends Task {
        final int producer;
        final int seq;

        Node(int producer, int seq) {
            this.producer = producer;
            this.seq = seq;
        }

        @Override
        boolean run() {
            return true;
        }
    }

    @Test
    void anEmptyQueueIsReachedAtOnceAndPollsNull() {
        ReadyQueue q = new ReadyQueue();
        assertTrue(q.isEmpty());
        assertTrue(q.reached(q.snapshot()));
        assertNull(q.poll());
    }

    @Test
    void aProducerRacingTheTakeOfTheLastNodeLeavesNothingBehind() {
        Node racer = new Node(1, 0);
        Task[] racerPrevious = new Task[1];
        ReadyQueue[] queue = new ReadyQueue[1];
        // The racing producer exchanges the tail exactly while the consumer takes the last node.
        queue[0] = new ReadyQueue(() -> {
            if (racerPrevious[0] == null) {
                racerPrevious[0] = queue[0].exchange(racer);
            }
        });
        ReadyQueue q = queue[0];
        Node a = new Node(0, 0);
        q.offer(a);
        assertNull(q.poll(), "a's successor is not linked yet");
        assertSame(a, racerPrevious[0]);
        Task snapshot = q.snapshot();
        assertFalse(q.isEmpty());
        assertFalse(q.reached(snapshot), "a and the racer were offered before the snapshot");
        ReadyQueue.link(racerPrevious[0], racer);
        assertSame(a, q.poll());
        assertFalse(q.reached(snapshot));
        assertSame(racer, q.poll());
        assertTrue(q.reached(snapshot));
        assertTrue(q.isEmpty());
        Node b = new Node(0, 1);
        q.offer(b);
        assertSame(b, q.poll());
    }

    @Test
    void theTailIsAloneBetweenItsPadding() {
        // Producers exchange the tail at every offer; a field the loop thread reads at every poll
        // on the same cache line made each exchange miss (the stub's reference did: FX dispatch
        // ran at 18-21 M/s with it there, 33-38 M/s without).
        List<Class<?>> hierarchy = new ArrayList<>(); // ReadyQueue first, Object last
        for (Class<?> c = ReadyQueue.class; c != null; c = c.getSuperclass()) {
            hierarchy.add(c);
        }
        int at = -1;
        for (int i = 0; i < hierarchy.size(); i++) {
            if (instanceFields(hierarchy.get(i)).contains("tail")) {
                at = i;
            }
        }
        assertEquals(List.of("tail"), instanceFields(hierarchy.get(at)));
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
    void hasLinkedSaysWhetherAPollWouldReturnANode() {
        ReadyQueue q = new ReadyQueue();
        assertFalse(q.hasLinked(), "empty");
        Node a = new Node(0, 0);
        q.offer(a);
        assertTrue(q.hasLinked(), "a alone can leave");
        // A second producer has exchanged the tail but not yet linked its node behind a: a cannot
        // leave until it does, and a loop thread that ran a tick now would take nothing.
        Node b = new Node(1, 0);
        Task previous = q.exchange(b);
        assertFalse(q.hasLinked(), "a waits for b's link");
        assertNull(q.poll());
        assertFalse(q.hasLinked(), "a, now at the head, still waits for b's link");
        ReadyQueue.link(previous, b);
        assertTrue(q.hasLinked());
        assertSame(a, q.poll());
        assertTrue(q.hasLinked(), "b is the last node and can leave");
        assertSame(b, q.poll());
        assertFalse(q.hasLinked());
        assertTrue(q.isEmpty());
    }

    @Test
    void nodesLeaveInTheOrderTheyCame() {
        ReadyQueue q = new ReadyQueue();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nodes.add(new Node(0, i));
            q.offer(nodes.get(i));
        }
        assertSame(nodes.get(4), q.snapshot());
        for (Node n : nodes) {
            assertSame(n, q.poll());
        }
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void theQueueStaysUsableAfterDrainingToEmptyManyTimes() {
        ReadyQueue q = new ReadyQueue();
        for (int round = 0; round < 1000; round++) {
            Node a = new Node(0, round);
            q.offer(a);
            assertSame(a, q.snapshot());
            assertFalse(q.reached(a));
            assertSame(a, q.poll());
            assertNull(q.poll());
            assertTrue(q.isEmpty());
        }
    }

    @Test
    void aPolledNodeNoLongerPointsAtTheRest() {
        ReadyQueue q = new ReadyQueue();
        Node a = new Node(0, 0);
        Node b = new Node(0, 1);
        q.offer(a);
        q.offer(b);
        assertSame(a, q.poll());
        assertNull(a.nextAcquire(), "a consumed node still links to the queue");
    }

    @Test
    void theLastNodePolledNoLongerPointsAtThePlaceholder() {
        ReadyQueue q = new ReadyQueue();
        Node a = new Node(0, 0);
        q.offer(a);
        assertSame(a, q.poll());
        assertNull(a.nextAcquire(), "the last node left linked to the placeholder put behind it");
        Node b = new Node(0, 1);
        q.offer(b);
        assertSame(b, q.poll(), "the queue is usable after its last node left");
        assertTrue(q.isEmpty());
    }

    @Test
    void holdsMoreThanOneCountsWaitingNodesAndOneStillBeingLinked() {
        ReadyQueue q = new ReadyQueue();
        assertFalse(q.holdsMoreThanOne(), "empty");
        Node a = new Node(0, 0);
        Node b = new Node(0, 1);
        Node c = new Node(0, 2);
        q.offer(a);
        assertFalse(q.holdsMoreThanOne(), "a alone, behind the placeholder");
        q.offer(b);
        q.offer(c);
        assertTrue(q.holdsMoreThanOne(), "a, b and c, behind the placeholder");
        assertSame(a, q.poll());
        assertTrue(q.holdsMoreThanOne(), "b at the head, c behind it");
        assertSame(b, q.poll());
        assertFalse(q.holdsMoreThanOne(), "c alone at the head");
        // A producer has exchanged the tail but not linked its node behind c yet.
        Node d = new Node(1, 0);
        Task previous = q.exchange(d);
        assertTrue(q.holdsMoreThanOne(), "c at the head, d being linked");
        ReadyQueue.link(previous, d);
        assertTrue(q.holdsMoreThanOne(), "c and d");
        assertSame(c, q.poll());
        assertFalse(q.holdsMoreThanOne(), "d alone");
        assertSame(d, q.poll());
        assertFalse(q.holdsMoreThanOne(), "drained");
        // Empty, and a producer is linking the first node behind the placeholder.
        Node e = new Node(2, 0);
        Task beforeE = q.exchange(e);
        assertTrue(q.holdsMoreThanOne(), "a node being linked into an empty queue may not be the only one");
        ReadyQueue.link(beforeE, e);
        assertFalse(q.holdsMoreThanOne(), "e alone, linked");
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
                    q.offer(new Node(id, i));
                }
            }));
        }
        start.countDown();
        int[] next = new int[producers];
        int taken = 0;
        while (taken < producers * perProducer) {
            Task t = q.poll();
            if (t == null) {
                Thread.onSpinWait();
                continue;
            }
            Node n = (Node) t;
            assertEquals(next[n.producer], n.seq, "out of order for producer " + n.producer);
            next[n.producer]++;
            taken++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }
}
