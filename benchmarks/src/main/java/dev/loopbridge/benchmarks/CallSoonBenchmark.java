package dev.loopbridge.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Threads;

import dev.loopbridge.core.EventLoop;

/**
 * Throughput of {@code callSoon} from other threads, end to end: callbacks per second that one
 * loop thread runs while one or four producer threads feed it. JMH's benchmark threads are the
 * producers; the callbacks run on the loop thread (LoopBridge) or the executor's one thread (the
 * peer, {@code ScheduledThreadPoolExecutor.execute}).
 *
 * <p>Each invocation submits {@value #BATCH} no-op callbacks and waits until the last of them has
 * run, so the score (with {@code @OperationsPerInvocation}) is callbacks run per second, not
 * submissions into a queue that grows without bound. With four producers each waits for its own
 * batch while the others' callbacks interleave with it. Nothing here can be optimised away: every
 * submission publishes a task to another thread. The wait itself (one park and unpark per batch)
 * is part of the cost, the same for both contenders. Waits that stall are counted and reported
 * (see {@link StallCounter}).
 */
public class CallSoonBenchmark extends PairedBenchmark {

    /**
     * Callbacks each producer submits per invocation; the last one releases the producer. Enough
     * that the producer's one wake-up per batch is a small part of the score (see
     * {@code StreamReadBenchmark.MESSAGES}: on issue 13's 2-core virtual machine a wake-up costs
     * about 35 us, and 1,000 of LoopBridge's callbacks run in about 75 us).
     */
    static final int BATCH = 20_000;

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void loopBridgeOneProducer(DefaultLoop state, StallCounter stalls) {
        loopBridgeBatch(state.loop, stalls);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void stpeOneProducer(PeerThread state, StallCounter stalls) {
        peerBatch(state.peer, stalls);
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    public void loopBridgeFourProducers(DefaultLoop state, StallCounter stalls) {
        loopBridgeBatch(state.loop, stalls);
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    public void stpeFourProducers(PeerThread state, StallCounter stalls) {
        peerBatch(state.peer, stalls);
    }

    private static void loopBridgeBatch(EventLoop loop, StallCounter stalls) {
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 1; i < BATCH; i++) {
            loop.callSoon(Fixtures.NOOP);
        }
        loop.callSoon(done::countDown);
        Fixtures.await(done, loop, stalls);
    }

    private static void peerBatch(ScheduledThreadPoolExecutor peer, StallCounter stalls) {
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 1; i < BATCH; i++) {
            peer.execute(Fixtures.NOOP);
        }
        peer.execute(done::countDown);
        Fixtures.await(done, peer, stalls);
    }
}
