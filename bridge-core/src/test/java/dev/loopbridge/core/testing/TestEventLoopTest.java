package dev.loopbridge.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;

/** What the test loop adds to the TCK: virtual time under the test's control. */
class TestEventLoopTest {

    private final TestEventLoop loop = TestEventLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void timeStartsAtZeroAndStandsStillUntilAdvanced() throws InterruptedException {
        assertEquals(0, loop.time());
        Thread.sleep(5);
        loop.runUntilIdle();
        assertEquals(0, loop.time());
        assertEquals(Duration.ZERO, loop.elapsed());
    }

    @Test
    void advanceFiresEveryDueTimerInOrderAtItsOwnDeadline() {
        List<String> fired = new ArrayList<>();
        loop.callLater(Duration.ofSeconds(3), () -> fired.add("3s@" + loop.time()));
        loop.callLater(Duration.ofSeconds(1), () -> fired.add("1s@" + loop.time()));
        loop.callLater(Duration.ofSeconds(10), () -> fired.add("10s"));
        loop.advance(Duration.ofSeconds(5));
        assertEquals(List.of("1s@1000000000", "3s@3000000000"), fired);
        assertEquals(Duration.ofSeconds(5), loop.elapsed());
    }

    @Test
    void timersScheduledByTimersFireWithinTheSameAdvance() {
        List<Long> attempts = new ArrayList<>();
        retryWithBackoff(Duration.ofSeconds(1), attempts);
        loop.advance(Duration.ofSeconds(7));
        assertEquals(List.of(0L, 1_000_000_000L, 3_000_000_000L, 7_000_000_000L), attempts);
    }

    private void retryWithBackoff(Duration delay, List<Long> attempts) {
        attempts.add(loop.time());
        loop.callLater(delay, () -> retryWithBackoff(delay.multipliedBy(2), attempts));
    }

    @Test
    void runUntilIdleRunsReadyWorkWithoutMovingTime() {
        List<String> ran = new ArrayList<>();
        loop.callSoon(() -> loop.callSoon(() -> ran.add("second")));
        loop.callLater(Duration.ofMillis(1), () -> ran.add("timer"));
        loop.runUntilIdle();
        assertEquals(List.of("second"), ran);
    }

    @Test
    void runUntilCompleteJumpsOverIdleTime() {
        long start = System.nanoTime();
        loop.runUntilComplete(loop.sleep(Duration.ofHours(1)));
        assertEquals(Duration.ofHours(1), loop.elapsed());
        assertTrue(System.nanoTime() - start < TestTimeouts.TIMEOUT.toNanos());
    }

    @Test
    void aTimeoutOnATestLoopFiresInVirtualTime() {
        LoopFuture<String> never = loop.newFuture();
        CompletionException e = assertThrows(CompletionException.class,
                () -> loop.runUntilComplete(never.orTimeout(30, TimeUnit.SECONDS)));
        assertTrue(e.getCause() instanceof TimeoutException);
        assertEquals(Duration.ofSeconds(30), loop.elapsed());
    }

    @Test
    void timeDoesNotJumpWhileWorkOutsideTheLoopIsPending() {
        CompletableFuture<String> outside = new CompletableFuture<>();
        loop.callLater(Duration.ofHours(1), () -> outside.completeExceptionally(new AssertionError("time jumped")));
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            outside.complete("real work done");
        });
        assertEquals("real work done", loop.runUntilComplete(outside));
        assertEquals(0, loop.time());
    }

    @Test
    void advanceRejectsNegativeTimeAndOtherThreads() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.advance(Duration.ofSeconds(-1)));
        assertEquals("delta: PT-1S (expected: >= 0; time never goes back)", e.getMessage());
        CompletableFuture<String> fromOther = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                loop.advance(Duration.ofSeconds(1));
                fromOther.complete("advanced");
            } catch (IllegalStateException expected) {
                fromOther.complete(expected.getMessage());
            }
        });
        String message = fromOther.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(message.startsWith("TestEventLoop.advance must be called on the test loop's owner thread"),
                message);
    }

    @Test
    void aCallbackThatAlwaysReschedulesItselfIsReportedInsteadOfHanging() {
        Runnable forever = new Runnable() {
            @Override
            public void run() {
                loop.callSoon(this);
            }
        };
        loop.callSoon(forever);
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::runUntilIdle);
        assertTrue(e.getMessage().contains("keeps scheduling"), e.getMessage());
    }

    @Test
    void callbacksFromOtherThreadsRunWhenTheOwnerRunsTheLoop() throws Exception {
        List<String> ran = new ArrayList<>();
        Thread t = Thread.ofPlatform().start(() -> loop.callSoon(() -> ran.add("from other thread")));
        t.join();
        assertEquals(List.of(), ran);
        loop.runUntilIdle();
        assertEquals(List.of("from other thread"), ran);
    }

    @Test
    void aCloseFromAnotherThreadFinishesWhenTheOwnerNextRunsTheLoop() throws Exception {
        LoopFuture<Void> sleep = loop.sleep(Duration.ofHours(1));
        Thread t = Thread.ofPlatform().start(loop::close);
        t.join();
        assertTrue(loop.isClosed());
        assertFalse(sleep.isDone());
        loop.runUntilIdle();
        assertTrue(sleep.isCancelled());
    }
}
