package dev.loopbridge.core.tck;

import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/**
 * {@link EventLoop#asScheduledExecutorService()}, after the JSR 166 TCK's executor tests: tasks and
 * their futures on the loop thread, delays on loop timers (never early, cancel removes the timer),
 * fixed rate and fixed delay as the JDK specifies. The view's lifecycle is in
 * {@link ExecutorServiceLifecycleContract}.
 */
public interface ExecutorServiceContract extends LoopFixture {

    /** The view's future of {@code f}: a loop future of this loop, which {@link #await} can run. */
    private <T> LoopFuture<T> loopFuture(Future<T> f) {
        @SuppressWarnings("unchecked")
        LoopFuture<T> lf = assertInstanceOf(LoopFuture.class, f);
        assertSame(loop(), lf.loop());
        return lf;
    }

    /** The loop's pending timers, as its stats give them once a tick has ended. */
    private long pendingTimers() {
        onLoop(() -> { });
        return onLoop(() -> loop().stats().pendingTimers());
    }

    /** Waits many periods of a stopped periodic task: it ran {@code count} times, and left no timer. */
    private void assertRunsNoMore(AtomicInteger runs, int count) {
        await(loop().sleep(Duration.ofMillis(20)));
        assertEquals(count, runs.get());
        assertEquals(0L, pendingTimers());
    }

