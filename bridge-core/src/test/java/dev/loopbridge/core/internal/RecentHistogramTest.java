package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The recent window forgets what is older than two halves; the lifetime histogram never does. */
class RecentHistogramTest {

    @Test
    void aSlowStartIsForgottenAfterTwoHalves() {
        RecentHistogram recent = new RecentHistogram();
        long t0 = System.nanoTime(); // after the histogram's own start
        recent.record(500_000_000); // a slow start-up: 500 ms of lag
        recent.rotate(t0 + RecentHistogram.HALF_NANOS);
        recent.record(1_000);
        assertTrue(recent.percentile(0.99) >= 400_000_000, "still within the window: " + recent.percentile(0.99));

        recent.rotate(t0 + 2 * RecentHistogram.HALF_NANOS);
        recent.record(1_000);
        assertTrue(recent.percentile(0.99) < 2_000, "the start-up is forgotten: " + recent.percentile(0.99));
    }

    @Test
    void rotatingBeforeAHalfHasPassedKeepsEverything() {
        RecentHistogram recent = new RecentHistogram();
        long t0 = System.nanoTime(); // after the histogram's own start
        recent.record(7_000_000);
        recent.rotate(t0 + RecentHistogram.HALF_NANOS / 2);
        recent.rotate(t0 + RecentHistogram.HALF_NANOS / 2 + 1);
        assertTrue(recent.percentile(0.5) >= 6_000_000);
        assertEquals(0, new RecentHistogram().percentile(0.99), "nothing recorded");
    }
}
