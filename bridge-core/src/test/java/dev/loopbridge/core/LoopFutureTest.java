package dev.loopbridge.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.core.testing.TestEventLoop;

/**
 * LoopFuture on the test loop, owned by the test thread: dependents attached to a done future run
 * at once however many are attached, dependents on two futures run on the loop whichever thread
 * completes the other, and the cancel hooks. Test thread.
 */
class LoopFutureTest {

    private final TestEventLoop loop = TestEventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private LoopFuture<String> done() {
        LoopFuture<String> f = loop.newFuture();
        f.complete("v");
        return f;
    }

    private LoopFuture<String> failed() {
        LoopFuture<String> f = loop.newFuture();
        f.completeExceptionally(new IllegalStateException("failed"));
        return f;
    }

    @Test
    void everyKindOfDependentOnADoneFutureRunsAtOnceHoweverManyAreAttached() {
        // Each attachment counts an inline level and must give it back: 40 in a row, past the
        // depth limit of 32, all still run in the call that attaches them.
        List<BiFunction<LoopFuture<String>, Runnable, CompletionStage<?>>> kinds = List.of(
                (f, r) -> f.thenApply(v -> {
                    r.run();
                    return v;
                }),
                (f, r) -> f.thenAccept(v -> r.run()),
                (f, r) -> f.thenRun(r),
                (f, r) -> f.thenCombine(done(), (a, b) -> {
                    r.run();
                    return a;
                }),
                (f, r) -> f.thenAcceptBoth(done(), (a, b) -> r.run()),
                (f, r) -> f.runAfterBoth(done(), r),
                (f, r) -> f.applyToEither(loop.newFuture(), v -> {
                    r.run();
                    return v;
                }),
                (f, r) -> f.acceptEither(loop.newFuture(), v -> r.run()),
                (f, r) -> f.runAfterEither(loop.newFuture(), r),
                (f, r) -> f.thenCompose(v -> {
                    r.run();
                    return done();
                }),
                (f, r) -> f.handle((v, e) -> {
                    r.run();
                    return v;
                }),
                (f, r) -> f.whenComplete((v, e) -> r.run()));
        for (int k = 0; k < kinds.size(); k++) {
            LoopFuture<String> f = done();
            for (int i = 0; i < 40; i++) {
                AtomicInteger ran = new AtomicInteger();
                kinds.get(k).apply(f, ran::incrementAndGet);
                assertEquals(1, ran.get(), "kind " + k + ": dependent " + i + " did not run at once");
            }
        }
        for (int i = 0; i < 40; i++) {
            AtomicInteger ran = new AtomicInteger();
            failed().exceptionally(e -> {
                ran.incrementAndGet();
                return null;
            });
            failed().exceptionallyCompose(e -> {
                ran.incrementAndGet();
                return done();
            });
            assertEquals(2, ran.get(), "exceptionally dependent " + i + " did not run at once");
        }
    }

    @Test
    void aDependentOnTwoFuturesRunsOnTheLoopWhenTheOtherIsCompletedOnAnotherThread() throws Exception {
        List<String> threads = new ArrayList<>();
        Runnable record = () -> threads.add(Thread.currentThread().getName());
        CompletableFuture<String> other = new CompletableFuture<>();
        LoopFuture<String> f = done();
        LoopFuture<String> combined = f.thenCombine(other, (a, b) -> {
            record.run();
            return a + b;
        });
        LoopFuture<Void> both = f.thenAcceptBoth(other, (a, b) -> record.run());
        LoopFuture<Void> after = f.runAfterBoth(other, record);
        Thread completer = Thread.ofPlatform().name("completer").start(() -> other.complete("w"));
        completer.join(TestTimeouts.TIMEOUT.toMillis());
        assertEquals("vw", loop.runUntilComplete(combined));
        loop.runUntilComplete(both);
        loop.runUntilComplete(after);
        String loopThread = Thread.currentThread().getName();
        assertEquals(List.of(loopThread, loopThread, loopThread), threads, "a dependent ran on the completing thread");
    }

    @Test
    void cancelAndCompleteExceptionallySayWhetherTheyCompletedAndFireTheCancelHooksOnlyForACancellation() {
        LoopFuture<String> f = loop.newFuture();
        AtomicInteger hooks = new AtomicInteger();
        assertSame(f, f.whenCancelled(hooks::incrementAndGet), "whenCancelled returns the future, for chaining");
        assertTrue(f.completeExceptionally(new IllegalStateException("failed")));
        assertFalse(f.completeExceptionally(new IllegalStateException("again")));
        assertFalse(f.cancel(false), "a failed future was cancelled");
        loop.runUntilIdle();
        assertEquals(0, hooks.get(), "a failure fired the cancel hooks");

        LoopFuture<String> g = loop.newFuture();
        g.whenCancelled(hooks::incrementAndGet);
        assertTrue(g.completeExceptionally(new CancellationException("by hand")));
        loop.runUntilIdle();
        assertEquals(1, hooks.get(), "a cancellation through completeExceptionally did not fire the hooks");
        assertFalse(g.completeExceptionally(new CancellationException("again")));
        loop.runUntilIdle();
        assertEquals(1, hooks.get(), "a second cancellation fired the hooks again");
        assertSame(g, g.whenCancelled(hooks::incrementAndGet), "a hook added after the cancel returns the future");
        loop.runUntilIdle();
        assertEquals(2, hooks.get(), "a hook added after the cancel did not run");
    }

