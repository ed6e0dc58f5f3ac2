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
class LoopWatchTest {

    private static final long TIMEOUT_NANOS = TestTimeouts.TIMEOUT.toNanos();

    @Test
    void theTimeAdvancesWhileABatchIsArmedAndNeverLeadsTheRealClock() {
        LoopWatch.arm();
        try {
            long first = LoopWatch.now();
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (LoopWatch.now() - first < 5 * LoopWatch.PERIOD_NANOS) {
                assertTrue(System.nanoTime() - deadline < 0, "the budget clock stood still while armed");
                long published = LoopWatch.now();
                assertTrue(published - System.nanoTime() <= 0, "the budget clock ran ahead of System.nanoTime");
                Thread.onSpinWait();
            }
        } finally {
            LoopWatch.disarm();
        }
    }

    @Test
    void theThreadParksOnceNoBatchHasRunForItsLinger() {
        LoopWatch.arm();
        LoopWatch.disarm();
        assertTrue(LoopWatch.awaitParked(TIMEOUT_NANOS, TimeUnit.NANOSECONDS),
                "the budget clock's thread still ticks with no batch running");
        Thread clock = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(LoopWatch.THREAD_NAME)).findFirst().orElseThrow();
        assertTrue(clock.isDaemon(), "the budget clock's thread must not keep the JVM alive");
    }

    @Test
    void aLoopArmsTheClockOnlyWhileABatchOfMoreThanOneCallbackRuns() {
        try (EventLoop loop = EventLoops.newDefault()) {
            int[] armedDuring = new int[2];
            LoopFuture<Void> done = loop.newFuture();
            loop.execute(() -> armedDuring[0] = LoopWatch.armedBatches()); // a lone callback
            loop.runUntilComplete(loop.submit(() -> null));
            loop.execute(() -> {
                loop.execute(() -> { });
                loop.execute(() -> { });
                loop.execute(() -> {
                    armedDuring[1] = LoopWatch.armedBatches(); // the third of a batch of three
                    done.complete(null);
                });
            });
            loop.runUntilComplete(done);
            assertEquals(0, armedDuring[0], "a lone callback armed the budget clock");
            assertEquals(1, armedDuring[1], "a batch of three did not arm the budget clock");
            assertEquals(0, loop.runUntilComplete(loop.submit(LoopWatch::armedBatches)),
                    "a batch that ended left the budget clock armed");
        }
    }
}
