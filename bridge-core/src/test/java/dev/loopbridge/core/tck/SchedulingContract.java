package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.Handle;
import dev.loopbridge.core.LoopFuture;

/** callSoon, execute and submit: which thread, which order, which tick. */
public interface SchedulingContract extends LoopFixture {

    @Test
    default void callbacksRunOnTheLoopThread() {
        LoopFuture<Boolean> onLoop = loop().newFuture();
        CompletableFuture<Void> submitted = inThread(() -> {
            loop().callSoon(() -> onLoop.complete(loop().inLoop()));
            return null;
        });
        awaitReal(submitted);
        assertTrue(await(onLoop));
    }

    @Test
    default void inLoopIsFalseOnOtherThreads() {
        assertFalse(awaitReal(inThread(() -> loop().inLoop())));
        assertEquals(testThreadIsLoopThread(), loop().inLoop());
    }

    @Test
    default void callbacksFromOneThreadRunInSubmissionOrder() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            loop().execute(() -> order.add(n));
        }
        onLoop(() -> {
            assertEquals(10_000, order.size());
            for (int i = 0; i < order.size(); i++) {
                assertEquals(i, order.get(i));
            }
        });
    }

    @Test
    default void callbacksFromFourThreadsRunInEachThreadsOrder() {
        int threads = 4;
        int perThread = 100_000;
        int[] lastSeen = new int[threads];
        int[] outOfOrder = new int[1];
        int[] ran = new int[1];
        LoopFuture<Void> allRan = loop().newFuture();
        Arrays.fill(lastSeen, -1);
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            producers.add(inThread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int seq = i;
                    loop().callSoon(() -> {
                        if (seq != lastSeen[id] + 1) {
                            outOfOrder[0]++;
                        }
                        lastSeen[id] = seq;
                        if (++ran[0] == threads * perThread) {
                            allRan.complete(null);
                        }
                    });
                }
                return null;
            }));
        }
        await(allRan);
        producers.forEach(this::awaitReal);
        assertEquals(0, outOfOrder[0], "callbacks that ran out of their thread's submission order");
        for (int t = 0; t < threads; t++) {
            assertEquals(perThread - 1, lastSeen[t]);
        }
    }

    @Test
    default void callbacksQueuedDuringATickRunInTheNextTick() {
        long[] ticks = new long[2];
        LoopFuture<Void> done = loop().newFuture();
        loop().callSoon(() -> {
            ticks[0] = loop().stats().ticks();
            loop().callSoon(() -> {
                ticks[1] = loop().stats().ticks();
                done.complete(null);
            });
        });
        await(done);
        assertTrue(ticks[1] > ticks[0], "the second callback ran in the tick that queued it");
    }

    @Test
    default void aCallbackThatReschedulesItselfDoesNotStarveOthers() {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger spins = new AtomicInteger();
        Runnable spinner = new Runnable() {
            @Override
            public void run() {
                spins.incrementAndGet();
                if (!stop.get()) {
                    loop().callSoon(this);
                }
            }
        };
        loop().callSoon(spinner);
        LoopFuture<Integer> other = loop().submit(() -> {
            stop.set(true);
            return spins.get();
        });
        assertTrue(await(other) >= 1);
    }

    @Test
    default void aCallbackCancelledBeforeItRunsNeverRuns() {
        AtomicBoolean ran = new AtomicBoolean();
        boolean cancelled = onLoop(() -> {
            Handle h = loop().callSoon(() -> ran.set(true));
            return h.cancel() && h.isCancelled();
        });
        onLoop(() -> { });
        assertTrue(cancelled);
        assertFalse(ran.get());
    }

    @Test
    default void cancelAfterTheCallbackRanReturnsFalse() {
        Handle h = onLoop(() -> loop().callSoon(() -> { }));
        onLoop(() -> { });
        assertFalse(h.cancel());
        assertFalse(h.isCancelled());
    }

    @Test
    default void cancelFromAnotherThreadEitherWinsOrLosesCleanly() {
        AtomicInteger ran = new AtomicInteger();
        List<Handle> handles = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            handles.add(loop().callSoon(ran::incrementAndGet));
        }
        int cancelled = awaitReal(inThread(() -> {
            int c = 0;
            for (Handle h : handles) {
                c += h.cancel() ? 1 : 0;
            }
            return c;
        }));
        onLoop(() -> { });
        assertEquals(1000, ran.get() + cancelled, "each callback either ran or was cancelled");
    }

    @Test
    default void submitCompletesWithTheResultOnTheLoopThread() {
        assertEquals("loop", await(loop().submit(() -> loop().inLoop() ? "loop" : "elsewhere")));
    }

    @Test
    default void submitThatThrowsFailsItsFutureAndIsNotReportedAsUnhandled() {
        AtomicInteger reported = new AtomicInteger();
        loop().setExceptionHandler((l, e, c) -> reported.incrementAndGet());
        LoopFuture<Object> f = loop().submit(() -> {
            throw new IllegalStateException("boom");
        });
        CompletionException e = assertThrows(CompletionException.class, () -> await(f));
        assertEquals("boom", e.getCause().getMessage());
        assertEquals(0, reported.get());
    }

    @Test
    default void aFloodOfCallbacksIsSplitIntoTicksByTheBudget() {
        EventLoop l = newLoop(options().withTickBudget(Duration.ofMillis(2)));
        long before = l.runUntilComplete(l.submit(() -> l.stats().ticks()));
        LoopFuture<Long> last = l.newFuture();
        for (int i = 0; i < 400; i++) {
            l.execute(() -> LoopFixture.busy(Duration.ofMillis(1)));
        }
        l.execute(() -> last.complete(l.stats().ticks()));
        long ticks = l.runUntilComplete(last) - before;
        // 400 ms of work in 2 ms ticks: well over a hundred ticks; one tick if the budget were ignored.
        assertTrue(ticks >= 50, "the flood ran in " + ticks + " ticks");
    }

    @Test
    default void nullCallbacksAreRejectedWithTheirName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> loop().callSoon(null));
        assertEquals("task", e.getMessage());
    }
}
