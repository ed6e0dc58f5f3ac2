package dev.loopbridge.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Reentry;
import dev.loopbridge.core.testing.TestEventLoop;

/** The re-entry policies, busy signal and error reports of asynchronous triggers, on the test loop. */
class AsyncTriggerTest {

    private final TestEventLoop loop = TestEventLoop.create();
    private final List<LoopFuture<Void>> runs = new ArrayList<>();
    private final List<Boolean> busy = new ArrayList<>();
    private final List<String> reported = new ArrayList<>();

    private AsyncTrigger<String> trigger(Reentry policy) {
        loop.setExceptionHandler((l, e, context) -> reported.add(context + ": " + e.getMessage()));
        return new AsyncTrigger<>(loop, event -> {
            LoopFuture<Void> run = loop.newFuture();
            runs.add(run);
            return run;
        }, policy, busy::add, "the test button");
    }

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void ignoreRunsOneAtATimeAndDropsTheRest() {
        AsyncTrigger<String> t = trigger(Reentry.IGNORE);
        t.fire("a");
        t.fire("b");
        assertEquals(1, runs.size());
        runs.get(0).complete(null);
        loop.runUntilIdle();
        t.fire("c");
        assertEquals(2, runs.size());
        assertEquals(List.of(true, false, true), busy);
    }

    @Test
    void queueStartsTheNextWhenTheCurrentEnds() {
        AsyncTrigger<String> t = trigger(Reentry.QUEUE);
        t.fire("a");
        t.fire("b");
        t.fire("c");
        assertEquals(1, runs.size());
        runs.get(0).complete(null);
        loop.runUntilIdle();
        assertEquals(2, runs.size());
        runs.get(1).complete(null);
        runs.get(2).complete(null);
        loop.runUntilIdle();
        assertFalse(t.isBusy());
        assertEquals(List.of(true, false), busy, "busy from the first event until the queue is empty");
    }

    @Test
    void cancelPreviousCancelsTheRunningOneWithoutReportingIt() {
        AsyncTrigger<String> t = trigger(Reentry.CANCEL_PREVIOUS);
        t.fire("a");
        t.fire("b");
        loop.runUntilIdle();
        assertTrue(runs.get(0).isCancelled());
        assertTrue(t.isBusy());
        assertEquals(List.of(), reported);
    }

    @Test
    void concurrentStartsEveryEvent() {
        AsyncTrigger<String> t = trigger(Reentry.CONCURRENT);
        t.fire("a");
        t.fire("b");
        assertEquals(2, runs.size());
        runs.get(0).complete(null);
        loop.runUntilIdle();
        assertTrue(t.isBusy());
        runs.get(1).complete(null);
        loop.runUntilIdle();
        assertFalse(t.isBusy());
    }

    @Test
    void aFailedRunIsReportedWithTheTriggersName() {
        AsyncTrigger<String> t = trigger(Reentry.IGNORE);
        t.fire("a");
        runs.get(0).completeExceptionally(new IllegalStateException("offline"));
        loop.runUntilIdle();
        assertEquals(List.of("The async handler of the test button failed: offline"), reported);
        assertFalse(t.isBusy());
    }

    @Test
    void anActionThatThrowsIsReportedAndLeavesTheTriggerIdle() {
        loop.setExceptionHandler((l, e, context) -> reported.add(context + ": " + e.getMessage()));
        AsyncTrigger<String> t = new AsyncTrigger<>(loop, event -> {
            throw new IllegalArgumentException("bad input");
        }, Reentry.IGNORE, busy::add, "the form");
        t.fire("x");
        loop.runUntilIdle();
        assertEquals(List.of("The async handler of the form threw: bad input"), reported);
        assertFalse(t.isBusy());
    }

    @Test
    void firingOffTheLoopThreadIsRefused() throws Exception {
        AsyncTrigger<String> t = trigger(Reentry.IGNORE);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                t.fire("x");
                failure.complete(null);
            } catch (Throwable e) {
                failure.complete(e);
            }
        }).join();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            throw failure.get();
        });
        assertTrue(e.getMessage().contains("the test button"), e.getMessage());
    }
}
