package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.LongConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When a backlog's batch ends, given the frames the driver reports: every time here is a number
 * the test chooses, so each answer is exact. Test thread, as the loop thread.
 */
class FrameClockTest {

    private static final long MS = 1_000_000;
    private static final long PERIOD = 16 * MS;
    private static final long BUDGET = 8 * MS;

    private final HeldToolkit driver = new HeldToolkit();

    /** What the clock asked the driver for, in order: a sink, or null to stop. */
    private final List<LongConsumer> asked = driver.framesAsked;

    private final FrameClock clock = new FrameClock(driver);

    @AfterEach
    void theClockPostsNothing() {
        assertEquals(List.of(), driver.posted, "the frame clock posts nothing");
    }

    /** Starts the watch with a backlog at {@code at} and reports frames at {@code times}. */
    private LongConsumer backlogThenFrames(long at, long... times) {
        clock.backlog(at - BUDGET, at, BUDGET);
        LongConsumer frames = asked.get(asked.size() - 1);
        assertNotNull(frames, "a backlog starts the watch");
        for (long t : times) {
            frames.accept(t);
        }
        return frames;
    }

    /** A held toolkit that says it draws frames (see LoopDriver#reportsFrames). */
    private static HeldToolkit drawingToolkit() {
        HeldToolkit drawing = new HeldToolkit();
        drawing.drawsFrames = true;
        return drawing;
    }

    @Test
    void withoutFramesABatchEndsAtItsBudget() {
        assertEquals(5 + BUDGET, clock.batchEnd(5, 5 + BUDGET));
        clock.backlog(-BUDGET, 0, BUDGET);
        assertEquals(5 + BUDGET, clock.batchEnd(5, 5 + BUDGET), "watching, but no frame reported yet");
        assertEquals(1, asked.size());
    }

    @Test
    void onAToolkitThatSaysItDrawsFramesTheFirstBacklogRunsSlicesUntilFramesTellWhenTheNextIsDue() {
        HeldToolkit drawing = drawingToolkit();
        FrameClock fresh = new FrameClock(drawing);
        long slice = FrameClock.UNTIMED_SLICE_NANOS;
        assertEquals(5 + slice, fresh.batchEnd(5, 5 + BUDGET), "no frame seen yet, but one may be due at any moment");
        fresh.backlog(5, 5 + slice, BUDGET);
        assertTrue(fresh.watching(), "a whole slice with work left starts the watch");
        long start = 5 + slice;
        assertEquals(start + slice, fresh.batchEnd(start, start + BUDGET), "slices until the first frame");
        LongConsumer frames = drawing.framesAsked.get(0);
        for (long t = 0; t < 4 * PERIOD; t += PERIOD) {
            frames.accept(start + MS + t);
        }
        long last = start + MS + 3 * PERIOD;
        assertEquals(last + PERIOD, fresh.batchEnd(last + 10 * MS, last + 10 * MS + BUDGET),
                "three intervals make a period: the batch ends at the next frame's release time");
    }

    @Test
    void onAToolkitThatSaysItDrawsFramesButDrawsNoneTheBudgetRulesOnceTheWatchSawNoFrameForTheLongestPeriod() {
        HeldToolkit drawing = drawingToolkit();
        FrameClock fresh = new FrameClock(drawing);
        fresh.backlog(0, FrameClock.UNTIMED_SLICE_NANOS, BUDGET);
        long late = FrameClock.UNTIMED_SLICE_NANOS + FrameClock.MAX_PERIOD_NANOS + 1;
        assertEquals(late + BUDGET, fresh.batchEnd(late, late + BUDGET));
        assertEquals(List.of(), drawing.posted);
    }

    @Test
    void theWatchStartsOnceWhateverTheNumberOfBacklogs() {
        clock.backlog(-BUDGET, 0, BUDGET);
        clock.backlog(MS - BUDGET, MS, BUDGET);
        clock.backlog(2 * MS - BUDGET, 2 * MS, BUDGET);
        assertEquals(1, asked.size());
        assertTrue(clock.watching());
    }

    @Test
    void onceThePeriodIsKnownABatchEndsAtTheNextFramesReleaseTime() {
        // Four frames, three intervals: the period is known from the fourth on.
        backlogThenFrames(0, 0, PERIOD, 2 * PERIOD);
        assertEquals(2 * PERIOD + MS + FrameClock.UNTIMED_SLICE_NANOS,
                clock.batchEnd(2 * PERIOD + MS, 2 * PERIOD + MS + BUDGET),
                "two intervals do not make a period: a slice, as a frame may be due at any moment");
        asked.get(0).accept(3 * PERIOD);
        long start = 3 * PERIOD + 10 * MS;
        assertEquals(4 * PERIOD, clock.batchEnd(start, start + BUDGET), "the frame is due before the budget ends");
        long early = 3 * PERIOD + MS;
        assertEquals(early + BUDGET, clock.batchEnd(early, early + BUDGET), "the budget ends before the frame is due");
    }

