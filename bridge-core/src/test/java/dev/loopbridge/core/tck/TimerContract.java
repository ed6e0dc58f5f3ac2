package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.TimerHandle;

/** callLater and callAt: never early, in order, cancellable in O(log n) from any thread. */
public interface TimerContract extends LoopFixture {

    @Test
    default void aTimerNeverFiresBeforeItsDeadline() {
        LoopFuture<long[]> fired = loop().newFuture();
        long[] scheduledAt = new long[1];
        TimerHandle h = onLoop(() -> {
            scheduledAt[0] = loop().time();
            return loop().callLater(Duration.ofMillis(30), () -> fired.complete(new long[] {loop().time()}));
        });
        long firedAt = await(fired)[0];
        assertTrue(firedAt - h.when() >= 0, "fired " + (h.when() - firedAt) + " ns early");
        assertTrue(h.when() - scheduledAt[0] >= Duration.ofMillis(30).toNanos());
    }

    @Test
    default void aTimerScheduledFromAnotherThreadFiresOnTheLoopThreadNotEarly() {
        LoopFuture<Long> firedAt = loop().newFuture();
        TimerHandle h = awaitReal(inThread(() -> loop().callLater(Duration.ofMillis(20),
                () -> firedAt.complete(loop().inLoop() ? loop().time() : null))));
        long at = await(firedAt);
        assertTrue(at - h.when() >= 0, "fired " + (h.when() - at) + " ns early");
    }

    @Test
    default void timersFireInDeadlineOrder() {
        List<Long> firedDeadlines = new ArrayList<>();
        LoopFuture<Void> all = loop().newFuture();
        Random random = new Random(42);
        onLoop(() -> {
            long base = loop().time();
            for (int i = 0; i < 200; i++) {
                long deadline = base + Duration.ofMillis(random.nextInt(40)).toNanos();
                loop().callAt(deadline, () -> {
                    firedDeadlines.add(deadline);
                    if (firedDeadlines.size() == 200) {
                        all.complete(null);
                    }
                });
            }
        });
        await(all);
        List<Long> sorted = new ArrayList<>(firedDeadlines);
        Collections.sort(sorted, (a, b) -> Long.compare(a - b, 0));
        assertEquals(sorted, firedDeadlines);
    }

