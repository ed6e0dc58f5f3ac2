package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/** close(): idempotent, from any thread; nothing scheduled after it, nothing left behind. */
public interface CloseContract extends LoopFixture {

    /** Closes the loop from another thread (or, for a loop driven by the test thread, from it). */
    private void closeElsewhere(EventLoop l) {
        if (testThreadIsLoopThread()) {
            l.close();
        } else {
            awaitReal(inThread(() -> {
                l.close();
                return null;
            }));
        }
    }

    private static Iterable<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet();
    }

    @Test
    default void afterCloseSchedulingIsRejected() {
        loop().close();
        assertTrue(loop().isClosed());
        List<Supplier<Object>> calls = List.of(
                () -> loop().callSoon(() -> { }),
                () -> {
                    loop().execute(() -> { });
                    return null;
                },
                () -> loop().callLater(Duration.ofMillis(1), () -> { }),
                () -> loop().callAt(0, () -> { }),
                () -> loop().submit(() -> 1),
                () -> loop().runInExecutor(() -> 1),
                () -> loop().sleep(Duration.ofMillis(1)));
        for (Supplier<Object> call : calls) {
            RejectedExecutionException e = assertThrows(RejectedExecutionException.class, call::get);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    default void aSleepStillOnItsWayFromAnotherThreadWhenTheLoopClosesIsCancelled() {
        // Scheduled off the loop thread, the timer travels through the ready queue to the heap;
        // on the test loop it is still travelling when close() runs the final drain.
        LoopFuture<Void> sleep = awaitReal(inThread(() -> loop().sleep(Duration.ofHours(1))));
        loop().close();
        assertTrue(sleep.isCancelled(), "the sleep was left pending: " + sleep);
    }

    @Test
    default void closeIsIdempotentFromAnyThread() {
        closeElsewhere(loop());
        closeElsewhere(loop());
        loop().close();
        assertTrue(loop().isClosed());
    }

    @Test
    default void closeCancelsPendingTimersAndSleeps() {
        LoopFuture<Void> sleep = loop().sleep(Duration.ofHours(1));
        List<String> fired = new CopyOnWriteArrayList<>();
        loop().callLater(Duration.ofHours(1), () -> fired.add("timer"));
        onLoop(() -> { });
        closeElsewhere(loop());
        assertTrue(sleep.isCancelled());
        assertEquals(List.of(), fired);
    }

    @Test
    default void callbacksQueuedBeforeCloseStillRun() {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CountDownLatch hold = new CountDownLatch(1);
        if (!testThreadIsLoopThread()) {
            loop().callSoon(() -> {
                try {
                    hold.await(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        for (int i = 0; i < 100; i++) {
            int n = i;
            loop().callSoon(() -> ran.add(n));
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(loop()::close,
                r -> Thread.ofPlatform().start(r));
        hold.countDown();
        if (testThreadIsLoopThread()) {
            awaitReal(closing);
            loop().close();
        } else {
            awaitReal(closing);
        }
        assertEquals(100, ran.size());
    }

    @Test
    default void closeFromACallbackShutsTheLoopDown() {
        LoopFuture<Void> sleep = loop().sleep(Duration.ofHours(1));
        loop().callSoon(loop()::close);
        assertThrows(CancellationException.class, () -> await(sleep));
        assertTrue(loop().isClosed());
    }

    @Test
    default void closeInterruptsBlockingWork() {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        LoopFuture<Object> work = loop().runInExecutor(() -> {
            started.countDown();
            try {
                Thread.sleep(TestTimeouts.TIMEOUT.toMillis() * 10);
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return null;
        });
        awaitReal(inThread(() -> started.await(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
        closeElsewhere(loop());
        assertTrue(work.isCancelled());
        assertTrue(awaitReal(interrupted));
    }

    @Test
    default void closeStopsTheLoopsThreads() {
        EventLoop l = newLoop(options().withName("tck-threads"));
        l.runUntilComplete(l.sleep(Duration.ofMillis(5))); // starts any lazily created thread
        closeElsewhere(l);
        if (closeWaitsForShutdown()) {
            for (Thread t : liveThreads()) {
                assertFalse(t.getName().startsWith("tck-threads"), "still alive: " + t);
            }
        }
    }

    @Test
    default void aWaiterOnAnotherThreadIsReleasedWhenTheLoopCloses() {
        LoopFuture<String> never = loop().newFuture();
        CompletableFuture<Object> waiter = inThread(() -> {
            try {
                return loop().runUntilComplete(never);
            } catch (CancellationException expected) {
                return "released";
            }
        });
        if (testThreadIsLoopThread()) {
            loop().close();
            // the waiter's thread is not the owner: it waits off-loop until termination
        } else {
            onLoop(() -> { });
            closeElsewhere(loop());
        }
        assertEquals("released", awaitReal(waiter));
    }

    @Test
    default void runUntilCompleteOnAClosedLoopIsRejected() {
        loop().close();
        assertThrows(RejectedExecutionException.class, () -> loop().runUntilComplete(new CompletableFuture<>()));
    }
}
