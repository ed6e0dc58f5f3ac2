package dev.loopbridge.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.loopbridge.core.Async;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/**
 * The cost of one {@code Async.await} round trip next to one {@code thenCompose} hop, on the
 * default loop, in the same run. Each operation is one <em>hop</em>: a future that a queued loop
 * callback completes, then the code after it — the rest of an async body (suspend, queue the
 * resumption, resume the continuation) or the next stage of a {@code thenCompose} chain (the
 * recursion the README shows, with its relay back up the chain). {@code callSoonHop} is the floor:
 * the same queued callback with no future at all. {@code awaitDone} is an await of a completed
 * future, which does not suspend.
 *
 * <p>Each invocation runs {@value #HOPS} hops on the loop thread, started and waited for by the
 * benchmark thread (one cross-thread hand-off each way per invocation, the same for all). The
 * forked JVM gets the export flag that {@code Async} needs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class AwaitBenchmark {

    /** Hops per invocation. */
    static final int HOPS = 1000;

    private EventLoop loop;

    @Setup(Level.Trial)
    public void start() {
        loop = Fixtures.newLoop("await-bench");
    }

    @TearDown(Level.Trial)
    public void close() {
        Fixtures.close(loop);
    }

    /** A future of the loop that a callback queued behind the current one completes. Loop thread. */
    private static LoopFuture<Integer> hop(EventLoop loop, int value) {
        LoopFuture<Integer> f = loop.newFuture();
        loop.callSoon(() -> f.complete(value));
        return f;
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int awaitPending(StallCounter stalls) {
        return Fixtures.await(Async.async(loop, () -> {
            int sum = 0;
            for (int i = 0; i < HOPS; i++) {
                sum += Async.await(hop(loop, i));
            }
            return sum;
        }), loop, stalls);
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int thenComposeHop(StallCounter stalls) {
        LoopFuture<Integer> done = loop.newFuture();
        loop.callSoon(() -> chain(loop, 0, 0).whenComplete((sum, e) -> done.complete(sum)));
        return Fixtures.await(done, loop, stalls);
    }

    private static CompletionStage<Integer> chain(EventLoop loop, int i, int sum) {
        if (i == HOPS) {
            return CompletableFuture.completedFuture(sum);
        }
        return hop(loop, i).thenCompose(v -> chain(loop, i + 1, sum + v));
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int callSoonHop(StallCounter stalls) {
        LoopFuture<Integer> done = loop.newFuture();
        loop.callSoon(() -> callbacks(loop, 0, 0, done));
        return Fixtures.await(done, loop, stalls);
    }

    private static void callbacks(EventLoop loop, int i, int sum, LoopFuture<Integer> done) {
        if (i == HOPS) {
            done.complete(sum);
        } else {
            loop.callSoon(() -> callbacks(loop, i + 1, sum + i, done));
        }
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public int awaitDone(StallCounter stalls) {
        CompletableFuture<Integer> ready = CompletableFuture.completedFuture(1);
        return Fixtures.await(Async.async(loop, () -> {
            int sum = 0;
            for (int i = 0; i < HOPS; i++) {
                sum += Async.await(ready);
            }
            return sum;
        }), loop, stalls);
    }
}
