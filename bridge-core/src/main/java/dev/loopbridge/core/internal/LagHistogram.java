package dev.loopbridge.core.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-linear histogram of durations in nanoseconds: each power of two is split into eight
 * buckets, so a percentile is within 12.5% of the true value. Recorded on the loop thread, read
 * from any thread.
 *
 * <p>Recording is a few arithmetic operations and one plain-ordered store; no allocation.
 */
final class LagHistogram {

    private static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS) * SUB;

    /** Counts per bucket. Written by the loop thread with opaque stores; read by anyone. */
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + SUB);

    /** The largest value recorded. Loop thread writes; anyone reads. */
    private volatile long max;

    void record(long nanos) {
        if (nanos < 0) {
            nanos = 0;
        }
        int i = index(nanos);
        counts.setOpaque(i, counts.getOpaque(i) + 1);
        if (nanos > max) {
            max = nanos;
        }
    }

    long max() {
        return max;
    }

    /** How many durations were recorded since the last {@link #clear()}. For tests; any thread. */
    long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.getOpaque(i);
        }
        return n;
    }

    /** Forgets everything recorded. Loop thread; a reader meanwhile may see part of the old counts. */
    void clear() {
        for (int i = 0; i < counts.length(); i++) {
            if (counts.getOpaque(i) != 0) {
                counts.setOpaque(i, 0);
            }
        }
        max = 0;
    }

    /** The value below which {@code fraction} of the recorded values lie; 0 if none were recorded. */
    long percentile(double fraction) {
        return percentile(fraction, this, null);
    }

    /** The percentile of what {@code a} and {@code b} (null: none) recorded together. Any thread. */
    static long percentile(double fraction, LagHistogram a, LagHistogram b) {
        long total = 0;
        long[] snapshot = new long[a.counts.length()];
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = a.counts.getOpaque(i) + (b == null ? 0 : b.counts.getOpaque(i));
            total += snapshot[i];
        }
        long max = Math.max(a.max, b == null ? 0 : b.max);
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    private static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - SUB_BITS;
        return SUB + shift * SUB + (int) ((v >>> shift) & (SUB - 1));
    }

    private static long upperBound(int index) {
        if (index < SUB) {
            return index;
        }
        int shift = (index - SUB) / SUB;
        long sub = (index - SUB) % SUB;
        return ((SUB + sub + 1) << shift) - 1;
    }
}
