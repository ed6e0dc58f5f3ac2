package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.LoopFixture;

/**
 * A backlog's batches end before the toolkit's next frame, on a toolkit the test plays itself:
 * posts are kept and run when the test says, and the test reports the frames. The callbacks spin
 * for 1 ms of real time each (the budget is real time), so what is asserted is how many ran in a
 * batch, which a slow machine can only lower: a batch that ignored the frames runs to its 20 ms
 * budget. Test thread, as the toolkit's thread.
 */
class FrameBatchesTest {

    private static final long MS = 1_000_000;
    /** A long period (48 ms), so that a frame counts as not coming only 24 ms after its release time. */
    private static final long PERIOD = 48 * MS;
    private static final Duration BUDGET = Duration.ofMillis(20);

    private final HeldToolkit toolkit = new HeldToolkit();
    private final List<Runnable> posted = toolkit.posted;

    /** What the loop asked the driver for: a sink for frames, or null to stop. */
    private final List<LongConsumer> asked = toolkit.framesAsked;

    private BaseEventLoop loop;
    private int ran;

    @AfterEach
    void closeTheLoop() {
        if (loop != null) {
            loop.close();
        }
    }

    /** A toolkit loop with a 20 ms budget and 100 callbacks of 1 ms queued. */
    private void backlogOfOneMillisecondCallbacks() {
        backlogOfOneMillisecondCallbacks(false);
    }

    /** As above, on a toolkit that says (or not) that it reports frames. */
    private void backlogOfOneMillisecondCallbacks(boolean drawsFrames) {
        toolkit.drawsFrames = drawsFrames;
        loop = new BaseEventLoop(new VirtualClock(), toolkit,
                LoopOptions.defaults().withName("frame-batches").withTickBudget(BUDGET), false, l -> Watcher.NONE);
        loop.scheduler().setToolkitDriven();
        for (int i = 0; i < 100; i++) {
            loop.execute(() -> {
                ran++;
                LoopFixture.busy(Duration.ofMillis(1));
            });
        }
    }

    /** Runs the next post; returns how many callbacks it ran. */
    private int runOnePost() {
        assertTrue(!posted.isEmpty(), "no tick was posted");
        int before = ran;
        posted.remove(0).run();
        return ran - before;
    }

    /** Runs the next post that runs callbacks (skipping the ones that only yield); returns how many. */
    private int runNextBatch() {
        for (int i = 0; i < 3; i++) {
            int n = runOnePost();
            if (n > 0) {
                return n;
            }
        }
        throw new AssertionError("three posts in a row ran nothing");
    }

    /** Reports four frames a period apart, the last {@code sinceLast} ns ago. */
    private void framesUntil(LongConsumer frames, long sinceLast) {
        long last = System.nanoTime() - sinceLast;
        for (int k = 3; k >= 0; k--) {
            frames.accept(last - k * PERIOD);
        }
    }

    @Test
    void aBacklogStartsTheWatchAndItsNextBatchEndsAtTheFramesReleaseTime() {
        backlogOfOneMillisecondCallbacks();
        runOnePost();
        assertEquals(1, asked.size(), "a batch that spent its budget with work left starts the watch");
        LongConsumer frames = asked.get(0);
        assertNotNull(frames);

        // The last frame began 42 ms ago: the next is released in 6 ms, before the 20 ms budget ends.
        framesUntil(frames, 42 * MS);
        int timed = runNextBatch();
        // 6 ms of 1 ms callbacks, and the one running at the release time: at most 7 (20 without frames).
        assertTrue(timed <= 8, timed + " callbacks of 1 ms ran in a batch due to end in 6 ms");

        // Past the release time with the frame not begun: each batch is a slice, one callback (for
        // 24 ms after the release time; then the frame counts as not coming).
        assertEquals(1, runNextBatch());
        assertEquals(1, runNextBatch());
    }

    @Test
    void onAToolkitThatSaysItDrawsFramesAFreshLoopsFirstBacklogRunsSlicesUntilAFrameIsReported() {
        backlogOfOneMillisecondCallbacks(true);
        // No frame seen yet, but one may be due: a 0.5 ms slice runs one 1 ms callback (20 on the budget).
        assertEquals(1, runNextBatch());
        assertEquals(1, asked.size(), "a whole slice with work left starts the watch");
        assertEquals(1, runNextBatch(), "slices until a frame is reported");

        // Four frames a period apart, the last 42 ms ago: the next is released in 6 ms.
        framesUntil(asked.get(0), 42 * MS);
        int timed = runNextBatch();
        assertTrue(timed > 1 && timed <= 8, timed + " callbacks of 1 ms ran in a batch due to end in 6 ms");
    }

    @Test
    void aBacklogAfterTheWatchStoppedRunsSlicesUntilAFrameIsReported() {
        backlogOfOneMillisecondCallbacks();
        runOnePost();
        LongConsumer frames = asked.get(0);
        framesUntil(frames, 42 * MS); // the period is learnt
        frames.accept(System.nanoTime() + FrameClock.LINGER_NANOS); // no backlog for the linger: the watch stops
        assertEquals(2, asked.size());
        assertNull(asked.get(1));

        // The next frame may be due at any moment: a 0.5 ms slice runs one 1 ms callback (20 on the budget).
        assertEquals(1, runNextBatch());
        assertEquals(3, asked.size(), "a whole slice with work left starts the watch again");
        assertNotNull(asked.get(2));
        assertEquals(1, runNextBatch(), "slices until a frame is reported");

        // The last frame began 42 ms ago: the next is released in 6 ms.
        framesUntil(asked.get(2), 42 * MS);
        int timed = runNextBatch();
        assertTrue(timed > 1 && timed <= 8, timed + " callbacks of 1 ms ran in a batch due to end in 6 ms");
    }

    @Test
    void aBatchThatEndsForAFrameYieldsTheCpuAndOneThatEndsAtItsBudgetDoesNot() {
        backlogOfOneMillisecondCallbacks();
        int[] yields = new int[1];
        loop.scheduler().cpuYield = () -> yields[0]++;
        runOnePost();
        assertEquals(0, yields[0], "a batch that ended at its budget, with no frame known, yielded the CPU");

        framesUntil(asked.get(0), 42 * MS);
        runNextBatch();
        assertEquals(1, yields[0], "a batch that ended at the frame's release time lets the toolkit's timer thread run");
        runNextBatch();
        assertEquals(2, yields[0], "so does a slice run while the frame is overdue");
    }

    @Test
    void aFrameThatIsNotComingLeavesTheBatchToItsBudget() {
        backlogOfOneMillisecondCallbacks();
        runOnePost();
        LongConsumer frames = asked.get(0);
        // The last frame began 80 ms ago: the next was due 32 ms ago, more than half a period.
        framesUntil(frames, 80 * MS);
        int n = runNextBatch();
        assertTrue(n > 1, n + " callbacks: a slice runs one, a batch on its budget more");
    }

    @Test
    void closingTheLoopStopsTheWatch() {
        backlogOfOneMillisecondCallbacks();
        runOnePost();
        assertEquals(1, asked.size());
        loop.close();
        loop = null;
        assertEquals(2, asked.size());
        assertNull(asked.get(1));
    }
}
