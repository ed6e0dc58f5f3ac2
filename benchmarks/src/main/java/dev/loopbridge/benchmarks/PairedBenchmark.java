package dev.loopbridge.benchmarks;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.loopbridge.core.EventLoop;

/**
 * What the JMH benchmarks of this module share: throughput in operations per second, one fork,
 * 3 warm-up and 5 measured iterations of 2 s, one benchmark thread unless a method says otherwise
 * (JMH reads these annotations through the class hierarchy), and the two contenders most of them
 * measure, as JMH states: LoopBridge's default loop and its peer, a one-thread
 * {@link ScheduledThreadPoolExecutor}. The scripts' settings (see run-common.sh) override the
 * iteration counts and times.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public abstract class PairedBenchmark {

    /** LoopBridge's default loop, one per trial, shared by the benchmark threads. */
    @State(Scope.Benchmark)
    public static class DefaultLoop {
        EventLoop loop;

        @Setup(Level.Trial)
        public void start() {
            loop = Fixtures.newLoop("bench");
        }

        @TearDown(Level.Trial)
        public void close() {
            Fixtures.close(loop);
        }
    }

    /** The peer: a one-thread ScheduledThreadPoolExecutor, one per trial. */
    @State(Scope.Benchmark)
    public static class PeerThread {
        ScheduledThreadPoolExecutor peer;

        @Setup(Level.Trial)
        public void start() {
            peer = Fixtures.newPeer("bench-peer");
        }

        @TearDown(Level.Trial)
        public void close() {
            Fixtures.close(peer);
        }
    }
}
