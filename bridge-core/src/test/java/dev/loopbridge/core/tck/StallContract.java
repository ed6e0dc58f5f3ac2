package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopStats;

/**
 * The stall watchdog: a loop thread that does not come back from one piece of work for longer than
 * the threshold is reported while it is stuck, with its stack, and once more when it is back.
 * Stalls are made with latches, never with sleeps: the stuck callback waits for the warning itself.
 */
public interface StallContract extends LoopFixture {

    Duration STALL_THRESHOLD = Duration.ofMillis(100);

    @Test
    default void aCallbackStuckPastTheThresholdIsReportedWithItsStackWhileItLasts() {
        String name = "tck-stuck-" + System.nanoTime();
        EventLoop l = newLoop(options().withName(name).withStallThreshold(STALL_THRESHOLD));
        LoopFuture<CapturedLog.Event> warned = l.newFuture();
        l.execute(() -> warned.complete(CapturedLog.await(
                e -> e.level() == Level.WARN && e.message().startsWith("Loop '" + name + "' stalled:"),
                "the stall warning")));
        CapturedLog.Event warning = l.runUntilComplete(warned);
        assertTrue(warning.message().contains("stuck in one callback"), warning.message());
        assertTrue(warning.message().contains("CapturedLog.await"), "the warning has the stuck thread's stack: "
                + warning.message());

        CapturedLog.Event over = CapturedLog.await(
                e -> e.level() == Level.WARN && e.message().startsWith("Loop '" + name + "' stall over"),
                "the end of the stall");
        assertTrue(over.message().contains("in one callback"), over.message());
        LoopStats stats = l.stats();
        assertEquals(1, stats.stalls(), "stalls counted");
        assertTrue(stats.longestStall().compareTo(STALL_THRESHOLD.dividedBy(2)) >= 0,
                "longest stall " + stats.longestStall());
    }

    /**
     * An idle wait counted as a stall would be one stall as long as the wait, less the threshold.
     * A machine too busy to run a posted tick at once may add a short stall of its own (a toolkit
     * thread that waits for a core past 20 ms), so what is asserted is that no stall took in most
     * of the wait.
     */
    @Test
    default void aLoopWaitingForATimerIsIdleNotStalled() {
        Duration wait = Duration.ofMillis(600);
        EventLoop l = newLoop(options().withStallThreshold(Duration.ofMillis(20)));
        l.runUntilComplete(l.sleep(wait));
        l.runUntilComplete(l.submit(() -> null));
        LoopStats stats = l.stats();
        assertTrue(stats.longestStall().compareTo(wait.dividedBy(2)) < 0, "an idle loop was counted as stalled: "
                + stats.stalls() + " stalls, the longest " + stats.longestStall());
    }

    @Test
    default void aCallbackWaitingInANestedLoopIsNotStalled() {
        assumeTrue(supportsNestedLoops(), "no nested loops on this loop");
        String name = "tck-nested-" + System.nanoTime();
        EventLoop l = newLoop(options().withName(name).withStallThreshold(STALL_THRESHOLD));
        // Waits four thresholds inside a callback, in a nested loop in which nothing else runs.
        LoopFuture<Void> waited = l.submit(() -> {
            l.runUntilComplete(l.sleep(STALL_THRESHOLD.multipliedBy(4)));
            return null;
        });
        l.runUntilComplete(waited);
        assertEquals(0, l.stats().stalls(), "a nested loop was counted as a stall: "
                + CapturedLog.events().stream().filter(e -> e.message().contains(name)).toList());
    }

    @Test
    default void toolkitCodeThatKeepsTheLoopsTickWaitingIsReported() throws Exception {
        String name = "tck-toolkit-" + System.nanoTime();
        EventLoop l = newLoop(options().withName(name).withStallThreshold(STALL_THRESHOLD));
        l.runUntilComplete(l.submit(() -> null)); // the loop has run on its thread once
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        assumeTrue(postToolkitEvent(() -> {
            stuck.countDown();
            try {
                release.await(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS); // an event handler that blocks
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "no toolkit under this loop");
        assertTrue(stuck.await(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        LoopFuture<Void> ran = l.newFuture();
        l.execute(() -> ran.complete(null)); // its tick waits behind the blocked event
        CapturedLog.Event warning = CapturedLog.await(
                e -> e.level() == Level.WARN && e.message().startsWith("Loop '" + name + "' stalled:"),
                "the stall warning");
        release.countDown();
        assertTrue(warning.message().contains("outside the loop"), warning.message());
        assertTrue(warning.message().contains("CountDownLatch.await"), "the warning has the thread's stack: "
                + warning.message());
        l.runUntilComplete(ran);
        CapturedLog.await(e -> e.level() == Level.WARN && e.message().startsWith("Loop '" + name + "' stall over"),
                "the end of the stall");
        assertEquals(1, l.stats().stalls());
    }
}
