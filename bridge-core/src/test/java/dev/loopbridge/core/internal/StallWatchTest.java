package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stall watch's arithmetic, on made-up times: the watch is taken off the {@link LoopWatch}
 * thread and {@link StallWatch#check} is called here with the times the test chooses, so that
 * "ten seconds idle" takes no time and nothing races with the test.
 */
class StallWatchTest {

    private static final long THRESHOLD = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long T0 = 1_000_000_000_000L;

    /** A toolkit that keeps the ticks posted to it: a tick runs only when the test says. */
    private final HeldToolkit holdingToolkit = new HeldToolkit();
    private final List<Runnable> posted = holdingToolkit.posted;

    private Scheduler scheduler;
    private StallWatch watch;

    @BeforeEach
    void toolkitDrivenSchedulerWithoutTheWatchThread() {
        scheduler = new Scheduler(LoopClock.SYSTEM, holdingToolkit, new ErrorReporter(false, Duration.ofMillis(100)),
                TimeUnit.MILLISECONDS.toNanos(10), "stall-watch-test", Duration.ofNanos(THRESHOLD));
        scheduler.closed(); // off the watch thread: only this test calls check
        scheduler.setToolkitDriven();
        watch = scheduler.stallWatch;
    }

    @AfterEach
    void noTickLeftBehind() {
        posted.clear();
    }

    /** The loop ran a tick that ended at {@code now}, as the watch thread sees it then. */
    private void aTickRanAt(long now) {
        watch.progressed(1);
        watch.progressed(0);
        assertTrue(watch.check(now), "progress keeps the watch going");
    }

    @Test
    void aTickRequestedAfterALongIdleIsTimedFromTheRequestNotFromTheLastTick() {
        aTickRanAt(T0);
        long idle = T0 + TimeUnit.SECONDS.toNanos(10);
        assertFalse(watch.check(idle), "an idle loop needs no watching");

        scheduler.requestTick();
        assertEquals(1, posted.size(), "the tick was posted to the toolkit");
        long requested = idle + TimeUnit.MILLISECONDS.toNanos(1);
        assertTrue(watch.check(requested), "a requested tick is watched");
        assertEquals(0, watch.stalls(), "a tick requested 1 ms ago is not a stall, however long the loop was idle");

        assertTrue(watch.check(requested + THRESHOLD / 2));
        assertEquals(0, watch.stalls(), "half the threshold after the request");

        assertTrue(watch.check(requested + THRESHOLD));
        assertEquals(1, watch.stalls(), "the threshold after the request, the toolkit has not run the tick");

        aTickRanAt(requested + THRESHOLD + THRESHOLD / 4);
        assertEquals(THRESHOLD + THRESHOLD / 4, watch.longestStall().toNanos(),
                "the stall lasted from the request to the tick, not from the tick before the idle");
    }

    @Test
    void aTickRequestedSoonAfterTheLastOneIsTimedFromTheLastTick() {
        // The request came while the previous tick was still running (the watch saw it before the
        // tick's end): what counts is how long the toolkit has not come back to the loop.
        scheduler.requestTick();
        assertTrue(watch.check(T0 - THRESHOLD / 2), "a requested tick is watched");
        aTickRanAt(T0);
        assertTrue(watch.check(T0 + THRESHOLD - 1));
        assertEquals(0, watch.stalls(), "less than the threshold since the last tick");
        assertTrue(watch.check(T0 + THRESHOLD));
        assertEquals(1, watch.stalls(), "the threshold since the last tick, with the request still waiting");
    }
}