    @Test
    default void timersWithTheSameDeadlineFireInSchedulingOrder() {
        List<Integer> order = new ArrayList<>();
        LoopFuture<Void> all = loop().newFuture();
        onLoop(() -> {
            long deadline = loop().time() + Duration.ofMillis(10).toNanos();
            for (int i = 0; i < 100; i++) {
                int n = i;
                loop().callAt(deadline, () -> {
                    order.add(n);
                    if (n == 99) {
                        all.complete(null);
                    }
                });
            }
        });
        await(all);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, order.get(i));
        }
    }

    @Test
    default void aDeadlineInThePastFiresInTheNextTick() {
        LoopFuture<Boolean> fired = loop().newFuture();
        loop().callAt(loop().time() - Duration.ofSeconds(1).toNanos(), () -> fired.complete(loop().inLoop()));
        assertTrue(await(fired));
    }

    @Test
    default void aCancelledTimerNeverFires() {
        AtomicBoolean fired = new AtomicBoolean();
        boolean cancelled = onLoop(() -> {
            TimerHandle h = loop().callLater(Duration.ofMillis(5), () -> fired.set(true));
            return h.cancel() && h.isCancelled() && !h.cancel();
        });
        await(loop().sleep(Duration.ofMillis(30)));
        assertTrue(cancelled);
        assertFalse(fired.get());
    }

    @Test
    default void aTimerCancelledFromAnotherThreadNeverFiresAndLeavesTheHeap() {
        AtomicBoolean fired = new AtomicBoolean();
        TimerHandle h = onLoop(() -> loop().callLater(Duration.ofHours(1), () -> fired.set(true)));
        assertEquals(1, onLoop(() -> loop().stats().pendingTimers()));
        assertTrue(awaitReal(inThread(h::cancel)));
        onLoop(() -> { });
        assertEquals(0, onLoop(() -> loop().stats().pendingTimers()));
        assertFalse(fired.get());
    }

    @Test
    default void aMillionCancelledTimersLeaveNothingBehind() {
        onLoop(() -> {
            List<TimerHandle> handles = new ArrayList<>(1_000_000);
            for (int i = 0; i < 1_000_000; i++) {
                handles.add(loop().callLater(Duration.ofMinutes(1 + i % 600), () -> { }));
            }
            for (TimerHandle h : handles) {
                h.cancel();
            }
        });
        assertEquals(0, onLoop(() -> loop().stats().pendingTimers()));
    }

    @Test
    default void timersCancelledFromOtherThreadsLeaveNothingBehind() {
        List<TimerHandle> handles = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            handles.add(loop().callLater(Duration.ofHours(1), () -> { }));
        }
        onLoop(() -> { }); // they have all entered the heap
        assertEquals(100_000, onLoop(() -> loop().stats().pendingTimers()));
        awaitReal(inThread(() -> {
            handles.forEach(TimerHandle::cancel);
            return null;
        }));
        onLoop(() -> { });
        assertEquals(0, onLoop(() -> loop().stats().pendingTimers()));
    }

    @Test
    default void timersScheduledFromManyThreadsAllFireNotEarly() {
        int threads = 4;
        int perThread = 500;
        AtomicInteger early = new AtomicInteger();
        AtomicInteger fired = new AtomicInteger();
        LoopFuture<Void> all = loop().newFuture();
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            producers.add(inThread(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < perThread; i++) {
                    long deadline = loop().time() + Duration.ofMillis(random.nextInt(20)).toNanos();
                    loop().callAt(deadline, () -> {
                        if (loop().time() - deadline < 0) {
                            early.incrementAndGet();
                        }
                        if (fired.incrementAndGet() == threads * perThread) {
                            all.complete(null);
                        }
                    });
                }
                return null;
            }));
        }
        producers.forEach(this::awaitReal);
        await(all);
        assertEquals(0, early.get());
    }

    /**
     * The loop waits for a timer 500 ms ahead; another thread then adds one due 10 ms after the
     * first was set (it must wake the loop early) and one after it. The deadlines are absolute, on
     * one time base, so a thread that starts late (a loaded machine) changes nothing unless it
     * starts half a second late; relative delays made the order depend on when the thread ran.
     */
    @Test
    default void timersFromAnotherThreadFireInOrderWhetherEarlierOrLaterThanTheOneTheLoopWaitsFor() {
        List<String> fired = new java.util.concurrent.CopyOnWriteArrayList<>();
        LoopFuture<Void> all = loop().newFuture();
        long start = onLoop(() -> {
            long now = loop().time();
            loop().callAt(now + Duration.ofMillis(500).toNanos(), () -> fired.add("on loop, 500 ms"));
            return now;
        });
        awaitReal(inThread(() -> {
            loop().callAt(start + Duration.ofMillis(600).toNanos(), () -> {
                fired.add("other thread, 600 ms");
                all.complete(null);
            });
            loop().callAt(start + Duration.ofMillis(10).toNanos(), () -> fired.add("other thread, 10 ms"));
            return null;
        }));
        await(all);
        assertEquals(List.of("other thread, 10 ms", "on loop, 500 ms", "other thread, 600 ms"), fired);
    }

    @Test
    default void aNegativeDelayIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop().callLater(Duration.ofMillis(-5), () -> { }));
        assertEquals("delay: PT-0.005S (expected: >= 0)", e.getMessage());
    }

    @Test
    default void whenIsTheDeadlineInLoopTime() {
        TimerHandle h = onLoop(() -> loop().callAt(loop().time() + 12345, () -> { }));
        long now = onLoop(() -> loop().time());
        assertTrue(h.when() - now <= 12345);
        h.cancel();
    }

    @Test
    default void aHugeDelayIsAcceptedAndNeverFires() {
        TimerHandle h = loop().callLater(Duration.ofDays(365L * 1000), () -> { });
        onLoop(() -> { });
        assertEquals(1, onLoop(() -> loop().stats().pendingTimers()));
        assertTrue(h.cancel());
    }
}
