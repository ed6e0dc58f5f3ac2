package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LagHistogramTest {

    @Test
    void anEmptyHistogramReportsZero() {
        LagHistogram h = new LagHistogram();
        assertEquals(0, h.percentile(0.5));
        assertEquals(0, h.max());
    }

    @Test
    void percentilesAreWithinAnEighthOfTheTrueValue() {
        LagHistogram h = new LagHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1000);
        }
        long p50 = h.percentile(0.50);
        long p99 = h.percentile(0.99);
        assertTrue(Math.abs(p50 - 50_000_000L) <= 50_000_000L / 8, "p50 " + p50);
        assertTrue(Math.abs(p99 - 99_000_000L) <= 99_000_000L / 8, "p99 " + p99);
        assertEquals(100_000_000L, h.max());
    }

    @Test
    void smallAndHugeValuesAreRecorded() {
        LagHistogram h = new LagHistogram();
        h.record(0);
        h.record(-5);
        h.record(Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, h.max());
        assertEquals(0, h.percentile(0.5));
        assertEquals(Long.MAX_VALUE, h.percentile(1.0));
    }
}
