package dev.loopbridge.core.tck;

import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/**
 * {@link EventLoop#asScheduledExecutorService()}: invokeAll / invokeAny, and the view's own
 * lifecycle — shutdown, shutdownNow and awaitTermination stop the view, never the loop; a closed
 * loop rejects the tasks of every view.
 */
public interface ExecutorServiceLifecycleContract extends LoopFixture {

    private static void assertRejects(ScheduledExecutorService view) {
        Runnable noop = () -> { };
        List<Runnable> calls = List.of(
                () -> view.execute(noop),
                () -> view.submit(() -> 1),
                () -> view.schedule(noop, 1, MILLISECONDS),
                () -> view.scheduleAtFixedRate(noop, 1, 1, MILLISECONDS),
                () -> view.scheduleWithFixedDelay(noop, 1, 1, MILLISECONDS));
        for (Runnable call : calls) {
            assertThrows(RejectedExecutionException.class, call::run);
        }
    }

    @Test
    default void shutdownRejectsNewTasksRunsTheQueuedOnesAndLeavesTheLoopRunning() throws Exception {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        List<Future<?>> futures = onLoop(() -> {
            List<Future<?>> f = List.of(
                    view.submit(() -> "queued"),
                    view.schedule(() -> "delayed", 20, MILLISECONDS),
                    view.scheduleAtFixedRate(() -> { }, 1, 1, MILLISECONDS));
            view.shutdown();
            assertTrue(view.isShutdown());
            assertFalse(view.isTerminated(), "tasks are still due");
            assertTrue(f.get(2).isCancelled(), "shutdown cancels periodic tasks");
            assertRejects(view);
            RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> view.execute(() -> { }));
            assertTrue(e.getMessage().contains("asScheduledExecutorService()"), e.getMessage());
            return f;
        });
        assertEquals("queued", await((LoopFuture<?>) futures.get(0)));
        assertEquals("delayed", await((LoopFuture<?>) futures.get(1)));
        assertTrue(view.awaitTermination(TestTimeouts.TIMEOUT.toMillis(), MILLISECONDS));
        assertTrue(view.isTerminated());
        assertRejects(view);
        assertEquals("the loop", onLoop(() -> "the loop"));
        assertEquals("a new view", await((LoopFuture<?>) loop().asScheduledExecutorService().submit(() -> "a new view")));
    }

    @Test
    default void shutdownNowHandsBackTheTasksThatNeverStartedWithTheirFuturesPending() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        AtomicInteger ran = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        List<Runnable> handedBack = onLoop(() -> {
            view.execute(ran::incrementAndGet);
            futures.add(view.submit(ran::incrementAndGet));
            futures.add(view.schedule(ran::incrementAndGet, 1, HOURS));
            futures.add(view.scheduleWithFixedDelay(ran::incrementAndGet, 1, 1, HOURS));
            return view.shutdownNow();
        });
        assertEquals(4, handedBack.size());
        Set<Object> expected = new HashSet<>(futures);
        assertTrue(new HashSet<Object>(handedBack).containsAll(expected), "the tasks handed back are their futures");
        futures.forEach(f -> assertFalse(f.isDone()));
        assertTrue(view.isShutdown() && view.isTerminated());
        onLoop(() -> { });
        assertEquals(0, onLoop(() -> loop().stats().pendingTimers()));
        assertEquals(0, ran.get(), "a task handed back ran on the loop");
        onLoop(() -> ((Runnable) futures.get(0)).run());
        assertEquals(1, await((LoopFuture<?>) futures.get(0)), "the caller may run a task handed back");
    }

    @Test
    default void awaitTerminationWaitsForTheLastDelayedTask() throws Exception {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        AtomicBoolean ran = new AtomicBoolean();
        view.schedule(() -> ran.set(true), 30, MILLISECONDS);
        view.shutdown();
        assertTrue(view.awaitTermination(TestTimeouts.TIMEOUT.toMillis(), MILLISECONDS));
        assertTrue(ran.get());
    }

    @Test
    default void awaitTerminationTimesOutWhileATaskIsPending() throws Exception {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        Future<?> f = view.schedule(() -> { }, 1, HOURS);
        view.shutdown();
        assertFalse(view.awaitTermination(20, MILLISECONDS));
        assertFalse(view.awaitTermination(0, MILLISECONDS));
        f.cancel(false);
        assertTrue(view.awaitTermination(0, MILLISECONDS));
    }

    @Test
    default void awaitTerminationOnTheLoopThreadRunsTheLoopWhereItCanNest() {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        onLoop(() -> {
            view.schedule(() -> { }, 5, MILLISECONDS);
            view.shutdown();
            if (supportsNestedLoops()) {
                assertTrue(view.awaitTermination(TestTimeouts.TIMEOUT.toMillis(), MILLISECONDS));
            } else {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> view.awaitTermination(1, HOURS));
                assertTrue(e.getMessage().contains("cannot wait for itself"), e.getMessage());
            }
        });
    }

    @Test
    default void closingTheLoopShutsItsViewsDownAndCancelsTheirTimers() throws Exception {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        Future<?> delayed = view.schedule(() -> { }, 1, HOURS);
        Future<?> periodic = view.scheduleAtFixedRate(() -> { }, 1, 1, HOURS);
        onLoop(() -> { });
        loop().close();
        assertTrue(delayed.isCancelled() && periodic.isCancelled());
        assertTrue(view.isShutdown() && view.isTerminated());
        assertTrue(view.awaitTermination(1, MILLISECONDS));
        assertRejects(view);
        assertRejects(loop().asScheduledExecutorService());
    }

    @Test
    default void aTaskScheduledFromAnotherThreadJustBeforeTheLoopClosesIsCancelled() throws Exception {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        Future<?> delayed = awaitReal(inThread(() -> view.schedule(() -> { }, 1, HOURS)));
        loop().close();
        assertTrue(delayed.isCancelled(), "left pending: " + delayed);
        assertTrue(view.awaitTermination(1, MILLISECONDS));
    }

    @Test
    default void invokeAllRunsEveryTaskOnTheLoopAndReturnsThemDone() throws Exception {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        List<Callable<String>> tasks = List.of(
                () -> loop().inLoop() ? "on the loop" : "elsewhere",
                () -> {
                    throw new IOException("second failed");
                },
                () -> "third");
        List<Future<String>> futures = view.invokeAll(tasks);
        assertEquals(3, futures.size());
        futures.forEach(f -> assertTrue(f.isDone()));
        assertEquals("on the loop", futures.get(0).resultNow());
        assertInstanceOf(IOException.class, futures.get(1).exceptionNow());
        assertEquals("third", futures.get(2).resultNow());
        assertEquals(List.of(), view.invokeAll(List.of()));
        List<Callable<String>> withNull = new ArrayList<>(tasks);
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> view.invokeAll(withNull));
        assertThrows(NullPointerException.class, () -> view.invokeAll(null));
    }

    @Test
    default void aTimedInvokeAllCancelsTheTasksNotDoneInTime() throws Exception {
        assumeFalse(testThreadIsLoopThread(), "a task that holds the loop thread stops virtual time");
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        AtomicBoolean release = new AtomicBoolean();
        AtomicBoolean secondRan = new AtomicBoolean();
        List<Callable<String>> tasks = List.of(
                () -> {
                    long end = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
                    while (!release.get() && System.nanoTime() - end < 0) {
                        Thread.onSpinWait(); // holds the loop thread until the test lets go
                    }
                    return "first";
                },
                () -> {
                    secondRan.set(true);
                    return "second";
                });
        List<Future<String>> futures = view.invokeAll(tasks, 20, MILLISECONDS);
        release.set(true);
        futures.forEach(f -> assertTrue(f.isDone()));
        assertTrue(futures.get(1).isCancelled());
        onLoop(() -> { });
        assertFalse(secondRan.get());
    }

    @Test
    default void invokeAnyGivesTheFirstSuccessAndNeverStartsTheRest() throws Exception {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        AtomicBoolean thirdRan = new AtomicBoolean();
        List<Callable<String>> tasks = List.of(
                () -> {
                    throw new IOException("first failed");
                },
                () -> loop().inLoop() ? "second, on the loop" : "second, elsewhere",
                () -> {
                    thirdRan.set(true);
                    return "third";
                });
        assertEquals("second, on the loop", view.invokeAny(tasks));
        onLoop(() -> { });
        assertFalse(thirdRan.get());
        view.shutdown();
        assertTrue(view.isTerminated());
    }

    @Test
    default void invokeAnyFailsWithAFailureWhenEveryTaskFails() throws Exception {
        ScheduledExecutorService view = loop().asScheduledExecutorService();
        List<Callable<String>> tasks = List.of(
                () -> {
                    throw new IOException("first failed");
                },
                () -> {
                    throw new IllegalStateException("second failed");
                });
        ExecutionException e = assertThrows(ExecutionException.class, () -> view.invokeAny(tasks));
        assertEquals("second failed", e.getCause().getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> view.invokeAny(Collections.<Callable<String>>emptyList()));
        assertEquals("tasks: empty (expected: at least one task)", empty.getMessage());
        assertThrows(NullPointerException.class, () -> view.invokeAny(null));
        view.shutdown();
        assertThrows(RejectedExecutionException.class, () -> view.invokeAny(tasks));
        assertThrows(RejectedExecutionException.class, () -> view.invokeAll(tasks));
    }
}
