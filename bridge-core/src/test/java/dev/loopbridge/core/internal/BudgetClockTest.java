package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * The budget clock ticks while a batch runs and parks when none does: an idle application has no
 * thread waking up every millisecond.
 */
class BudgetClockTest {

    private static final long TIMEOUT_NANOS = TestTimeouts.TIMEOUT.toNanos();

    @Test
    void theTimeAdvancesWhileABatchIsArmedAndNeverLeadsTheRealClock() {
        BudgetClock.arm();
        try {
            long first = BudgetClock.now();
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (BudgetClock.now() - first < 5 * BudgetClock.PERIOD_NANOS) {
                assertTrue(System.nanoTime() - deadline < 0, "the budget clock stood still while armed");
                long published = BudgetClock.now();
                assertTrue(published - System.nanoTime() <= 0, "the budget clock ran ahead of System.nanoTime");
                Thread.onSpinWait();
            }
        } finally {
            BudgetClock.disarm();
        }
    }

    @Test
    void theThreadParksOnceNoBatchHasRunForItsLinger() {
        BudgetClock.arm();
        BudgetClock.disarm();
        assertTrue(BudgetClock.awaitParked(TIMEOUT_NANOS, TimeUnit.NANOSECONDS),
                "the budget clock's thread still ticks with no batch running");
        Thread clock = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(BudgetClock.THREAD_NAME)).findFirst().orElseThrow();
        assertTrue(clock.isDaemon(), "the budget clock's thread must not keep the JVM alive");
    }

    @Test
    void aLoopArmsTheClockOnlyWhileABatchOfMoreThanOneCallbackRuns() {
        try (EventLoop loop = EventLoops.newDefault()) {
            int[] armedDuring = new int[2];
            LoopFuture<Void> done = loop.newFuture();
            loop.execute(() -> armedDuring[0] = BudgetClock.armedBatches()); // a lone callback
            loop.runUntilComplete(loop.submit(() -> null));
            loop.execute(() -> {
                loop.execute(() -> { });
                loop.execute(() -> { });
                loop.execute(() -> {
                    armedDuring[1] = BudgetClock.armedBatches(); // the third of a batch of three
                    done.complete(null);
                });
            });
            loop.runUntilComplete(done);
            assertEquals(0, armedDuring[0], "a lone callback armed the budget clock");
            assertEquals(1, armedDuring[1], "a batch of three did not arm the budget clock");
            assertEquals(0, loop.runUntilComplete(loop.submit(BudgetClock::armedBatches)),
                    "a batch that ended left the budget clock armed");
        }
    }
}
