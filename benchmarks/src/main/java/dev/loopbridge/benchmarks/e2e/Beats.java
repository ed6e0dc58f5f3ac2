package dev.loopbridge.benchmarks.e2e;

import java.util.Arrays;

/**
 * The times of the UI thread's frames: JavaFX pulses (an {@code AnimationTimer}) or the ticks of a
 * 16 ms {@code javax.swing.Timer} on the EDT, the Swing stand-in for a frame. {@link #beat} runs on
 * the UI thread only; {@link #longestGap} too (call it through the UI thread), so no field needs
 * more than the UI thread's own ordering.
 */
final class Beats {

    private long[] times = new long[1 << 16];
    private int count;

    /** Records a frame now. UI thread. */
    void beat() {
        beat(System.nanoTime());
    }

    /** Records a frame at {@code at} (nanoTime), later than any recorded before. UI thread. */
    void beat(long at) {
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
        }
        times[count++] = at;
    }

    /**
     * The longest time without a frame while {@code [from, to]} (nanoTime) lasted, in
     * milliseconds: the gaps between frames inside, the gap that was under way at {@code from}
     * counted from the frame before it (in full: a frame held up by work that began at
     * {@code from} is a gap the user saw), and from the last frame to {@code to}. UI thread.
     */
    double longestGap(long from, long to) {
        return longestGapSpan(from, to)[1] / 1e6;
    }

    /**
     * When the gap that {@link #longestGap} measures began (nanoTime): the frame before it, or
     * {@code from}. UI thread.
     */
    long longestGapStart(long from, long to) {
        return longestGapSpan(from, to)[0];
    }

    /** The longest gap of {@link #longestGap}: its start (nanoTime) and its length (ns). */
    private long[] longestGapSpan(long from, long to) {
        long previous = frameBefore(from);
        long longest = -1;
        long start = previous;
        for (int i = 0; i < count; i++) {
            long t = times[i];
            if (t < from || t > to) {
                continue;
            }
            if (t - previous > longest) {
                longest = t - previous;
                start = previous;
            }
            previous = t;
        }
        return to - previous > longest ? new long[] {previous, to - previous} : new long[] {start, longest};
    }

    /** The last frame at or before {@code at}, or {@code at} if there was none. UI thread. */
    private long frameBefore(long at) {
        long before = at;
        for (int i = 0; i < count && times[i] <= at; i++) {
            before = times[i];
        }
        return before;
    }

    /** Frames recorded in {@code [from, to]}. UI thread. */
    int framesBetween(long from, long to) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (times[i] >= from && times[i] <= to) {
                n++;
            }
        }
        return n;
    }
}
