package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopStats;

/** stats(): what the loop ran and how far behind it is. */
public interface StatsContract extends LoopFixture {

    @Test
    default void statsCountCallbacksRunAndTicks() {
        LoopStats before = onLoop(() -> loop().stats());
        for (int i = 0; i < 1000; i++) {
            loop().execute(() -> { });
        }
        onLoop(() -> { });
        LoopStats after = onLoop(() -> loop().stats());
        assertTrue(after.callbacksRun() - before.callbacksRun() >= 1001, before + " -> " + after);
        assertTrue(after.ticks() > before.ticks());
    }

    @Test
    default void pendingCallbacksCountsWorkNotYetRun() {
        long pending = onLoop(() -> {
            long base = loop().stats().pendingCallbacks();
            for (int i = 0; i < 100; i++) {
                loop().callSoon(() -> { });
            }
            return loop().stats().pendingCallbacks() - base;
        });
        assertEquals(100, pending);
        onLoop(() -> { });
        assertEquals(1, onLoop(() -> loop().stats().pendingCallbacks()), "only the asking callback");
    }

    @Test
    default void pendingTimersCountsScheduledTimers() {
        onLoop(() -> {
            loop().callLater(Duration.ofHours(1), () -> { });
            loop().callLater(Duration.ofHours(2), () -> { });
        });
        assertEquals(2, onLoop(() -> loop().stats().pendingTimers()));
    }

    @Test
    default void lagFiguresShowABacklogWaitingBehindABusyCallback() {
        onLoop(() -> {
            // Lag is sampled (one slot of the queue in 64): 128 callbacks in a row give at least two samples.
            for (int i = 0; i < 128; i++) {
                loop().callSoon(() -> { });
            }
            LoopFixture.busy(Duration.ofMillis(30));
        });
        LoopStats s = onLoop(() -> loop().stats());
        assertTrue(s.lagMax().compareTo(Duration.ofMillis(30)) >= 0, s.toString());
        assertTrue(s.lagP99().compareTo(Duration.ofMillis(26)) >= 0, s.toString());
        assertTrue(s.lagP50().compareTo(s.lagMax()) <= 0, s.toString());
        assertTrue(s.longestTick().compareTo(Duration.ofMillis(30)) >= 0, s.toString());
        // The same backlog is in the recent window (the last 5 to 10 s).
        assertTrue(s.recentLagP99().compareTo(Duration.ofMillis(26)) >= 0, s.toString());
    }

    @Test
    default void timerLatenessShowsATimerHeldUpByABusyCallback() {
        assumeFalse(testThreadIsLoopThread(), "on virtual time a busy callback takes no time");
        LoopFuture<Void> fired = loop().newFuture();
        onLoop(() -> {
            loop().callLater(Duration.ofMillis(1), () -> fired.complete(null));
            LoopFixture.busy(Duration.ofMillis(30)); // the timer is due, and cannot fire until this returns
        });
        // Not a callback after it: a tick whose callbacks spent its budget (a busy machine takes the
        // loop thread away for 8 ms) leaves due timers to the next one, which runs what was queued
        // first. The lateness is recorded before the timer's action runs.
        await(fired);
        LoopStats s = onLoop(() -> loop().stats());
        assertTrue(s.timerLatenessP99().compareTo(Duration.ofMillis(25)) >= 0, s.toString());
    }
}
