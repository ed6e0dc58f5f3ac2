package dev.loopbridge.core.internal;

import java.util.Arrays;

/**
 * The loop's timers: a binary min-heap ordered by deadline, then by the order timers entered it.
 * Loop thread only.
 *
 * <p>Each timer stores its index, so removing a cancelled timer is O(log n) and a cancelled timer
 * holds no memory. The array shrinks as the heap empties, so a million timers scheduled and
 * cancelled leave nothing behind.
 */
final class TimerHeap {

    private static final int MIN_CAPACITY = 16;

    private TimerTask[] heap = new TimerTask[MIN_CAPACITY];
    private int size;
    private long nextSeq;

    int size() {
        return size;
    }

    /** The length of the array behind the heap (tests: it shrinks as the heap empties). */
    int capacity() {
        return heap.length;
    }

    /** The sequence number the next timer will get: timers below it entered the heap earlier. */
    long nextSeq() {
        return nextSeq;
    }

    TimerTask peek() {
        return size == 0 ? null : heap[0];
    }

    void add(TimerTask timer) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        timer.seq = nextSeq++;
        timer.heapIndex = size;
        heap[size++] = timer;
        siftUp(timer.heapIndex);
    }

    TimerTask poll() {
        if (size == 0) {
            return null;
        }
        TimerTask top = heap[0];
        removeAt(0);
        return top;
    }

    /** Removes the timer if it is in the heap. */
    void remove(TimerTask timer) {
        int i = timer.heapIndex;
        if (i >= 0 && i < size && heap[i] == timer) {
            removeAt(i);
        }
    }

    /** Empties the heap and returns what it held, in no particular order. */
    TimerTask[] clear() {
        TimerTask[] all = Arrays.copyOf(heap, size);
        for (TimerTask t : all) {
            t.heapIndex = -1;
        }
        heap = new TimerTask[MIN_CAPACITY];
        size = 0;
        return all;
    }

    private void removeAt(int i) {
        TimerTask removed = heap[i];
        removed.heapIndex = -1;
        int last = --size;
        if (i != last) {
            TimerTask moved = heap[last];
            heap[i] = moved;
            moved.heapIndex = i;
            heap[last] = null;
            siftDown(i);
            if (heap[i] == moved) {
                siftUp(i);
            }
        } else {
            heap[last] = null;
        }
        if (heap.length > MIN_CAPACITY && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, Math.max(MIN_CAPACITY, heap.length / 2));
        }
    }

    private void siftUp(int i) {
        TimerTask t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerTask p = heap[parent];
            if (!before(t, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i) {
        TimerTask t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            TimerTask c = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, t)) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    /** Deadline order, safe across nanoTime overflow; ties in the order timers entered. */
    private static boolean before(TimerTask a, TimerTask b) {
        long d = a.deadline - b.deadline;
        return d < 0 || (d == 0 && a.seq < b.seq);
    }
}