    @Test
    void pastTheReleaseTimeWithTheFrameNotBegunABatchRunsASlice() {
        backlogThenFrames(0, 0, PERIOD, 2 * PERIOD, 3 * PERIOD);
        long late = 4 * PERIOD + MS;
        assertEquals(late + FrameClock.SLICE_NANOS, clock.batchEnd(late, late + BUDGET));
        long tooLate = 4 * PERIOD + PERIOD / 2 + 1;
        assertEquals(tooLate + BUDGET, clock.batchEnd(tooLate, tooLate + BUDGET),
                "half a period after its release time the frame is not coming: the budget rules");
    }

    @Test
    void theMedianIntervalIsThePeriodWhateverAHeldUpOrSkippedFrameDid() {
        // Held up by 8 ms: one interval of 24 ms, then one of 8; then a skipped frame, 32 ms.
        long[] t = {0, 16, 40, 48, 64, 96, 112};
        for (int i = 0; i < t.length; i++) {
            t[i] *= MS;
        }
        backlogThenFrames(0, t);
        // The grid: 48 + 16 = 64 (the first release time), kept at 64 (-> 79.9), moved by the skipped
        // frame to 96 + 16 = 112, kept at 112: the next release time is 128 less the drift.
        long start = 112 * MS + MS;
        assertEquals(128 * MS - FrameClock.DRIFT_NANOS, clock.batchEnd(start, start + 30 * MS));
    }

    @Test
    void aFrameThatBeganWithinTheSlackOfItsReleaseTimeKeepsTheGrid() {
        LongConsumer frames = backlogThenFrames(0, 0, PERIOD, 2 * PERIOD, 3 * PERIOD);
        long release = 4 * PERIOD;
        frames.accept(release + FrameClock.SLACK_NANOS); // its timer fired a little late
        long next = release + PERIOD - FrameClock.DRIFT_NANOS;
        long start = release + 3 * MS;
        assertEquals(next, clock.batchEnd(start, start + 30 * MS),
                "the next release time is a period after the last one, less the drift, not after this frame");
    }

    @Test
    void aFrameLaterThanTheSlackOrEarlierThanItsReleaseTimeMovesTheGridToItself() {
        LongConsumer frames = backlogThenFrames(0, 0, PERIOD, 2 * PERIOD, 3 * PERIOD);
        long late = 4 * PERIOD + FrameClock.SLACK_NANOS + 1;
        frames.accept(late);
        assertEquals(late + PERIOD, clock.batchEnd(late + MS, late + 30 * MS));
        long early = late + PERIOD - 3 * MS; // the thread was free when its timer fired
        frames.accept(early);
        assertEquals(early + PERIOD, clock.batchEnd(early + MS, early + 30 * MS));
    }

    @Test
    void theSameFrameReportedTwiceCountsOnce() {
        LongConsumer frames = backlogThenFrames(0, 0, PERIOD, 2 * PERIOD, 3 * PERIOD);
        frames.accept(3 * PERIOD + 50_000);
        long start = 3 * PERIOD + MS;
        assertEquals(4 * PERIOD, clock.batchEnd(start, start + 30 * MS));
    }

    @Test
    void theWatchStopsWhenNoBacklogWasSeenForTheLingerAndThePeriodIsKeptForTheNext() {
        LongConsumer frames = backlogThenFrames(0, 0, PERIOD, 2 * PERIOD, 3 * PERIOD);
        long quiet = FrameClock.LINGER_NANOS + PERIOD;
        frames.accept(quiet);
        assertFalse(clock.watching());
        assertEquals(2, asked.size());
        assertNull(asked.get(1), "the driver is told to stop");
        long start = quiet + MS;
        long slice = start + FrameClock.UNTIMED_SLICE_NANOS;
        assertEquals(slice, clock.batchEnd(start, start + BUDGET),
                "not watching, and the period known: a frame may be due at any moment, so a slice");
        frames.accept(quiet + PERIOD); // a report already under way as the watch stopped
        assertEquals(slice, clock.batchEnd(start, start + BUDGET), "a stale report sets no grid");

        long again = quiet + 10 * PERIOD;
        backlogThenFrames(again, again + 2 * MS);
        assertEquals(3, asked.size());
        long next = again + 2 * MS + PERIOD;
        assertEquals(next, clock.batchEnd(again + 3 * MS, again + 3 * MS + 30 * MS),
                "the period learnt before times the batches from the first frame of the next backlog");
    }

    /** Learns the period, lets the watch stop for want of a backlog; returns a time well after. */
    private long afterTheWatchStopped() {
        LongConsumer frames = backlogThenFrames(0, 0, PERIOD, 2 * PERIOD, 3 * PERIOD);
        frames.accept(FrameClock.LINGER_NANOS + PERIOD);
        assertFalse(clock.watching());
        return FrameClock.LINGER_NANOS + 10 * PERIOD;
    }

