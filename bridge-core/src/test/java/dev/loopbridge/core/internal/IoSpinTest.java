package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.tck.TestTimeouts;

/**
 * The I/O poll's bookkeeping ({@link IoSpin}), shared by the default loop's thread and a toolkit
 * batch: how many rounds skip it after polls that found nothing, and which answers clear that.
 * The clock is passed in where the rule depends on it; a poll that finds nothing runs its loop
 * once when given a start long past, so nothing here waits.
 */
class IoSpinTest {

    /** The polls made: the selector looked at without waiting. */
    private final AtomicInteger polls = new AtomicInteger();
    private final Runnable poll = polls::incrementAndGet;

    private static final long LONG_AGO = System.nanoTime() - 1_000_000_000L;

    /** A poll length no stall of the test thread can use up. */
    private static final long HOUR = 3_600_000_000_000L;

    private boolean miss(IoSpin spin, long at) {
        return spin.spin(poll, () -> false, at, at + 50_000);
    }

    /** How many rounds in a row skip the poll now. */
    private static int skipsInARow(IoSpin spin) {
        int n = 0;
        while (spin.skipOnce()) {
            n++;
        }
        return n;
    }

    @Test
    void aPollThatFindsWorkSaysSoAndLeavesTheNextRoundsPolling() {
        IoSpin spin = new IoSpin(HOUR);
        long now = System.nanoTime();
        // Work shows up after the third poll: a look that is not after a poll would never see it.
        assertTrue(spin.spin(poll, () -> polls.get() == 3, now, now + TestTimeouts.TIMEOUT.toNanos()));
        assertEquals(3, polls.get(), "it polls until the work is there, and looks after each poll");
        assertFalse(spin.skipOnce());
    }

    @Test
    void fruitlessPollsDoubleTheRoundsThatSkipUpToSixtyFourAndAFindResetsThem() {
        IoSpin spin = new IoSpin(50_000);
        int[] expected = {1, 2, 4, 8, 16, 32, 64, 64};
        for (int skips : expected) {
            assertFalse(miss(spin, LONG_AGO));
            assertEquals(skips, skipsInARow(spin));
        }
        assertTrue(spin.spin(poll, () -> true, System.nanoTime(), Long.MAX_VALUE));
        assertFalse(miss(spin, LONG_AGO));
        assertEquals(1, skipsInARow(spin), "after a find, a miss starts the doubling again");
    }

    @Test
    void anAnswerSoonAfterAMissedPollClearsTheSkipsALateOneOrAWakeWithoutIoDoesNot() {
        long t = LONG_AGO;
        IoSpin soon = new IoSpin(50_000);
        miss(soon, t);
        miss(soon, t); // backoff 2
        soon.woke(t + IoSpin.SOON_NANOS - 2, true);
        assertEquals(0, skipsInARow(soon), "a late answer, not a slow peer");
        miss(soon, t);
        assertEquals(1, skipsInARow(soon), "and the doubling starts again");

        IoSpin late = new IoSpin(50_000);
        miss(late, t);
        miss(late, t);
        late.woke(t + IoSpin.SOON_NANOS + 1, true); // (the poll notes its start with the low bit set)
        assertEquals(2, skipsInARow(late), "an answer this late is a slow peer's");

        IoSpin noIo = new IoSpin(50_000);
        miss(noIo, t);
        miss(noIo, t);
        noIo.woke(t + 1_000, false); // a timer or a callback woke the thread
        assertEquals(2, skipsInARow(noIo));
        noIo.woke(t + 2_000, true);
        miss(noIo, t);
        assertEquals(4, skipsInARow(noIo), "the wake without I/O used up the missed poll");
    }

    @Test
    void aPollEndsByItsDeadlineWhenThatComesFirst() {
        IoSpin spin = new IoSpin(HOUR);
        long now = System.nanoTime();
        assertFalse(spin.spin(poll, () -> false, now, now + 200_000));
        long took = System.nanoTime() - now;
        assertTrue(took >= 200_000 && took < HOUR, took + " ns");
    }
}