    @Test
    void completeOnTimeoutFiresTheCancelHooksOnlyIfItCompletesTheFuture() {
        LoopFuture<String> timedOut = loop.newFuture();
        LoopFuture<String> completedFirst = loop.newFuture();
        AtomicInteger hooks = new AtomicInteger();
        timedOut.whenCancelled(hooks::incrementAndGet).completeOnTimeout("late", 1, TimeUnit.SECONDS);
        completedFirst.whenCancelled(hooks::incrementAndGet).completeOnTimeout("late", 1, TimeUnit.SECONDS);
        completedFirst.complete("first");
        loop.advance(Duration.ofSeconds(1));
        assertEquals("late", timedOut.getNow(null));
        assertEquals("first", completedFirst.getNow(null));
        assertEquals(1, hooks.get(), "the operation behind the timed-out future was not cancelled (or the other was)");
    }

    @Test
    void aFutureCancelledAfterItsLoopClosedStillRunsItsHooks() {
        LoopFuture<String> f = loop.newFuture();
        AtomicInteger hooks = new AtomicInteger();
        f.whenCancelled(hooks::incrementAndGet);
        loop.close();
        assertTrue(f.cancel(false));
        assertEquals(1, hooks.get(), "the hook waited for a loop that is closed");
    }

    @Test
    void cancelHooksRunOnceInTheOrderAddedAlsoBesideTheDebugWatch() {
        // The loop, the debug watch and the hooks share one field: each state of it in turn.
        for (boolean debug : new boolean[] {false, true}) {
            loop.setDebug(debug);
            LoopFuture<String> f = loop.newFuture();
            List<String> ran = new ArrayList<>();
            f.whenCancelled(() -> ran.add("a")).whenCancelled(() -> ran.add("b")).whenCancelled(() -> ran.add("c"));
            assertSame(loop, f.loop());
            assertTrue(f.cancel(false));
            loop.runUntilIdle();
            assertEquals(List.of("a", "b", "c"), ran, "debug " + debug);
            f.cancel(false); // again (CompletableFuture answers true): the hooks must not run twice
            loop.runUntilIdle();
            assertEquals(List.of("a", "b", "c"), ran, "debug " + debug + ": a second cancel");
            f.whenCancelled(() -> ran.add("late"));
            loop.runUntilIdle();
            assertEquals(List.of("a", "b", "c", "late"), ran, "debug " + debug + ": a hook added after the cancel");
            assertSame(loop, f.loop(), "debug " + debug + ": the loop was lost with the hooks");
            assertTrue(f.toString().endsWith("[" + loop + "]"), f.toString());

            LoopFuture<String> bare = loop.newFuture();
            assertTrue(bare.cancel(false), "a future without hooks");
            AtomicInteger late = new AtomicInteger();
            bare.whenCancelled(late::incrementAndGet);
            loop.runUntilIdle();
            assertEquals(1, late.get(), "debug " + debug + ": a hook added after a cancel with no hooks did not run");
            assertSame(loop, bare.loop());
            assertSame(loop, bare.thenApply(v -> v).loop(), "a dependent stage belongs to the same loop");
        }
        loop.setDebug(false);
    }

    @Test
    void aLoopFutureTakesNoMoreMemoryThanACompletableFuture() throws Exception {
        // A frame read (readExactly, thenCompose, whenComplete) makes four futures: each byte
        // of one is paid four times per frame.
        int n = 10_000;
        Object[] keep = new Object[n];
        for (int round = 0; round < 3; round++) { // warm up, so that nothing but the futures is allocated
            fill(keep, true);
            fill(keep, false);
        }
        long before = allocatedByThisThread();
        fill(keep, true);
        long loopFutures = allocatedByThisThread() - before;
        before = allocatedByThisThread();
        fill(keep, false);
        long plain = allocatedByThisThread() - before;
        assertTrue(loopFutures <= plain + n / 10, "LoopFuture: " + (double) loopFutures / n
                + " bytes each; CompletableFuture: " + (double) plain / n);
    }

    private void fill(Object[] keep, boolean loopFutures) {
        for (int i = 0; i < keep.length; i++) {
            keep[i] = loopFutures ? new LoopFuture<String>(loop) : new CompletableFuture<String>();
        }
    }

    /** Bytes allocated by this thread so far (com.sun.management, through reflection: this module does not read jdk.management). */
    private static long allocatedByThisThread() throws ReflectiveOperationException {
        Object threads = ManagementFactory.getThreadMXBean();
        Method allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        return (long) allocated.invoke(threads);
    }

    @Test
    void getOnTheLoopThreadOfAnUnfinishedFutureThrowsAndGetsTheValueOfADoneOne() throws Exception {
        LoopFuture<String> pending = loop.newFuture();
        assertTrue(assertThrows(IllegalStateException.class, pending::get).getMessage().contains("get()"));
        assertTrue(assertThrows(IllegalStateException.class, () -> pending.get(1, TimeUnit.SECONDS)).getMessage()
                .contains("get(timeout)"));
        assertEquals("v", done().get());
        assertEquals("v", done().get(1, TimeUnit.SECONDS));
        assertEquals("v", done().getNow("absent"));
        assertEquals("absent", pending.getNow("absent"));
        assertInstanceOf(IllegalStateException.class, failed().exceptionNow());
        assertTrue(failed().isCompletedExceptionally());
        assertTrue(done().toString().endsWith("[" + loop + "]"), done().toString());
    }
}
