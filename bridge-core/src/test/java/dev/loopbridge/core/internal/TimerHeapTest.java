package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