    @Test
    void aWholeSliceWithWorkLeftStartsTheWatchAgainAndTheFirstFrameEndsTheSlices() {
        long start = afterTheWatchStopped();
        long slice = start + FrameClock.UNTIMED_SLICE_NANOS;
        assertEquals(slice, clock.batchEnd(start, start + BUDGET));
        clock.backlog(start, slice - 1, BUDGET);
        assertFalse(clock.watching(), "less than a slice is no backlog");
        clock.backlog(start, slice, BUDGET);
        assertTrue(clock.watching(), "a whole slice with work left is a backlog");
        assertEquals(3, asked.size());

        long next = slice + MS;
        assertEquals(next + FrameClock.UNTIMED_SLICE_NANOS, clock.batchEnd(next, next + BUDGET),
                "watching, no frame yet: slices");
        long frame = next + 2 * MS;
        asked.get(2).accept(frame);
        long after = frame + MS;
        assertEquals(frame + PERIOD, clock.batchEnd(after, after + 30 * MS), "the first frame sets the grid");
    }

    @Test
    void noFrameWithinTwoPeriodsOfTheWatchStartLeavesTheBatchesToTheirBudget() {
        long start = afterTheWatchStopped();
        long watched = start + FrameClock.UNTIMED_SLICE_NANOS;
        clock.backlog(start, watched, BUDGET);
        long last = watched + 2 * PERIOD;
        assertEquals(last + FrameClock.UNTIMED_SLICE_NANOS, clock.batchEnd(last, last + BUDGET));
        assertEquals(last + 1 + BUDGET, clock.batchEnd(last + 1, last + 1 + BUDGET),
                "two periods without a frame: the toolkit is not drawing, the budget rules");
        clock.backlog(last + 1, last + 1 + FrameClock.UNTIMED_SLICE_NANOS, BUDGET);
        assertEquals(last + 1 + BUDGET, clock.batchEnd(last + 1, last + 1 + BUDGET));
    }

    @Test
    void whileThePeriodIsLearntABatchRunsASliceUntilFramesStopComing() {
        clock.backlog(-BUDGET, 0, BUDGET);
        assertEquals(MS + BUDGET, clock.batchEnd(MS, MS + BUDGET), "no frame yet: the driver may report none");
        asked.get(0).accept(2 * MS);
        long start = 3 * MS;
        assertEquals(start + FrameClock.UNTIMED_SLICE_NANOS, clock.batchEnd(start, start + BUDGET),
                "the driver reports frames: a slice while the period is learnt");
        long gone = 2 * MS + FrameClock.MAX_PERIOD_NANOS + 1;
        assertEquals(gone + BUDGET, clock.batchEnd(gone, gone + BUDGET),
                "no frame for the longest period believed: the toolkit is not drawing");
    }

    @Test
    void aBatchShorterThanABacklogNeitherStartsTheWatchNorKeepsItGoing() {
        clock.backlog(0, FrameClock.BACKLOG_NANOS - 1, BUDGET);
        assertEquals(0, asked.size(), "a batch cut short before a backlog's length is no backlog");
        LongConsumer frames = backlogThenFrames(0, 0, PERIOD, 2 * PERIOD, 3 * PERIOD);
        // Slices run while a frame is overdue go on; the last backlog was at 0.
        long late = FrameClock.LINGER_NANOS;
        clock.backlog(late - FrameClock.SLICE_NANOS, late, BUDGET);
        frames.accept(late + PERIOD);
        assertFalse(clock.watching(), "slices kept the watch going");
    }

    @Test
    void aBatchCutAtAReleaseTimeKeepsTheWatchGoing() {
        LongConsumer frames = backlogThenFrames(0, 0, PERIOD, 2 * PERIOD, 3 * PERIOD);
        // Every backlog since the first ended at a release time, a few ms into its budget.
        long late = FrameClock.LINGER_NANOS;
        clock.backlog(late - 3 * MS, late, BUDGET);
        frames.accept(late + PERIOD);
        assertTrue(clock.watching(), "the watch lapsed during a backlog of batches cut at release times");
        assertEquals(1, asked.size(), "the watch started again");
    }

    @Test
    void aWholeBudgetShorterThanABacklogsLengthIsABacklog() {
        long budget = FrameClock.BACKLOG_NANOS / 2;
        clock.backlog(0, budget, budget);
        assertTrue(clock.watching());
    }

    @Test
    void closingStopsTheWatchForGood() {
        LongConsumer frames = backlogThenFrames(0, 0, PERIOD, 2 * PERIOD, 3 * PERIOD);
        clock.close();
        assertFalse(clock.watching());
        assertNull(asked.get(1));
        clock.backlog(4 * PERIOD - BUDGET, 4 * PERIOD, BUDGET);
        assertEquals(2, asked.size(), "a backlog during the closing drains starts no watch");
        frames.accept(4 * PERIOD);
        long start = 4 * PERIOD + MS;
        assertEquals(start + BUDGET, clock.batchEnd(start, start + BUDGET));
    }

    @Test
    void stopTellsTheDriverOnceAndOnlyWhileWatching() {
        clock.stop();
        assertEquals(0, asked.size());
        clock.backlog(-BUDGET, 0, BUDGET);
        clock.stop();
        clock.stop();
        assertEquals(2, asked.size());
        assertNull(asked.get(1));
    }
}
