package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The side thread's wake margin: what it learns from how late its waits end, with the times passed in. */
class WakeMarginTest {

    private final WakeMargin margin = new WakeMargin();

    @Test
    void beforeAnyWaitTheMarginIsTheSlack() {
        assertEquals(WakeMargin.SLACK_NANOS, margin.nanos());
    }

    @Test
    void theMarginFollowsHowLateWaitsEndPlusTheSlack() {
        for (int i = 0; i < 200; i++) {
            margin.waited(1_000_000, 1_100_000); // 100 us late each time
        }
        assertEquals(100_000 + WakeMargin.SLACK_NANOS, margin.nanos(), 8.0 + 1);
        for (int i = 0; i < 200; i++) {
            margin.waited(5_000_000, 5_010_000); // then 10 us late
        }
        assertEquals(10_000 + WakeMargin.SLACK_NANOS, margin.nanos(), 8.0 + 1);
    }

    @Test
    void eachWaitCountsForAnEighth() {
        margin.waited(0, 80_000);
        assertEquals(10_000 + WakeMargin.SLACK_NANOS, margin.nanos());
        margin.waited(0, 80_000);
        assertEquals(10_000 + 8_750 + WakeMargin.SLACK_NANOS, margin.nanos());
    }

    @Test
    void aWaitThatEndedEarlyOrOnTimeTeachesNothingLate() {
        margin.waited(0, 80_000);
        long learned = margin.nanos();
        margin.waited(1_000_000, 400_000); // woken early: no lateness to learn from
        assertEquals(learned, margin.nanos());
        margin.waited(1_000_000, 1_000_000); // on time: counts as 0 late
        assertTrue(margin.nanos() < learned);
    }

    @Test
    void aWaitHeldUpForMillisecondsCountsOnlyUpToTheLargestMargin() {
        margin.waited(0, 50_000_000);
        assertEquals(WakeMargin.MAX_NANOS / 8 + WakeMargin.SLACK_NANOS, margin.nanos());
        for (int i = 0; i < 500; i++) {
            margin.waited(0, 50_000_000);
        }
        assertEquals(WakeMargin.MAX_NANOS, margin.nanos(), "never more than the largest margin");
    }
}
