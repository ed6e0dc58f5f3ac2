package dev.loopbridge.benchmarks;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.TimerHandle;

/**
 * The cost of scheduling a timer from a foreign thread and cancelling it at once, the pattern of
 * a timeout that the awaited answer beats: {@code callLater(1 hour)} then {@code cancel()} on the
 * returned handle, against the peer's {@code schedule(task, 1, HOURS)} then
 * {@code future.cancel(false)}. One JMH benchmark thread calls both; the loop thread (or the
 * executor's thread) does its share of the work in parallel: on LoopBridge the timer travels to
 * the loop through the ready queue, and so does a cancel that arrives after it got there.
 *
 * <p>Nothing may pile up behind the measurement: every {@value #BARRIER_EVERY} operations the
 * benchmark thread waits until the contender has handled everything it was given (a barrier task
 * through the same queue), so the loop's backlog stays bounded and its catching up is counted; the
 * peer gets the same barrier. After each iteration the contender must hold exactly the
 * {@code pendingTimers} it started with. Each cancel result is returned to JMH, and a cancel that
 * fails (the timer ran, or never existed) fails the iteration.
 *
 * <p>{@code pendingTimers} other timers, due between 30 minutes and 2 hours, sit in the heap (or the
 * peer's queue) throughout, as in an application with timeouts pending: with 0 the heap never holds
 * more than the one timer being measured.
 */
public class CallLaterCancelBenchmark extends PairedBenchmark {

    /** Operations between two barriers: bounds what the contender may have still to handle. */
    static final int BARRIER_EVERY = 1024;

    /** The LoopBridge default loop, with {@code pendingTimers} timers in its heap. */
    @State(Scope.Benchmark)
    public static class LoopBridgeState {
        @Param({"0", "10000"})
        public int pendingTimers;

        EventLoop loop;

        @Setup(Level.Trial)
        public void start() {
            loop = Fixtures.newLoop("timer-bench");
            Fixtures.addPendingTimers(loop, pendingTimers);
        }

        @TearDown(Level.Iteration)
        public void checkSettled() {
            Fixtures.checkSettled(loop, pendingTimers);
        }

        @TearDown(Level.Trial)
        public void close() {
            Fixtures.close(loop);
        }
    }

    /** The peer, with {@code pendingTimers} tasks in its queue. */
    @State(Scope.Benchmark)
    public static class PeerState {
        @Param({"0", "10000"})
        public int pendingTimers;

        ScheduledThreadPoolExecutor peer;

        @Setup(Level.Trial)
        public void start() {
            peer = Fixtures.newPeer("timer-peer");
            Fixtures.addPendingTimers(peer, pendingTimers);
        }

        @TearDown(Level.Iteration)
        public void checkSettled() {
            Fixtures.checkSettled(peer, pendingTimers);
        }

        @TearDown(Level.Trial)
        public void close() {
            Fixtures.close(peer);
        }
    }

    /** The benchmark thread's count towards the next barrier, and of cancels that failed. */
    @State(Scope.Thread)
    public static class Pacing {
        int sinceBarrier;
        long failedCancels;

        /** Counts one operation; every {@value #BARRIER_EVERY}, waits until the contender caught up. */
        void done(boolean cancelled, Executor contender, StallCounter stalls) {
            if (!cancelled) {
                failedCancels++;
            }
            if (++sinceBarrier == BARRIER_EVERY) {
                sinceBarrier = 0;
                Fixtures.barrier(contender, stalls);
            }
        }

        @TearDown(Level.Iteration)
        public void check() {
            if (failedCancels != 0) {
                throw new IllegalStateException(failedCancels
                        + " cancels of a timer due in 1 hour returned false (expected: all true)");
            }
        }
    }

    @Benchmark
    public boolean loopBridge(LoopBridgeState state, Pacing pacing, StallCounter stalls) {
        TimerHandle timer = state.loop.callLater(Fixtures.ONE_HOUR, Fixtures.NOOP);
        boolean cancelled = timer.cancel();
        pacing.done(cancelled, state.loop, stalls);
        return cancelled;
    }

    @Benchmark
    public boolean stpe(PeerState state, Pacing pacing, StallCounter stalls) {
        ScheduledFuture<?> timer = state.peer.schedule(Fixtures.NOOP, 1, TimeUnit.HOURS);
        boolean cancelled = timer.cancel(false);
        pacing.done(cancelled, state.peer, stalls);
        return cancelled;
    }
}
