package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/** LoopFuture: dependents on the loop, loop timeouts, cancellation that reaches the operation. */
public interface FutureContract extends LoopFixture {

    @Test
    default void dependentsOfAFutureCompletedOnAnotherThreadRunOnTheLoop() {
        LoopFuture<String> f = loop().newFuture();
        LoopFuture<Boolean> onLoop = f.thenApply(v -> loop().inLoop());
        awaitReal(inThread(() -> f.complete("x")));
        assertTrue(await(onLoop));
    }

    @Test
    default void aDependentAttachedOnAnotherThreadToADoneFutureRunsOnTheLoop() {
        LoopFuture<String> f = loop().newFuture();
        f.complete("x");
        LoopFuture<Boolean> onLoop = awaitReal(inThread(() -> f.whenComplete((v, e) -> { })
                .thenApply(v -> loop().inLoop())));
        assertTrue(await(onLoop));
    }

    @Test
    default void anEitherStageWhoseOtherSideIsAlreadyDoneIsAFutureOfThisLoop() {
        // CompletableFuture builds such a stage from the other side, which here is a plain
        // CompletableFuture: the stage must still be this loop's, its action run on the loop.
        LoopFuture<String> pending = loop().newFuture();
        CompletableFuture<String> done = CompletableFuture.completedFuture("other");
        AtomicReference<String> wrongThread = new AtomicReference<>();
        Runnable check = () -> {
            if (!loop().inLoop()) {
                wrongThread.set(Thread.currentThread().getName());
            }
        };
        LoopFuture<String> applied = pending.applyToEither(done, v -> {
            check.run();
            return v + "!";
        });
        LoopFuture<Void> accepted = pending.acceptEither(done, v -> check.run());
        LoopFuture<Void> ran = pending.runAfterEither(done, check);
        for (LoopFuture<?> stage : List.of(applied, accepted, ran)) {
            assertSame(loop(), stage.loop());
        }
        assertEquals("other!", await(applied));
        await(CompletableFuture.allOf(accepted, ran));
        assertEquals(null, wrongThread.get(), "an either action ran off the loop");
        LoopFuture<String> failing = loop().newFuture();
        LoopFuture<String> failed = failing.applyToEither(CompletableFuture.<String>failedFuture(new IOException("gone")),
                v -> v);
        assertInstanceOf(IOException.class, assertThrows(CompletionException.class, () -> await(failed)).getCause());
    }

    @Test
    default void everyKindOfDependentRunsOnTheLoop() {
        LoopFuture<Integer> a = loop().newFuture();
        LoopFuture<Integer> b = loop().newFuture();
        AtomicReference<String> wrongThread = new AtomicReference<>();
        Runnable check = () -> {
            if (!loop().inLoop()) {
                wrongThread.set(Thread.currentThread().getName());
            }
        };
        CompletableFuture<?>[] all = {
            a.thenApply(v -> { check.run(); return v; }),
            a.thenAccept(v -> check.run()),
            a.thenRun(check),
            a.thenCombine(b, (x, y) -> { check.run(); return x + y; }),
            a.thenAcceptBoth(b, (x, y) -> check.run()),
            a.runAfterBoth(b, check),
            a.applyToEither(b, v -> { check.run(); return v; }),
            a.acceptEither(b, v -> check.run()),
            a.runAfterEither(b, check),
            a.thenCompose(v -> { check.run(); return CompletableFuture.completedFuture(v); }),
            a.handle((v, e) -> { check.run(); return v; }),
            a.whenComplete((v, e) -> check.run()),
            a.thenApplyAsync(v -> { check.run(); return v; }),
        };
        awaitReal(inThread(() -> a.complete(1) && b.complete(2)));
        await(CompletableFuture.allOf(all));
        LoopFuture<Integer> failed = loop().newFuture();
        CompletableFuture<?> recovered = failed.exceptionally(e -> { check.run(); return 0; });
        CompletableFuture<?> composed = failed.exceptionallyCompose(e -> {
            check.run();
            return CompletableFuture.completedFuture(0);
        });
        awaitReal(inThread(() -> failed.completeExceptionally(new Exception("x"))));
        await(CompletableFuture.allOf(recovered, composed));
        assertEquals(null, wrongThread.get(), "a dependent ran on another thread");
    }

