package dev.loopbridge.core.internal;

/**
 * A {@link LagHistogram} over a recent window: two halves of {@value #HALF_NANOS} ns, the older
 * dropped as a new one starts, so percentiles cover the last 5 to 10 seconds. Recorded and rotated
 * on the loop thread, read from any thread (a reader during a rotation may miss part of the half
 * being dropped).
 */
final class RecentHistogram {

    static final long HALF_NANOS = 5_000_000_000L;

    private LagHistogram current = new LagHistogram();
    private LagHistogram previous = new LagHistogram();
    private long currentSince = System.nanoTime();

    void record(long nanos) {
        current.record(nanos);
    }

    /** Starts a new half if the current one is {@value #HALF_NANOS} ns old. Loop thread. */
    void rotate(long now) {
        if (now - currentSince < HALF_NANOS) {
            return;
        }
        LagHistogram dropped = previous;
        dropped.clear();
        previous = current;
        current = dropped;
        currentSince = now;
    }

    /** For tests: makes the current half {@code nanos} older, as if that much time had passed. Loop thread. */
    void backdate(long nanos) {
        currentSince -= nanos;
    }

    long percentile(double fraction) {
        return LagHistogram.percentile(fraction, current, previous);
    }
}
