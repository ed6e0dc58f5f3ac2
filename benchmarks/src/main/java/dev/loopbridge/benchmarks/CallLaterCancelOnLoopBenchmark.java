package dev.loopbridge.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.TimerHandle;

/**
 * The cost of scheduling a timer and cancelling it on the loop's own thread, where an event-loop
 * application sets its timeouts: {@value #PAIRS} {@code callLater(1 hour)} + {@code cancel()}
 * pairs inside one callback, against the same pairs of {@code schedule(task, 1, HOURS)} +
 * {@code cancel(false)} inside one task on the peer's thread. The JMH benchmark thread submits the
 * batch and waits for its result; the pairs run on the loop thread (or the executor's thread).
 *
 * <p>The score is pairs per second ({@code @OperationsPerInvocation}); the one hop to the contender
 * and back per batch is included, the same for both. The batch returns how many cancels succeeded,
 * which is returned to JMH and must be all of them. After each iteration the contender must hold
 * exactly the {@code pendingTimers} it started with (see {@link CallLaterCancelBenchmark}).
 */
public class CallLaterCancelOnLoopBenchmark extends PairedBenchmark {

    /**
     * Schedule + cancel pairs per batch, that is per invocation: enough that the one hop per batch
     * is a small part of the score (see {@code StreamReadBenchmark.MESSAGES}: on issue 13's 2-core
     * virtual machine the hop costs about 70 us, and 1,000 pairs took 115-170 us).
     */
    static final int PAIRS = 20_000;

    /** The LoopBridge default loop, with {@code pendingTimers} timers in its heap. */
    @State(Scope.Benchmark)
    public static class LoopBridgeState {
        @Param({"0", "10000"})
        public int pendingTimers;

        EventLoop loop;
        Callable<Integer> batch;

        @Setup(Level.Trial)
        public void start() {
            EventLoop l = Fixtures.newLoop("timer-bench");
            loop = l;
            Fixtures.addPendingTimers(l, pendingTimers);
            batch = () -> {
                int cancelled = 0;
                for (int i = 0; i < PAIRS; i++) {
                    TimerHandle timer = l.callLater(Fixtures.ONE_HOUR, Fixtures.NOOP);
                    if (timer.cancel()) {
                        cancelled++;
                    }
                }
                return cancelled;
            };
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
        Callable<Integer> batch;

        @Setup(Level.Trial)
        public void start() {
            ScheduledThreadPoolExecutor p = Fixtures.newPeer("timer-peer");
            peer = p;
            Fixtures.addPendingTimers(p, pendingTimers);
            batch = () -> {
                int cancelled = 0;
                for (int i = 0; i < PAIRS; i++) {
                    if (p.schedule(Fixtures.NOOP, 1, TimeUnit.HOURS).cancel(false)) {
                        cancelled++;
                    }
                }
                return cancelled;
            };
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

    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public int loopBridge(LoopBridgeState state, StallCounter stalls) {
        return allCancelled(Fixtures.await(state.loop.submit(state.batch), state.loop, stalls));
    }

    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public int stpe(PeerState state, StallCounter stalls) {
        return allCancelled(Fixtures.await(state.peer.submit(state.batch), state.peer, stalls));
    }

    private static int allCancelled(int cancelled) {
        if (cancelled != PAIRS) {
            throw new IllegalStateException(cancelled + " of " + PAIRS
                    + " cancels of timers due in 1 hour returned true (expected: all)");
        }
        return cancelled;
    }
}
