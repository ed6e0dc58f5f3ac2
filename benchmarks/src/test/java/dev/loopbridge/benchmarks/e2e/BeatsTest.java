package dev.loopbridge.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The longest gap between frames while a piece of work lasted, with frame times the test chooses. */
class BeatsTest {

    private static final long MS = 1_000_000;

    private static Beats framesAt(long... millis) {
        Beats beats = new Beats();
        for (long t : millis) {
            beats.beat(t * MS);
        }
        return beats;
    }

    @Test
    void aGapUnderWayAsTheWorkBeganCountsFromTheFrameBeforeIt() {
        Beats beats = framesAt(0, 16, 40, 56);
        // The work began at 20 ms and held the frame due at 32 until 40: 24 ms, not 20.
        assertEquals(24.0, beats.longestGap(20 * MS, 60 * MS), 1e-9);
        assertEquals(16 * MS, beats.longestGapStart(20 * MS, 60 * MS));
        // Begun at 10 ms, the gap under way (0 to 16) is 16 ms; the longest is still 16 to 40.
        assertEquals(24.0, beats.longestGap(10 * MS, 60 * MS), 1e-9);
    }

    @Test
    void theGapsInsideAndTheOneStillUnderWayAtTheEndCount() {
        Beats beats = framesAt(0, 16, 32, 48);
        assertEquals(16.0, beats.longestGap(5 * MS, 50 * MS), 1e-9);
        assertEquals(22.0, beats.longestGap(5 * MS, 70 * MS), 1e-9, "48 to 70");
        assertEquals(48 * MS, beats.longestGapStart(5 * MS, 70 * MS));
    }

    @Test
    void withNoFrameBeforeTheWorkTheGapCountsFromItsStart() {
        Beats beats = framesAt(30, 46);
        assertEquals(20.0, beats.longestGap(10 * MS, 50 * MS), 1e-9);
        assertEquals(10 * MS, beats.longestGapStart(10 * MS, 50 * MS));
        assertEquals(1, framesAt(30).framesBetween(10 * MS, 50 * MS));
    }
}
