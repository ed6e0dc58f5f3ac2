package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TimerHeapTest {

    private static TimerTask timer(long deadline) {
        return new TimerTask(null, deadline, () -> { }, null, TimerTask.SCHEDULED);
    }

    @Test
    void pollReturnsTimersByDeadlineThenInsertionOrder() {
        TimerHeap heap = new TimerHeap();
        TimerTask late = timer(30);
        TimerTask firstAt10 = timer(10);
        TimerTask secondAt10 = timer(10);
        heap.add(late);
        heap.add(firstAt10);
        heap.add(secondAt10);
        assertSame(firstAt10, heap.poll());
        assertSame(secondAt10, heap.poll());
        assertSame(late, heap.poll());
        assertNull(heap.poll());
    }

    @Test
    void deadlinesCompareAcrossNanoTimeOverflow() {
        TimerHeap heap = new TimerHeap();
        TimerTask beforeWrap = timer(Long.MAX_VALUE - 5);
        TimerTask afterWrap = timer(Long.MIN_VALUE + 5);
        heap.add(afterWrap);
        heap.add(beforeWrap);
        assertSame(beforeWrap, heap.poll());
        assertSame(afterWrap, heap.poll());
    }

    @Test
    void randomAddsAndRemovesMatchASortedModel() {
        Random random = new Random(7);
        TimerHeap heap = new TimerHeap();
        List<TimerTask> model = new ArrayList<>();
        Comparator<TimerTask> order = Comparator.<TimerTask>comparingLong(t -> t.deadline).thenComparingLong(t -> t.seq);
        for (int step = 0; step < 100_000; step++) {
            int op = random.nextInt(10);
            if (op < 5 || model.isEmpty()) {
                TimerTask t = timer(random.nextInt(1000));
                heap.add(t);
                model.add(t);
            } else if (op < 8) {
                TimerTask t = model.remove(random.nextInt(model.size()));
                heap.remove(t);
                assertEquals(-1, t.heapIndex);
            } else {
                model.sort(order);
                assertSame(model.remove(0), heap.poll());
            }
            assertEquals(model.size(), heap.size());
        }
        model.sort(order);
        for (TimerTask t : model) {
            assertSame(t, heap.poll());
        }
        assertNull(heap.peek());
    }

    @Test
    void removingATimerTwiceOrOneNotInTheHeapChangesNothing() {
        TimerHeap heap = new TimerHeap();
        TimerTask a = timer(1);
        TimerTask b = timer(2);
        heap.add(a);
        heap.add(b);
        heap.remove(a);
        heap.remove(a);
        heap.remove(timer(3));
        assertEquals(1, heap.size());
        assertSame(b, heap.poll());
    }

    @Test
    void clearEmptiesTheHeapAndReturnsEveryTimer() {
        TimerHeap heap = new TimerHeap();
        for (int i = 0; i < 100; i++) {
            heap.add(timer(i));
        }
        assertEquals(100, heap.clear().length);
        assertEquals(0, heap.size());
        assertNull(heap.poll());
    }

    @Test
    void peekShowsTheEarliestTimerWithoutTakingIt() {
        TimerHeap heap = new TimerHeap();
        assertNull(heap.peek(), "empty");
        TimerTask late = timer(20);
        TimerTask early = timer(10);
        heap.add(late);
        heap.add(early);
        assertSame(early, heap.peek());
        assertSame(early, heap.peek(), "peek takes nothing");
        assertEquals(2, heap.size());
        assertSame(early, heap.poll());
        assertSame(late, heap.peek());
    }

    @Test
    void nextSeqIsTheSequenceNumberOfTheNextTimerToEnter() {
        TimerHeap heap = new TimerHeap();
        assertEquals(0, heap.nextSeq());
        TimerTask a = timer(5);
        heap.add(a);
        long limit = heap.nextSeq();
        TimerTask b = timer(5);
        heap.add(b);
        assertTrue(a.seq < limit, "a entered before the limit was taken");
        assertEquals(limit, b.seq, "b is the first timer at or past the limit");
        assertEquals(b.seq + 1, heap.nextSeq());
        heap.poll();
        heap.poll();
        assertEquals(2, heap.nextSeq(), "leaving the heap does not give numbers back");
    }

    @Test
    void manyTimersWithOneDeadlineLeaveInTheOrderTheyEntered() {
        TimerHeap heap = new TimerHeap();
        List<TimerTask> timers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            TimerTask t = timer(i % 3 == 0 ? 50 : 7);
            timers.add(t);
            heap.add(t);
        }
        timers.sort(Comparator.comparingLong(t -> t.deadline));  // stable: entry order within a deadline
        for (TimerTask t : timers) {
            assertSame(t, heap.poll());
        }
    }

    @Test
    void theArrayGrowsByDoublingAndShrinksByHalfOnlyBelowAQuarter() {
        TimerHeap heap = new TimerHeap();
        List<TimerTask> timers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            TimerTask t = timer(i);
            timers.add(t);
            heap.add(t);
        }
        assertEquals(64, heap.capacity());
        while (heap.size() > 16) {
            heap.remove(timers.remove(timers.size() - 1));
        }
        assertEquals(64, heap.capacity(), "a quarter full: kept, so that add/remove at the edge does not copy");
        heap.remove(timers.remove(timers.size() - 1));
        assertEquals(32, heap.capacity(), "below a quarter: halved");
        while (heap.size() > 0) {
            heap.remove(timers.remove(timers.size() - 1));
        }
        assertEquals(16, heap.capacity(), "a drained heap holds the minimum only");
        for (int i = 0; i < 3; i++) {
            heap.add(timer(i));
            heap.poll();
        }
        assertEquals(16, heap.capacity(), "never below the minimum");
    }
}
