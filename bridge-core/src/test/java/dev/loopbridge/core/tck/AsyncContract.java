package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.Async;
import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;

/**
 * Async bodies on the loop: they run on the loop thread, interleave at their awaits, carry
 * failures and cancellation to the await, and cost little memory while suspended.
 */
public interface AsyncContract extends NetworkSupport {

    @Test
    default void aBodyRunsOnTheLoopThreadAndItsFutureCompletesWithWhatItReturns() {
        LoopFuture<String> body = Async.async(loop(), () -> {
            boolean before = loop().inLoop();
            String slept = Async.await(loop().sleep(Duration.ofMillis(1)).thenApply(v -> "slept"));
            return slept + ", on the loop before and after: " + (before && loop().inLoop());
        });
        assertEquals("slept, on the loop before and after: true", await(body));
        assertSame(loop(), body.loop());
    }

    @Test
    default void awaitOfADoneStageReturnsAtOnceAndOfAPendingOneLetsOtherCallbacksRun() {
        List<String> order = new ArrayList<>();
        LoopFuture<Void> body = Async.async(loop(), () -> {
            loop().callSoon(() -> order.add("callback queued before the awaits"));
            order.add("done: " + Async.await(CompletableFuture.completedFuture("x")));
            order.add("pending: " + Async.await(loop().submit(() -> "y")));
            return null;
        });
        await(body);
        assertEquals(List.of("done: x", "callback queued before the awaits", "pending: y"), order);
    }

    @Test
    default void bodiesInterleaveAtTheirAwaitsInTheOrderTheirStagesComplete() {
        List<String> order = new ArrayList<>();
        LoopFuture<String> x = loop().newFuture();
        LoopFuture<String> y = loop().newFuture();
        LoopFuture<Void> a = Async.async(loop(), () -> {
            order.add("A starts");
            order.add("A got " + Async.await(x));
            return null;
        });
        LoopFuture<Void> b = Async.async(loop(), () -> {
            order.add("B starts");
            order.add("B got " + Async.await(y));
            order.add("B got " + Async.await(loop().submit(() -> "z")));
            return null;
        });
        loop().callSoon(() -> {
            order.add("y and x complete");
            y.complete("y");
            x.complete("x");
        });
        await(a);
        await(b);
        assertEquals(List.of("A starts", "B starts", "y and x complete", "B got y", "A got x", "B got z"), order);
    }

