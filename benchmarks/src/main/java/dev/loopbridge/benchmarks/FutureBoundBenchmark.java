package dev.loopbridge.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/**
 * A control for {@link FutureBenchmark}'s {@code Chain} pair, run by hand (not by
 * {@code run-all.sh}): how fast a {@link CompletableFuture} subclass that leaves the work to
 * {@code CompletableFuture} is, against the {@code CompletableFuture} it extends. {@link LoopFuture} must extend it (DESIGN.md fixes that,
 * with {@code newIncompleteFuture()} and {@code defaultExecutor()} overridden), so its chains do
 * {@code CompletableFuture}'s work plus its own; a subclass that overrides those two methods and
 * nothing else is what LoopFuture would be if keeping dependents on the loop thread cost nothing.
 *
 * <p>The three contenders run {@link FutureBenchmark}'s chains ({@value FutureBenchmark#FUTURES}
 * per invocation, {@code attachTo=pending} or {@code completed}) all on the default loop's thread,
 * so that the thread and the hop to it are the same for each, and only the futures differ: plain
 * {@code CompletableFuture}s, that bare subclass, and {@code LoopFuture}s ({@code loop.newFuture()}).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar FutureBoundBenchmark -f 2
 * }</pre>
 */
public class FutureBoundBenchmark extends PairedBenchmark {

    @Benchmark
    @OperationsPerInvocation(FutureBenchmark.FUTURES)
    public long loopBridgeChain(DefaultLoop state, FutureBenchmark.ChainShape shape, StallCounter stalls) {
        EventLoop loop = state.loop;
        return onLoop(loop, loop::newFuture, shape, stalls);
    }

    @Benchmark
    @OperationsPerInvocation(FutureBenchmark.FUTURES)
    public long completableFutureChain(DefaultLoop state, FutureBenchmark.ChainShape shape, StallCounter stalls) {
        return onLoop(state.loop, CompletableFuture::new, shape, stalls);
    }

    @Benchmark
    @OperationsPerInvocation(FutureBenchmark.FUTURES)
    public long bareSubclassChain(DefaultLoop state, FutureBenchmark.ChainShape shape, StallCounter stalls) {
        EventLoop loop = state.loop;
        return onLoop(loop, () -> new BareSubclass<>(loop), shape, stalls);
    }

    private static long onLoop(EventLoop loop, Supplier<CompletableFuture<Integer>> newFuture,
            FutureBenchmark.ChainShape shape, StallCounter stalls) {
        boolean pending = shape.attachTo.equals("pending");
        return FutureBenchmark.checked("chain", FutureBenchmark.CHAIN_SUM,
                Fixtures.await(loop.submit(() -> FutureBenchmark.chains(newFuture, pending)), loop, stalls));
    }

    /** A subclass with the two overrides DESIGN.md asks of LoopFuture, and no more. */
    private static final class BareSubclass<T> extends CompletableFuture<T> {
        private final EventLoop loop;

        BareSubclass(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new BareSubclass<>(loop);
        }

        @Override
        public Executor defaultExecutor() {
            return loop;
        }
    }
}