    @Test
    default void dependentStagesAreLoopFuturesOfTheSameLoop() {
        LoopFuture<Integer> f = loop().newFuture();
        CompletableFuture<Integer> next = f.thenApply(v -> v + 1);
        LoopFuture<?> asLoopFuture = assertInstanceOf(LoopFuture.class, next);
        assertSame(loop(), asLoopFuture.loop());
        assertInstanceOf(LoopFuture.class, f.thenApplyAsync(v -> v));
        assertSame(loop(), f.defaultExecutor());
    }

    @Test
    default void aLongChainOfDependentsDoesNotOverflowTheStack() {
        LoopFuture<Integer> head = loop().newFuture();
        CompletableFuture<Integer> tail = head;
        for (int i = 0; i < 100_000; i++) {
            tail = tail.thenApply(v -> v + 1);
        }
        CompletableFuture<Integer> end = tail;
        onLoop(() -> head.complete(0));
        assertEquals(100_000, await(end));
    }

    @Test
    default void everyKindOfDependentAttachedOnTheLoopToADoneFutureRunsAtOnceThereWithItsOutcome() {
        List<String> wrong = onLoop(() -> {
            List<String> problems = new ArrayList<>();
            LoopFuture<Integer> one = loop().newFuture();
            one.complete(1);
            LoopFuture<Integer> two = loop().newFuture();
            two.complete(2);
            LoopFuture<Integer> failed = loop().newFuture();
            IllegalStateException boom = new IllegalStateException("boom");
            failed.completeExceptionally(boom);
            Thread loopThread = Thread.currentThread();
            AtomicInteger ran = new AtomicInteger();
            Runnable count = () -> {
                if (Thread.currentThread() == loopThread) {
                    ran.incrementAndGet();
                }
            };
            Map<String, CompletableFuture<?>> stages = new LinkedHashMap<>();
            stages.put("thenApply", one.thenApply(v -> { count.run(); return v + 1; }));
            stages.put("thenAccept", one.thenAccept(v -> count.run()));
            stages.put("thenRun", one.thenRun(count));
            stages.put("thenCombine", one.thenCombine(two, (x, y) -> { count.run(); return x + y; }));
            stages.put("thenAcceptBoth", one.thenAcceptBoth(two, (x, y) -> count.run()));
            stages.put("runAfterBoth", one.runAfterBoth(two, count));
            stages.put("applyToEither", one.applyToEither(loop().newFuture(), v -> { count.run(); return v; }));
            stages.put("acceptEither", one.acceptEither(loop().newFuture(), v -> count.run()));
            stages.put("runAfterEither", one.runAfterEither(loop().newFuture(), count));
            stages.put("thenCompose", one.thenCompose(v -> { count.run(); return two; }));
            stages.put("handle", failed.handle((v, e) -> { count.run(); return e == boom ? 7 : -1; }));
            stages.put("whenComplete", one.whenComplete((v, e) -> count.run()));
            stages.put("exceptionally", failed.exceptionally(e -> { count.run(); return 8; }));
            stages.put("exceptionallyCompose", failed.exceptionallyCompose(e -> { count.run(); return two; }));
            stages.put("thenApply of a failed future", failed.thenApply(v -> { count.run(); return v; }));
            List<Object> expected = Arrays.asList(2, null, null, 3, null, null, 1, null, null, 2, 7, 1, 8, 2, boom);
            int i = 0;
            for (Map.Entry<String, CompletableFuture<?>> stage : stages.entrySet()) {
                CompletableFuture<?> f = stage.getValue();
                Object outcome = !f.isDone() ? "not done on return"
                        : f.isCompletedExceptionally() ? f.exceptionNow() : f.resultNow();
                if (!Objects.equals(expected.get(i++), outcome)) {
                    problems.add(stage.getKey() + ": " + outcome);
                }
                if (!(f instanceof LoopFuture<?> lf) || lf.loop() != loop()) {
                    problems.add(stage.getKey() + ": not a LoopFuture of this loop");
                }
            }
            if (ran.get() != stages.size() - 1) {
                problems.add((stages.size() - 1) + " functions should have run on the loop thread, " + ran + " did");
            }
            return problems;
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    default void callbacksThatKeepAttachingToDoneFuturesDoNotOverflowTheStack() {
        int steps = 100_000;
        LoopFuture<Integer> done = loop().newFuture();
        done.complete(1);
        CompletableFuture<Integer> deepest = new CompletableFuture<>();
        LoopFuture<Integer> finished = loop().newFuture();
        // Each step's callback attaches the next step to the done future, as a read loop over a
        // buffered stream does; the nesting stays bounded, the rest goes through the queue.
        class Step {
            int depth;
            int maxDepth;

            void run(int n) {
                if (n == steps) {
                    deepest.complete(maxDepth);
                    finished.complete(n);
                    return;
                }
                done.thenAccept(v -> {
                    depth++;
                    maxDepth = Math.max(maxDepth, depth);
                    try {
                        run(n + 1);
                    } finally {
                        depth--;
                    }
                }).whenComplete((v, e) -> {
                    if (e != null) {
                        finished.completeExceptionally(e); // a StackOverflowError, say
                    }
                });
            }
        }
        onLoop(() -> new Step().run(0));
        assertEquals(steps, await(finished));
        int maxDepth = awaitReal(deepest);
        assertTrue(maxDepth < 1000, "callbacks nested " + maxDepth + " deep");
    }

    @Test
    default void joinOnTheLoopThreadOfAnIncompleteFutureThrowsAndNamesRunUntilComplete() {
        LoopFuture<String> f = loop().newFuture();
        String message = onLoop(() -> {
            try {
                f.join();
                return "join returned";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        assertTrue(message.contains("runUntilComplete"), message);
        String getMessage = onLoop(() -> {
            try {
                f.get(1, TimeUnit.SECONDS);
                return "get returned";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        assertTrue(getMessage.contains("runUntilComplete"), getMessage);
    }

    @Test
    default void joinOnTheLoopThreadOfADoneFutureReturnsItsValue() {
        assertEquals("v", onLoop(() -> {
            LoopFuture<String> f = loop().newFuture();
            f.complete("v");
            return f.join();
        }));
    }

    @Test
    default void orTimeoutFailsWithATimeoutExceptionOnTheLoopThreadAfterTheDelay() {
        LoopFuture<String> f = loop().newFuture();
        long start = onLoop(() -> loop().time());
        AtomicReference<Object> seen = new AtomicReference<>();
        LoopFuture<Long> timedOutAt = f.orTimeout(25, TimeUnit.MILLISECONDS).handle((v, e) -> {
            seen.set(loop().inLoop() ? e : "off the loop");
            return loop().time();
        });
        long at = await(timedOutAt);
        assertInstanceOf(TimeoutException.class, seen.get());
        assertTrue(at - start >= Duration.ofMillis(25).toNanos(), "timed out early");
    }

    @Test
    default void orTimeoutCancelsItsTimerWhenTheFutureCompletesFirst() {
        LoopFuture<String> f = loop().newFuture();
        f.orTimeout(1, TimeUnit.HOURS);
        onLoop(() -> { });
        assertEquals(1, onLoop(() -> loop().stats().pendingTimers()));
        onLoop(() -> f.complete("done"));
        assertEquals(0, onLoop(() -> loop().stats().pendingTimers()));
        assertEquals("done", f.join());
    }

    @Test
    default void completeOnTimeoutCompletesWithTheValue() {
        LoopFuture<String> f = loop().newFuture();
        assertEquals("fallback", await(f.completeOnTimeout("fallback", 10, TimeUnit.MILLISECONDS)));
    }

    @Test
    default void cancellingASleepCancelsItsTimer() {
        LoopFuture<Void> sleep = loop().sleep(Duration.ofHours(1));
        onLoop(() -> { });
        assertEquals(1, onLoop(() -> loop().stats().pendingTimers()));
        assertTrue(sleep.cancel(false));
        onLoop(() -> { });
        assertEquals(0, onLoop(() -> loop().stats().pendingTimers()));
    }

    @Test
    default void aTimeoutCancelsTheOperationBehindTheFuture() {
        LoopFuture<Void> sleep = loop().sleep(Duration.ofHours(1));
        CompletionException e = assertThrows(CompletionException.class,
                () -> await(sleep.orTimeout(10, TimeUnit.MILLISECONDS)));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertEquals(0, onLoop(() -> loop().stats().pendingTimers()));
    }

    @Test
    default void cancellingASubmittedTaskBeforeItRunsUnschedulesIt() {
        AtomicBoolean ran = new AtomicBoolean();
        boolean cancelled = onLoop(() -> loop().submit(() -> ran.getAndSet(true)).cancel(false));
        onLoop(() -> { });
        assertTrue(cancelled);
        assertFalse(ran.get());
    }

    @Test
    default void whenCancelledActionsRunOnTheLoopThreadInOrder() {
        LoopFuture<String> f = loop().newFuture();
        StringBuilder order = new StringBuilder();
        LoopFuture<Boolean> ranOnLoop = loop().newFuture();
        f.whenCancelled(() -> order.append('a'));
        f.whenCancelled(() -> ranOnLoop.complete(loop().inLoop() && order.append('b').length() == 2));
        awaitReal(inThread(() -> f.cancel(true)));
        assertTrue(await(ranOnLoop));
        assertEquals("ab", order.toString());
        LoopFuture<Boolean> late = loop().newFuture();
        f.whenCancelled(() -> late.complete(loop().inLoop()));
        assertTrue(await(late), "an action added after the cancel runs at once, on the loop");
    }

    @Test
    default void adoptCompletesWhenTheForeignStageDoesAndItsDependentsRunOnTheLoop() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        LoopFuture<String> adopted = loop().adopt(foreign);
        LoopFuture<Boolean> onLoop = adopted.thenApply(v -> loop().inLoop() && v.equals("x"));
        awaitReal(inThread(() -> foreign.complete("x")));
        assertTrue(await(onLoop));
    }

    @Test
    default void cancellingAnAdoptedFutureCancelsTheForeignStage() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        LoopFuture<String> adopted = loop().adopt(foreign);
        adopted.cancel(false);
        onLoop(() -> { });
        assertTrue(foreign.isCancelled());
    }

    @Test
    default void adoptingAFutureOfThisLoopReturnsIt() {
        LoopFuture<String> f = loop().newFuture();
        assertSame(f, loop().adopt(f));
    }

    @Test
    default void runInExecutorRunsOffTheLoopAndCompletesOnIt() {
        AtomicReference<Boolean> workerInLoop = new AtomicReference<>();
        LoopFuture<Boolean> result = loop().runInExecutor(() -> {
            workerInLoop.set(loop().inLoop());
            return true;
        }).thenApply(v -> v && loop().inLoop());
        assertTrue(await(result));
        assertFalse(workerInLoop.get());
    }

    @Test
    default void runInExecutorUsesTheExecutorFromTheOptionsAndLeavesItRunning() {
        ExecutorService mine = Executors.newSingleThreadExecutor(
                r -> new Thread(r, "my-blocking-pool"));
        try {
            EventLoop l = newLoop(options().withBlockingExecutor(mine));
            assertEquals("my-blocking-pool", l.runUntilComplete(l.runInExecutor(() -> Thread.currentThread().getName())));
            l.close();
            assertFalse(mine.isShutdown(), "the loop shut down an executor it does not own");
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    default void runInExecutorUsesVirtualThreadsByDefault() {
        assertTrue(await(loop().runInExecutor(() -> Thread.currentThread().isVirtual())));
    }

    @Test
    default void runInExecutorFailuresFailTheFuture() {
        LoopFuture<Object> f = loop().runInExecutor(() -> {
            throw new IOException("disk");
        });
        CompletionException e = assertThrows(CompletionException.class, () -> await(f));
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    default void cancellingRunInExecutorInterruptsTheWork() {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        LoopFuture<Void> f = loop().runInExecutor(() -> {
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
        f.cancel(true);
        onLoop(() -> { });
        assertTrue(awaitReal(interrupted));
    }

    @Test
    default void runUntilCompleteFromAnotherThreadReturnsTheResultOrThrowsLikeJoin() {
        assertEquals("r", await(inThread(() -> loop().runUntilComplete(loop().submit(() -> "r")))));
        LoopFuture<String> failing = loop().newFuture();
        Throwable cause = await(inThread(() -> {
            loop().callSoon(() -> failing.completeExceptionally(new IllegalStateException("no")));
            try {
                loop().runUntilComplete(failing);
                return null;
            } catch (CompletionException expected) {
                return expected.getCause();
            }
        }));
        assertEquals("no", cause.getMessage());
        LoopFuture<String> cancelled = loop().newFuture();
        cancelled.cancel(false);
        assertThrows(CancellationException.class, () -> await(cancelled));
    }

    @Test
    default void sleepCompletesAfterTheDelay() {
        long start = onLoop(() -> loop().time());
        long end = await(loop().sleep(Duration.ofMillis(15)).thenApply(v -> loop().time()));
        assertTrue(end - start >= Duration.ofMillis(15).toNanos());
        assertNotEquals(start, end);
    }
}