    @Test
    default void aStageCompletedOnAnotherThreadResumesTheBodyOnTheLoopThread() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        LoopFuture<Boolean> body = Async.async(loop(), () -> {
            String v = Async.await(foreign);
            return v.equals("from a helper thread") && loop().inLoop();
        });
        await(loop().submit(() -> null)); // the body has started and waits
        awaitReal(inThread(() -> foreign.complete("from a helper thread")));
        assertTrue(await(body));
    }

    @Test
    default void aFailureIsRethrownUnwrappedAtTheAwaitAndAnUncaughtOneFailsTheBody() {
        IOException refused = new IOException("connection refused");
        LoopFuture<Object> body = Async.async(loop(), () -> {
            try {
                Async.await(CompletableFuture.failedFuture(refused));
                return "no exception from a done stage";
            } catch (IOException e) {
                assertSame(refused, e);
            }
            LoopFuture<String> later = loop().newFuture();
            loop().callSoon(() -> later.completeExceptionally(new CompletionException(refused)));
            try {
                Async.await(later.thenApply(s -> s));
                return "no exception from a pending stage";
            } catch (IOException e) {
                assertSame(refused, e);
            }
            throw new IllegalArgumentException("thrown by the body");
        });
        CompletionException e = assertThrows(CompletionException.class, () -> await(body));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals("thrown by the body", e.getCause().getMessage());
    }

    @Test
    default void cancellingTheBodyCancelsTheAwaitedStageAndRunsItsFinallyBlocks() {
        LoopFuture<Void> awaited = loop().newFuture();
        LoopFuture<Void> finished = loop().newFuture();
        List<String> seen = new ArrayList<>();
        LoopFuture<Void> body = Async.async(loop(), () -> {
            try {
                Async.await(awaited);
                seen.add("returned");
            } catch (CancellationException e) {
                seen.add("cancelled at the await");
                throw e;
            } finally {
                seen.add("finally, on the loop: " + loop().inLoop());
                seen.add("and may await cleanup in nonCancellable: "
                        + Async.nonCancellable(() -> Async.await(loop().submit(() -> "done"))));
                finished.complete(null);
            }
            return null;
        });
        await(loop().submit(() -> null)); // the body started before this and waits
        assertTrue(body.cancel(false));
        await(finished);
        assertTrue(awaited.isCancelled(), "the awaited stage was cancelled");
        assertEquals(List.of("cancelled at the await", "finally, on the loop: true",
                "and may await cleanup in nonCancellable: done"), seen);
    }

    @Test
    default void aBodyThatCancelsItsOwnFutureSeesCancellationAtItsNextAwaitAndEveryOneAfter() {
        List<String> seen = new ArrayList<>();
        LoopFuture<LoopFuture<Void>> self = loop().newFuture();
        LoopFuture<Void> finished = loop().newFuture();
        LoopFuture<Void> body = Async.async(loop(), () -> {
            Async.await(self).cancel(false);
            seen.add("still running after cancel, isCancelled: " + Async.isCancelled());
            for (String attempt : List.of("pending", "again")) {
                try {
                    Async.await(loop().submit(() -> attempt));
                    seen.add("not cancelled");
                } catch (CancellationException e) {
                    seen.add("cancelled at the " + attempt + " await");
                }
            }
            try {
                Async.await(CompletableFuture.completedFuture("done"));
            } catch (CancellationException e) {
                seen.add("also at the await of a done stage");
            }
            try {
                Async.ensureActive();
            } catch (CancellationException e) {
                seen.add("and at ensureActive");
            }
            seen.add("nonCancellable awaits: " + Async.nonCancellable(() -> {
                Async.ensureActive();
                return Async.await(loop().submit(() -> "y"));
            }));
            finished.complete(null);
            return null;
        });
        self.complete(body);
        await(finished);
        assertTrue(body.isCancelled());
        assertEquals(List.of("still running after cancel, isCancelled: true", "cancelled at the pending await",
                "cancelled at the again await", "also at the await of a done stage", "and at ensureActive",
                "nonCancellable awaits: y"), seen);
    }

    @Test
    default void aReconnectLoopThatCatchesExceptionEndsWhenItsBodyIsCancelled() {
        // The loop a new user writes: catch (Exception e) around the connection also catches the
        // CancellationException of close(); the next await throws it again, so it cannot reconnect.
        List<String> connections = new ArrayList<>();
        Server server = await(loop().startServer(c -> {
            connections.add("connected");
            return NetworkSupport.answerLines(c, "echo: ");
        }, ServerOptions.bind("127.0.0.1", 0)));
        ConnectOptions where = ConnectOptions.to(addressOf(server));
        List<String> seen = new ArrayList<>();
        LoopFuture<Void> reading = loop().newFuture();
        LoopFuture<Void> session = Async.async(loop(), () -> {
            while (true) {
                try (StreamConnection c = Async.await(loop().openConnection(where))) {
                    reading.complete(null);
                    while (Async.await(c.reader().readLine()) != null) {
                        seen.add("line");
                    }
                } catch (Exception e) {
                    seen.add("caught " + e.getClass().getSimpleName());
                }
                seen.add("backing off");
                Async.await(loop().sleep(Duration.ofMillis(1)));
                seen.add("reconnecting");
            }
        });
        await(reading);
        await(Async.cancelAndJoin(session));
        onLoop(() -> { }); // a reconnect, were there one, would have been made by now
        assertTrue(session.isCancelled());
        assertEquals(List.of("caught CancellationException", "backing off"), seen);
        assertEquals(List.of("connected"), onLoop(() -> List.copyOf(connections)));
    }

    @Test
    default void nonCancellableAwaitsItsStageThroughACancellationAndTheNextAwaitThrows() {
        LoopFuture<String> cleanup = loop().newFuture();
        LoopFuture<Void> started = loop().newFuture();
        List<String> seen = new ArrayList<>();
        LoopFuture<Void> body = Async.async(loop(), () -> {
            seen.add(Async.nonCancellable(() -> {
                started.complete(null);
                return Async.await(cleanup);
            }));
            try {
                Async.await(loop().submit(() -> "x"));
            } catch (CancellationException e) {
                seen.add("cancelled after the block");
            }
            return null;
        });
        await(started);
        body.cancel(false);
        LoopFuture<Void> finished = Async.finished(body);
        onLoop(() -> { });
        assertFalse(cleanup.isCancelled(), "the stage awaited in nonCancellable was left alone");
        assertFalse(finished.isDone(), "the body still waits in its nonCancellable block");
        loop().callSoon(() -> cleanup.complete("cleaned up"));
        await(finished);
        assertEquals(List.of("cleaned up", "cancelled after the block"), seen);
    }

    @Test
    default void cancelAndJoinCompletesOnlyAfterTheBodysFinallyBlocksRan() {
        List<String> seen = new ArrayList<>();
        LoopFuture<Void> started = loop().newFuture();
        LoopFuture<Void> body = Async.async(loop(), () -> {
            try {
                started.complete(null);
                Async.await(loop().sleep(Duration.ofHours(1)));
            } finally {
                seen.add("finally starts");
                Async.nonCancellable(() -> Async.await(loop().sleep(Duration.ofMillis(5))));
                seen.add("finally ends");
            }
            return null;
        });
        await(started);
        LoopFuture<Void> joined = Async.cancelAndJoin(body);
        assertTrue(body.isCancelled(), "the body's own future is cancelled at once");
        // What the body had done when the join completed: its finally needs a 5 ms sleep first.
        LoopFuture<List<String>> atJoin = joined.thenApply(v -> List.copyOf(seen));
        assertEquals(List.of("finally starts", "finally ends"), await(atJoin));
    }

    @Test
    default void finishedOfABodyCancelledBeforeItStartedCompletesAndOfAnotherFutureIsRefused() {
        LoopFuture<Void> body = onLoop(() -> {
            LoopFuture<Void> b = Async.async(loop(), () -> null);
            b.cancel(false);
            return b;
        });
        assertNull(await(Async.finished(body)));
        String message = assertThrows(IllegalArgumentException.class,
                () -> Async.finished(body.thenApply(v -> v))).getMessage();
        assertTrue(message.contains("is not the future of an Async.async body"), message);
    }

    @Test
    default void isCancelledEnsureActiveAndNonCancellableOutsideABodyThrowSayingSo() {
        String message = onLoop(() -> assertThrows(IllegalStateException.class, Async::isCancelled).getMessage());
        assertTrue(message.startsWith("Async.isCancelled must be called inside an Async.async body"), message);
        assertThrows(IllegalStateException.class, Async::ensureActive);
        assertThrows(IllegalStateException.class, () -> Async.nonCancellable(() -> "x"));
    }

    @Test
    default void aBodyCancelledBeforeItStartsNeverRuns() {
        List<String> seen = new ArrayList<>();
        LoopFuture<Void> body = onLoop(() -> { // on the loop: the body cannot start in between
            LoopFuture<Void> b = Async.async(loop(), () -> {
                seen.add("ran");
                return null;
            });
            b.cancel(false);
            return b;
        });
        await(loop().submit(() -> null));
        assertTrue(body.isCancelled());
        assertEquals(List.of(), seen);
    }

    @Test
    default void anAwaitedOrTimeoutThrowsTimeoutExceptionAtTheAwait() {
        LoopFuture<String> body = Async.async(loop(), () -> {
            try {
                return Async.await(loop().<String>newFuture().orTimeout(20, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                return "timed out on the loop: " + loop().inLoop();
            }
        });
        assertEquals("timed out on the loop: true", await(body));
    }

    @Test
    default void orTimeoutOnTheBodyCancelsItAtItsAwaitAndFailsItWithTimeoutException() {
        List<String> seen = new ArrayList<>();
        LoopFuture<Void> finished = loop().newFuture();
        LoopFuture<Void> body = Async.async(loop(), () -> {
            try {
                Async.await(loop().sleep(Duration.ofHours(1)));
            } catch (CancellationException e) {
                seen.add("cancelled at the await");
            } finally {
                finished.complete(null);
            }
            return (Void) null;
        }).orTimeout(20, TimeUnit.MILLISECONDS);
        CompletionException e = assertThrows(CompletionException.class, () -> await(body));
        assertInstanceOf(TimeoutException.class, e.getCause());
        await(finished);
        assertEquals(List.of("cancelled at the await"), seen);
        assertEquals(0, onLoop(() -> loop().stats().pendingTimers()), "the hour-long sleep was cancelled");
    }

    @Test
    default void aScopeCancelsTheBodiesItTracksWhenItCloses() {
        LoopFuture<String> finished = loop().newFuture();
        LoopScope scope = onLoop(() -> loop().newScope());
        LoopFuture<Void> body = onLoop(() -> scope.track(Async.async(loop(), () -> {
            try {
                Async.await(loop().sleep(Duration.ofHours(1)));
            } finally {
                finished.complete("finally ran");
            }
            return null;
        })));
        await(loop().submit(() -> null)); // the body started before this and waits
        onLoop(scope::close);
        assertThrows(CancellationException.class, () -> await(body));
        assertEquals("finally ran", await(finished));
    }

    @Test
    default void closingTheLoopResumesABodyThatAwaitsASleepWithCancellation() {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Async.async(loop(), () -> {
            try {
                Async.await(loop().sleep(Duration.ofHours(1)));
                outcome.complete("slept");
            } catch (CancellationException e) {
                outcome.complete("cancelled at the await");
            } finally {
                outcome.complete("finally without a CancellationException");
            }
            return null;
        });
        await(loop().submit(() -> null)); // the body started before this and waits
        loop().close();
        assertEquals("cancelled at the await", awaitReal(outcome));
    }

    @Test
    default void awaitOutsideABodyThrowsSayingSo() {
        String onLoopThread = onLoop(() -> assertThrows(IllegalStateException.class,
                () -> Async.await(loop().newFuture())).getMessage());
        assertTrue(onLoopThread.startsWith("Async.await must be called inside an Async.async body"), onLoopThread);
        String elsewhere = awaitReal(inThread(() -> assertThrows(IllegalStateException.class,
                () -> Async.await(CompletableFuture.completedFuture("x"))).getMessage()));
        assertTrue(elsewhere.contains("tck-helper"), elsewhere);
    }

    @Test
    default void awaitInAClassInitializerFailsInsteadOfBlockingTheLoop() {
        Object outcome = await(Async.async(loop(), () -> {
            Class<?> fresh = Class.forName(ClinitAwait.class.getName(), true, new AsyncContractSupport.ChildFirst(ClinitAwait.class));
            return fresh.getField("OUTCOME").get(null);
        }));
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, outcome);
        assertTrue(e.getMessage().startsWith("Async.await could not suspend the body"), e.getMessage());
        assertTrue(e.getMessage().contains("Pinned: NATIVE"), e.getMessage());
        assertEquals("still running", await(loop().submit(() -> "still running")));
    }

    @Test
    default void inDebugModeAwaitInsideSynchronizedFailsNamingTheMonitor() {
        loop().setDebug(true);
        Object lock = new Object();
        String message;
        try {
            message = await(Async.async(loop(), () -> {
                synchronized (lock) {
                    try {
                        Async.await(loop().submit(() -> "x"));
                        return "suspended holding the monitor";
                    } catch (IllegalStateException e) {
                        return e.getMessage();
                    }
                }
            }));
        } finally {
            loop().setDebug(false);
        }
        assertTrue(message.startsWith("Async.await would suspend the body while it holds the monitor"), message);
    }

    @Test
    default void deepRecursionInsideABodySurvivesItsAwaits() {
        int depth = 3_000;
        LoopFuture<Long> body = Async.async(loop(), () -> AsyncContractSupport.descend(loop(), depth));
        assertEquals((long) depth * (depth + 1) / 2, await(body));
    }

    @Test
    default void aHundredThousandBodiesWaitAtOnceAndResume() {
        // Memory per suspended body is measured in a JVM of its own (AsyncMemoryProbe): the full
        // collections it needs would shrink this JVM's heap under the timing-sensitive tests.
        int count = 100_000;
        LoopFuture<Integer> gate = loop().newFuture();
        List<LoopFuture<Integer>> bodies = suspendBodies(count, gate);
        assertFalse(bodies.get(count - 1).isDone());
        resumeAll(gate, bodies);
    }

    /** Starts {@code count} bodies that each wait for {@code gate}, then add their index to its value. */
    private List<LoopFuture<Integer>> suspendBodies(int count, LoopFuture<Integer> gate) {
        List<LoopFuture<Integer>> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = i;
            bodies.add(Async.async(loop(), () -> Async.await(gate) + n));
        }
        await(loop().submit(() -> null)); // queued behind the starts: every body waits at the gate
        return bodies;
    }

    /** Opens {@code gate} with 1 and checks that every body then returned 1 + its index. */
    private void resumeAll(LoopFuture<Integer> gate, List<LoopFuture<Integer>> bodies) {
        loop().callSoon(() -> gate.complete(1));
        long sum = 0;
        for (LoopFuture<Integer> b : bodies) {
            sum += await(b);
        }
        long n = bodies.size();
        assertEquals(n * (n - 1) / 2 + n, sum);
    }

    @Test
    default void bodiesKeepRunningInANestedLoopThatAnotherBodyOpened() {
        assumeTrue(supportsNestedLoops());
        List<String> order = new ArrayList<>();
        LoopFuture<String> dialog = loop().newFuture();
        LoopFuture<Void> opener = Async.async(loop(), () -> {
            order.add("opener opens a nested loop");
            String answer = loop().runUntilComplete(dialog); // a modal dialog's wait
            order.add("opener resumes with " + answer);
            order.add("opener awaits " + Async.await(loop().submit(() -> "after the dialog")));
            return null;
        });
        LoopFuture<Void> other = Async.async(loop(), () -> {
            order.add("other awaits " + Async.await(loop().sleep(Duration.ofMillis(5)).thenApply(v -> "a sleep")));
            loop().callSoon(() -> order.add("a callback in the nested loop cannot await: " + assertThrows(
                    IllegalStateException.class, () -> Async.await(loop().newFuture())).getMessage()
                    .startsWith("Async.await must be called inside an Async.async body")));
            order.add("other awaits " + Async.await(loop().submit(() -> "once more")));
            dialog.complete("ok");
            return null;
        });
        await(other); // not allOf: the test loop would wait for a foreign future in real time
        await(opener);
        assertEquals(List.of("opener opens a nested loop", "other awaits a sleep",
                "a callback in the nested loop cannot await: true", "other awaits once more",
                "opener resumes with ok", "opener awaits after the dialog"), order);
    }

    @Test
    default void withoutTheExportFlagTheFirstAsyncFailsNamingItAndTheRestWorks() throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AsyncFlagProbe.class.getName()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), output);
        assertTrue(output.contains("async: java.lang.UnsupportedOperationException"), output);
        assertTrue(output.contains("Start the JVM with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED"), output);
        assertTrue(output.contains("submit: still works"), output);
    }
}