    @Test
    default void executeRunsTasksOnTheLoopThreadInSubmissionOrder() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        List<Integer> order = new CopyOnWriteArrayList<>();
        LoopFuture<Void> done = loop().newFuture();
        for (int i = 0; i < 100; i++) {
            int n = i;
            view.execute(() -> {
                if (!loop().inLoop()) {
                    done.completeExceptionally(new AssertionError("task " + n + " ran off the loop thread"));
                }
                order.add(n);
                if (n == 99) {
                    done.complete(null);
                }
            });
        }
        await(done);
        assertEquals(IntStream.range(0, 100).boxed().toList(), order);
    }

    @Test
    default void submitCompletesALoopFutureOnTheLoopThread() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        LoopFuture<String> f = loopFuture(view.submit(() -> loop().inLoop() ? "on the loop" : "elsewhere"));
        assertEquals("on the loop", await(f));
        boolean dependentOnLoop = await(f.thenApply(v -> loop().inLoop()));
        assertTrue(dependentOnLoop, "a dependent attached later ran off the loop");
        assertNull(await(loopFuture(view.submit(() -> { }))));
        assertEquals("given", await(loopFuture(view.submit(() -> { }, "given"))));
    }

    @Test
    default void aSubmittedTaskThatThrowsFailsItsFutureAndIsNotReported() {
        List<Throwable> reports = new CopyOnWriteArrayList<>();
        loop().setExceptionHandler((l, e, c) -> reports.add(e));
        LoopFuture<Object> f = loopFuture(loop().asScheduledExecutorService().submit(() -> {
            throw new IOException("refused");
        }));
        CompletionException e = assertThrows(CompletionException.class, () -> await(f));
        assertInstanceOf(IOException.class, e.getCause());
        onLoop(() -> { });
        assertEquals(List.of(), reports, "the future carries the failure; nobody else should");
    }

    @Test
    default void anExecutedTaskThatThrowsIsReportedToTheExceptionHandler() {
        LoopFuture<Throwable> reported = loop().newFuture();
        loop().setExceptionHandler((l, e, c) -> reported.complete(e));
        loop().asScheduledExecutorService().execute(() -> {
            throw new IllegalStateException("boom");
        });
        assertEquals("boom", await(reported).getMessage());
        assertEquals("still running", onLoop(() -> "still running"));
    }

    @Test
    default void aScheduledTaskNeverRunsBeforeItsDelay() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        long before = loop().time();
        LoopFuture<Long> fromHere = loopFuture(view.schedule(() -> loop().time(), 30, MILLISECONDS));
        long[] scheduledAt = new long[1];
        LoopFuture<Long> fromLoop = loopFuture(onLoop(() -> {
            scheduledAt[0] = loop().time();
            return view.schedule(() -> loop().time(), 20, MILLISECONDS);
        }));
        long early = await(fromHere) - before - MILLISECONDS.toNanos(30);
        assertTrue(early >= 0, "ran " + -early + " ns early");
        early = await(fromLoop) - scheduledAt[0] - MILLISECONDS.toNanos(20);
        assertTrue(early >= 0, "ran " + -early + " ns early");
    }

    @Test
    default void zeroAndNegativeDelaysRunInSubmissionOrderWithExecute() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        List<String> order = new CopyOnWriteArrayList<>();
        LoopFuture<Object> last = loopFuture(onLoop(() -> {
            view.schedule(() -> order.add("negative delay"), -5, MILLISECONDS);
            view.execute(() -> order.add("execute"));
            return view.schedule(() -> order.add("zero delay"), 0, MILLISECONDS);
        }));
        await(last);
        assertEquals(List.of("negative delay", "execute", "zero delay"), order);
    }

    @Test
    default void aScheduledFutureTellsItsDelayOnTheLoopClockAndOrdersByIt() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        ScheduledFuture<?> hour = view.schedule(() -> { }, 1, HOURS);
        ScheduledFuture<?> minute = view.schedule(() -> { }, 1, TimeUnit.MINUTES);
        long delay = hour.getDelay(TimeUnit.NANOSECONDS);
        assertTrue(delay > 0 && delay <= HOURS.toNanos(1), "delay " + delay);
        assertTrue(minute.compareTo(hour) < 0 && hour.compareTo(minute) > 0 && hour.compareTo(hour) == 0);
        assertTrue(hour.cancel(false) && minute.cancel(false));
        assertTrue(hour.isCancelled() && hour.isDone());
    }

    @Test
    default void cancellingScheduledFuturesRemovesTheirLoopTimersFromAnyThread() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        List<ScheduledFuture<?>> futures = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            futures.add(view.schedule(() -> { }, 1 + i % 60, HOURS));
        }
        assertEquals(10_000L, pendingTimers());
        onLoop(() -> futures.subList(0, 5_000).forEach(f -> assertTrue(f.cancel(false))));
        awaitReal(inThread(() -> {
            futures.subList(5_000, 10_000).forEach(f -> assertTrue(f.cancel(true)));
            return null;
        }));
        assertEquals(0L, pendingTimers());
        view.shutdown();
        assertTrue(view.isTerminated(), "cancelled tasks still count as pending");
    }

    @Test
    default void aTimeoutOnAScheduledFutureCancelsItsTimer() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        LoopFuture<?> f = loopFuture(view.schedule(() -> { }, 1, HOURS)).orTimeout(10, MILLISECONDS);
        assertThrows(CompletionException.class, () -> await(f));
        assertEquals(0L, pendingTimers());
        view.shutdown();
        assertTrue(view.isTerminated());
    }

    @Test
    default void getOfAnUnfinishedTaskOnTheLoopThreadIsRefused() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        onLoop(() -> {
            ScheduledFuture<?> f = view.schedule(() -> { }, 1, HOURS);
            IllegalStateException e = assertThrows(IllegalStateException.class, f::get);
            assertTrue(e.getMessage().contains("runUntilComplete"), e.getMessage());
            f.cancel(false);
        });
    }

    @Test
    default void fixedRateRunsAtMultiplesOfThePeriodFromTheFirstDeadline() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        List<Long> runs = new CopyOnWriteArrayList<>();
        LoopFuture<Void> fiveRuns = loop().newFuture();
        long[] start = new long[1];
        ScheduledFuture<?> f = onLoop(() -> {
            start[0] = loop().time();
            return view.scheduleAtFixedRate(() -> {
                runs.add(loop().time());
                if (runs.size() == 5) {
                    fiveRuns.complete(null);
                }
            }, 10, 5, MILLISECONDS);
        });
        await(fiveRuns);
        assertTrue(f.cancel(false));
        for (int k = 0; k < 5; k++) {
            long early = start[0] + MILLISECONDS.toNanos(10 + 5L * k) - runs.get(k);
            assertTrue(early <= 0, "run " + k + " was " + early + " ns early");
        }
        assertTrue(f.isCancelled());
    }

    @Test
    default void fixedRateOverrunsRunLateOneAfterAnotherNeverTogether() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        List<long[]> runs = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        LoopFuture<Void> fourRuns = loop().newFuture();
        ScheduledFuture<?> f = view.scheduleAtFixedRate(() -> {
            if (running.incrementAndGet() != 1) {
                fourRuns.completeExceptionally(new AssertionError("two runs at once"));
            }
            long begin = System.nanoTime();
            LoopFixture.busy(Duration.ofMillis(8)); // longer than the period
            runs.add(new long[] {begin, System.nanoTime()});
            running.decrementAndGet();
            if (runs.size() == 4) {
                fourRuns.complete(null);
            }
        }, 0, 2, MILLISECONDS);
        await(fourRuns);
        f.cancel(false);
        for (int k = 1; k < 4; k++) {
            assertTrue(runs.get(k)[0] - runs.get(k - 1)[1] >= 0, "run " + k + " began before run " + (k - 1) + " ended");
        }
    }

    @Test
    default void fixedDelayWaitsTheDelayAfterEachRunEnds() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        List<long[]> runs = new CopyOnWriteArrayList<>();
        LoopFuture<Void> fourRuns = loop().newFuture();
        ScheduledFuture<?> f = view.scheduleWithFixedDelay(() -> {
            long begin = loop().time();
            LoopFixture.busy(Duration.ofMillis(3));
            runs.add(new long[] {begin, loop().time()});
            if (runs.size() == 4) {
                fourRuns.complete(null);
            }
        }, 0, 5, MILLISECONDS);
        await(fourRuns);
        f.cancel(false);
        for (int k = 1; k < 4; k++) {
            long gap = runs.get(k)[0] - runs.get(k - 1)[1];
            assertTrue(gap >= MILLISECONDS.toNanos(5), "run " + k + " began " + gap + " ns after the last ended");
        }
    }

    @Test
    default void aPeriodicTaskThatThrowsRunsNoMoreAndFailsItsFuture() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        AtomicInteger runs = new AtomicInteger();
        IllegalStateException third = new IllegalStateException("third run failed");
        LoopFuture<?> f = loopFuture(view.scheduleAtFixedRate(() -> {
            if (runs.incrementAndGet() == 3) {
                throw third;
            }
        }, 1, 1, MILLISECONDS));
        CompletionException e = assertThrows(CompletionException.class, () -> await(f));
        assertSame(third, e.getCause());
        assertRunsNoMore(runs, 3);
    }

    @Test
    default void cancellingAPeriodicTaskFromItsOwnRunStopsIt() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        LoopFuture<?> f = loopFuture(onLoop(() -> {
            self.set(view.scheduleWithFixedDelay(() -> {
                if (runs.incrementAndGet() == 3) {
                    self.get().cancel(false);
                }
            }, 1, 1, MILLISECONDS));
            return self.get();
        }));
        assertThrows(CancellationException.class, () -> await(f));
        assertRunsNoMore(runs, 3);
    }

    @Test
    default void cancellingAPeriodicTaskFromAnotherThreadStopsIt() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        AtomicInteger runs = new AtomicInteger();
        LoopFuture<Void> threeRuns = loop().newFuture();
        ScheduledFuture<?> f = view.scheduleAtFixedRate(() -> {
            if (runs.incrementAndGet() == 3) {
                threeRuns.complete(null);
            }
        }, 1, 1, MILLISECONDS);
        await(threeRuns);
        assertTrue(awaitReal(inThread(() -> f.cancel(true))));
        int afterCancel = onLoop(runs::get); // a run under way when cancel came has ended by now
        assertRunsNoMore(runs, afterCancel);
    }

    @Test
    default void argumentsAreCheckedWithTheValueInTheMessage() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        Runnable noop = () -> { };
        assertThrows(NullPointerException.class, () -> view.execute(null));
        assertThrows(NullPointerException.class, () -> view.submit((Callable<?>) null));
        assertThrows(NullPointerException.class, () -> view.submit((Runnable) null));
        assertThrows(NullPointerException.class, () -> view.schedule(noop, 1, null));
        assertThrows(NullPointerException.class, () -> view.scheduleAtFixedRate(null, 1, 1, MILLISECONDS));
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> view.scheduleAtFixedRate(noop, 1, 0, MILLISECONDS));
        assertEquals("period: 0 MILLISECONDS (expected: > 0)", rate.getMessage());
        IllegalArgumentException delay = assertThrows(IllegalArgumentException.class,
                () -> view.scheduleWithFixedDelay(noop, 1, -3, TimeUnit.SECONDS));
        assertEquals("delay: -3 SECONDS (expected: > 0)", delay.getMessage());
    }

    @Test
    default void eachCallReturnsANewView() {
        ScheduledExecutorService first = loop().asScheduledExecutorService();
        ScheduledExecutorService second = loop().asScheduledExecutorService();
        assertNotSame(first, second);
        first.shutdown();
        assertTrue(first.isShutdown());
        assertFalse(second.isShutdown());
        assertEquals("second", await(loopFuture(second.submit(() -> "second"))));
    }
}
