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
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
        }
        times[count++] = System.nanoTime();
    }

    /**
     * The longest time in {@code [from, to]} (nanoTime) without a frame, in milliseconds: the gaps
     * between frames inside, and from {@code from} to the first and the last to {@code to}. UI thread.
     */
    double longestGap(long from, long to) {
        long previous = from;
        long longest = 0;
        for (int i = 0; i < count; i++) {
            long t = times[i];
            if (t < from || t > to) {
                continue;
            }
            longest = Math.max(longest, t - previous);
            previous = t;
        }
        return Math.max(longest, to - previous) / 1e6;
    }

    /**
     * When the gap that {@link #longestGap} measures began (nanoTime): the frame before it, or
     * {@code from}. UI thread.
     */
    long longestGapStart(long from, long to) {
        long previous = from;
        long longest = -1;
        long start = from;
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
        return to - previous > longest ? previous : start;
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
