package dev.loopbridge.core.internal;

import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.testing.TestEventLoop;

/**
 * The executor service view's timer logic on virtual time, to the nanosecond: delays never early,
 * fixed rate on multiples of the period, shutdown policies, awaitTermination driving the loop.
 */
class LoopExecutorServiceTest {

    private final TestEventLoop loop = TestEventLoop.create();
    private final ScheduledExecutorService view = loop.asScheduledExecutorService();
    private final List<Long> runs = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    private void record() {
        runs.add(loop.time());
    }

    private List<Long> runMillis() {
        return runs.stream().map(NANOSECONDS::toMillis).toList();
    }

    /** The loop's pending timers, as its stats give them at the end of a tick. */
    private long pendingTimers() {
        loop.callSoon(() -> { });
        loop.runUntilIdle();
        return loop.stats().pendingTimers();
    }

    @Test
    void aDelayedTaskRunsAtItsDeadlineAndNotOneNanosecondBefore() {
        ScheduledFuture<?> f = view.schedule(this::record, 10, SECONDS);
        loop.advance(Duration.ofSeconds(10).minusNanos(1));
        assertEquals(List.of(), runs);
        assertEquals(1, f.getDelay(NANOSECONDS));
        loop.advance(Duration.ofNanos(1));
        assertEquals(List.of(SECONDS.toNanos(10)), runs);
        assertTrue(f.isDone());
    }

    @Test
    void getDelayCountsDownOnTheLoopClock() {
        ScheduledFuture<?> f = view.schedule(() -> { }, 5, SECONDS);
        assertEquals(5_000, f.getDelay(MILLISECONDS));
        loop.advance(Duration.ofSeconds(2));
        assertEquals(3_000, f.getDelay(MILLISECONDS));
        loop.advance(Duration.ofSeconds(4));
        assertEquals(-1_000, f.getDelay(MILLISECONDS), "it ran at 5 s: its deadline is a second behind");
    }

    @Test
    void fixedRateRunsAtEachMultipleOfThePeriod() {
        ScheduledFuture<?> f = view.scheduleAtFixedRate(this::record, 1_000, 250, MILLISECONDS);
        loop.advance(Duration.ofSeconds(2));
        assertEquals(List.of(1_000L, 1_250L, 1_500L, 1_750L, 2_000L), runMillis());
        assertTrue(f.cancel(false));
        loop.advance(Duration.ofSeconds(10));
        assertEquals(5, runs.size());
        assertEquals(0, pendingTimers());
    }

    @Test
    void fixedDelayRunsTheDelayAfterEachRun() {
        view.scheduleWithFixedDelay(this::record, 0, 300, MILLISECONDS);
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of(0L, 300L, 600L, 900L), runMillis());
    }

    @Test
    void cancellingBetweenPeriodicRunsRemovesTheTimer() {
        ScheduledFuture<?> f = view.scheduleWithFixedDelay(this::record, 1, 1, SECONDS);
        loop.advance(Duration.ofMillis(1_500));
        assertEquals(1, pendingTimers());
        assertTrue(f.cancel(false));
        assertEquals(0, pendingTimers());
    }

    @Test
    void shutdownLetsDelayedTasksRunAndEndsPeriodicOnes() {
        ScheduledFuture<?> delayed = view.schedule(this::record, 5, SECONDS);
        ScheduledFuture<?> periodic = view.scheduleAtFixedRate(() -> runs.add(-1L), 1, 1, SECONDS);
        view.shutdown();
        assertTrue(periodic.isCancelled());
        loop.advance(Duration.ofMillis(4_999));
        assertFalse(view.isTerminated());
        loop.advance(Duration.ofMillis(1));
        assertEquals(List.of(SECONDS.toNanos(5)), runs);
        assertTrue(delayed.isDone() && view.isTerminated());
    }

    @Test
    void awaitTerminationOnTheOwnerThreadRunsTheLoopUntilTheLastTask() throws InterruptedException {
        view.schedule(this::record, 1, HOURS);
        view.shutdown();
        assertFalse(view.awaitTermination(30, MINUTES));
        assertEquals(Duration.ofMinutes(30), loop.elapsed());
        assertTrue(view.awaitTermination(1, HOURS));
        assertEquals(Duration.ofHours(1), loop.elapsed());
        assertEquals(1, runs.size());
    }
}
