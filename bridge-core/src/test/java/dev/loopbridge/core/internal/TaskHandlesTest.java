package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.Handle;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.core.testing.TestEventLoop;

/**
 * The handles behind {@code callSoon} and {@code callLater} (CallbackTask, TimerTask) on the test
 * loop, owned by the test thread: what counts as a callback run, cancelling in each state, what an
 * error report says, what the loop's close does to pending timers. Test thread.
 */
class TaskHandlesTest {

    private final TestEventLoop loop = TestEventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** A runnable that counts its runs and names itself. */
    private static final class Action implements Runnable {
        final AtomicInteger runs = new AtomicInteger();
        private final String name;

        Action(String name) {
            this.name = name;
        }

        @Override
        public void run() {
            runs.incrementAndGet();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static <T> T onAnotherThread(Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name("another-thread").start(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private long runs() {
        return loop.stats().callbacksRun();
    }

    @Test
    void aTimerFromAnotherThreadCountsAsRunWhenItFiresNotWhenItEntersTheHeap() throws Exception {
        Action action = new Action("timer");
        TimerHandle timer = onAnotherThread(() -> loop.callLater(Duration.ofSeconds(1), action));
        long before = runs();
        loop.runUntilIdle(); // the hop: the timer enters the heap
        assertEquals(before, runs(), "the timer's hop into the heap was counted as a callback run");
        assertFalse(timer.isCancelled());
        loop.advance(Duration.ofSeconds(1));
        assertEquals(1, action.runs.get());
        assertEquals(before + 1, runs(), "the timer that fired was not counted");
    }

    @Test
    void aCancelledCallbackNeitherRunsNorCounts() {
        Action action = new Action("callback");
        Handle h = loop.callSoon(action);
        assertFalse(h.isCancelled());
        assertTrue(h.cancel());
        assertTrue(h.isCancelled());
        long before = runs();
        loop.runUntilIdle();
        assertEquals(0, action.runs.get());
        assertEquals(before, runs(), "a cancelled callback was counted as run");
        assertFalse(h.cancel(), "cancelled twice");
    }

    @Test
    void aTimerCancelledBeforeItsHopIsCancelledAtOnceAndNeverFires() throws Exception {
        Action action = new Action("timer");
        boolean[] cancelled = new boolean[2];
        TimerHandle timer = onAnotherThread(() -> {
            TimerHandle t = loop.callLater(Duration.ofSeconds(1), action);
            cancelled[0] = t.cancel();
            cancelled[1] = t.isCancelled();
            return t;
        });
        assertTrue(cancelled[0], "cancelling a timer still on its way to the heap returned false");
        assertTrue(cancelled[1]);
        assertTrue(timer.isCancelled());
        loop.advance(Duration.ofSeconds(2));
        assertEquals(0, action.runs.get());
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void aTimerCancelledFromAnotherThreadInTheTickItIsDueNeitherFiresNorCounts() {
        Action action = new Action("timer");
        TimerHandle timer = loop.callAt(loop.time(), action); // due in the next tick
        loop.callSoon(() -> {
            // Runs in that tick, before the timers: the cancel comes from another thread, so the
            // timer is still in the heap, cancelled, when the tick reaches it.
            try {
                assertTrue(onAnotherThread(timer::cancel));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        long before = runs();
        loop.runUntilIdle();
        assertEquals(0, action.runs.get());
        assertTrue(timer.isCancelled());
        assertEquals(before + 1, runs(), "the cancelled timer was counted as run");
    }

    @Test
    void closingTheLoopCancelsAPendingSleepAndDropsOtherTimers() {
        LoopFuture<Void> sleep = loop.sleep(Duration.ofHours(1));
        Action action = new Action("timer");
        TimerHandle timer = loop.callLater(Duration.ofHours(1), action);
        loop.close();
        assertTrue(sleep.isCancelled(), "a sleep pending when the loop closed was left pending");
        assertTrue(timer.isCancelled());
        assertEquals(0, action.runs.get());
    }

    @Test
    void anErrorReportNamesTheTimerOrCallbackAndInDebugModeWhereItWasScheduled() {
        List<String> contexts = new ArrayList<>();
        loop.setExceptionHandler((l, error, context) -> contexts.add(context));
        Runnable failingTimer = new Runnable() {
            @Override
            public void run() {
                throw new IllegalStateException("boom");
            }

            @Override
            public String toString() {
                return "the failing timer";
            }
        };
        Runnable failingCallback = new Runnable() {
            @Override
            public void run() {
                throw new IllegalStateException("boom");
            }

            @Override
            public String toString() {
                return "the failing callback";
            }
        };
        loop.callLater(Duration.ofSeconds(1), failingTimer);
        loop.callSoon(failingCallback);
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of("Exception in callback the failing callback", "Exception in timer the failing timer"),
                contexts);
        contexts.clear();
        loop.setDebug(true);
        loop.callLater(Duration.ofSeconds(1), failingTimer);
        loop.callSoon(failingCallback);
        loop.advance(Duration.ofSeconds(1));
        assertEquals(2, contexts.size());
        assertTrue(contexts.get(0).startsWith("Exception in callback the failing callback, scheduled at "),
                contexts.get(0));
        assertTrue(contexts.get(1).startsWith("Exception in timer the failing timer, scheduled at "), contexts.get(1));
    }

    @Test
    void handlesSayWhatTheyRunAndInWhichState() throws Exception {
        Action action = new Action("tick-action");
        Handle pending = loop.callSoon(action);
        assertEquals("Handle[tick-action, pending]", pending.toString());
        loop.runUntilIdle();
        assertEquals("Handle[tick-action, started]", pending.toString());
        Handle cancelled = loop.callSoon(action);
        cancelled.cancel();
        assertEquals("Handle[tick-action, cancelled]", cancelled.toString());

        TimerHandle timer = loop.callLater(Duration.ofSeconds(1), action);
        assertEquals("TimerHandle[tick-action, when=" + timer.when() + ", scheduled]", timer.toString());
        loop.advance(Duration.ofSeconds(1));
        assertEquals("TimerHandle[tick-action, when=" + timer.when() + ", fired]", timer.toString());
        TimerHandle hopping = onAnotherThread(() -> loop.callLater(Duration.ofSeconds(1), action));
        assertEquals("TimerHandle[tick-action, when=" + hopping.when() + ", hopping]", hopping.toString());
        hopping.cancel();
        assertEquals("TimerHandle[tick-action, when=" + hopping.when() + ", cancelled]", hopping.toString());
    }

    @Test
    void aCallbackThatWaitedCountsInTheLagFigures() {
        loop.callSoon(new Action("waits")); // finds the loop idle: its wait is measured
        long end = System.nanoTime() + Duration.ofMillis(5).toNanos();
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait(); // the loop is busy elsewhere for 5 ms
        }
        loop.runUntilIdle();
        assertTrue(loop.stats().lagMax().compareTo(Duration.ofMillis(4)) >= 0,
                "a callback's wait was not counted: lagMax " + loop.stats().lagMax());
    }
}
