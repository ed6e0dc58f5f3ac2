package dev.loopbridge.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/**
 * {@link LoopFuture}'s hot paths against the {@link CompletableFuture} it extends, each used as
 * event-loop code uses it: LoopBridge's futures on the default loop's thread, plain
 * {@code CompletableFuture}s on the peer's one thread (a {@link ScheduledThreadPoolExecutor}, see
 * {@link Fixtures}). The JMH benchmark thread hands each contender a batch of {@value #FUTURES}
 * futures' work and waits for it; the score ({@code @OperationsPerInvocation}) is futures per
 * second, the one hop to the contender and back per batch included, the same for both.
 *
 * <ul>
 *   <li>{@code Chain}: on the contender's thread, create a future, attach a chain of three
 *       stages ({@code thenApply}, {@code thenApply}, {@code whenComplete}) and complete it; with
 *       {@code attachTo=completed} the future is completed first and the stages are attached to the
 *       completed future. Every stage runs at once, on that thread: a LoopFuture's dependents run
 *       inline when it completes on the loop thread, as a CompletableFuture's run in the completing
 *       thread. LoopFuture routes a non-async stage attached to a pending future through its loop
 *       executor (to keep dependents on the loop; one attached on the loop thread to a done future
 *       runs at once, as CompletableFuture's does) and makes each new stage a LoopFuture; what that
 *       costs shows here.
 *   <li>{@code ForeignCompletion}: the pattern of a result computed elsewhere (a worker thread, a
 *       blocking call): the contender's thread creates the futures and attaches one observer to
 *       each ({@code thenAccept}: LoopFuture runs it on the loop; the peer's
 *       {@code thenAcceptAsync(observer, peer)}, the way to have a CompletableFuture observed on a
 *       given thread), then the benchmark thread completes them one by one and waits until the
 *       last observer ran. Each completion hands the observer to the contender's thread through
 *       its queue.
 * </ul>
 *
 * <p>The values are small ({@code i & 31}, stages included), so that every boxed {@code Integer}
 * comes from the JDK's cache and the allocation per operation ({@code -prof gc}) is that of the
 * futures alone. Each batch sums what its observers saw and fails unless every stage ran. Waits
 * that stall are counted and reported (see {@link StallCounter}).
 */
public class FutureBenchmark extends PairedBenchmark {

    /**
     * Futures per batch, that is per invocation: enough that the one hop per batch is a small part
     * of the score (see {@code StreamReadBenchmark.MESSAGES}: on the 2-core virtual machine of
     * issue 13's runs the hop costs about 70 us; with 1,000 futures it was a third to a half of a
     * batch).
     */
    static final int FUTURES = 20_000;

    /** The sum a chain batch must report: each of its futures' values, plus one, times two. */
    static final long CHAIN_SUM = sumOfValues(v -> (v + 1) * 2);

    /** The sum a foreign-completion batch must report: each of its futures' values. */
    private static final long FOREIGN_SUM = sumOfValues(v -> v);

    private static final Function<Integer, Integer> PLUS_ONE = v -> v + 1;
    private static final Function<Integer, Integer> TIMES_TWO = v -> v * 2;

    /** Whether a chain's stages are attached before the future completes or after. */
    @State(Scope.Benchmark)
    public static class ChainShape {
        /** {@code pending}: attach, then complete; {@code completed}: complete, then attach. */
        @Param({"pending", "completed"})
        public String attachTo;
    }

    @Benchmark
    @OperationsPerInvocation(FUTURES)
    public long loopBridgeChain(DefaultLoop state, ChainShape shape, StallCounter stalls) {
        EventLoop loop = state.loop;
        boolean pending = shape.attachTo.equals("pending");
        return checked("chain", CHAIN_SUM,
                Fixtures.await(loop.submit(() -> chains(loop::newFuture, pending)), loop, stalls));
    }

    @Benchmark
    @OperationsPerInvocation(FUTURES)
    public long completableFutureChain(PeerThread state, ChainShape shape, StallCounter stalls) {
        boolean pending = shape.attachTo.equals("pending");
        return checked("chain", CHAIN_SUM,
                Fixtures.await(state.peer.submit(() -> chains(CompletableFuture::new, pending)), state.peer, stalls));
    }

    /**
     * Runs {@value #FUTURES} chains on the calling thread (the contender's) and returns the sum
     * their last stages saw. Shared by both contenders (and {@link FutureBoundBenchmark}'s three),
     * so that they do exactly the same calls.
     */
    static long chains(Supplier<CompletableFuture<Integer>> newFuture, boolean attachToPending) {
        Sum sum = new Sum();
        for (int i = 0; i < FUTURES; i++) {
            CompletableFuture<Integer> f = newFuture.get();
            if (attachToPending) {
                f.thenApply(PLUS_ONE).thenApply(TIMES_TWO).whenComplete(sum);
                f.complete(i & 31);
            } else {
                f.complete(i & 31);
                f.thenApply(PLUS_ONE).thenApply(TIMES_TWO).whenComplete(sum);
            }
        }
        return sum.total;
    }

    @Benchmark
    @OperationsPerInvocation(FUTURES)
    public long loopBridgeForeignCompletion(DefaultLoop state, StallCounter stalls) {
        EventLoop loop = state.loop;
        Sum sum = new Sum();
        // LoopFuture.thenAccept runs the observer on the loop thread, whoever completes the future.
        List<CompletableFuture<Integer>> futures = Fixtures.await(
                loop.submit(() -> observed(loop::newFuture, f -> f.thenAccept(sum))), loop, stalls);
        return completeHere(futures, sum, loop, stalls);
    }

    @Benchmark
    @OperationsPerInvocation(FUTURES)
    public long completableFutureForeignCompletion(PeerThread state, StallCounter stalls) {
        ScheduledThreadPoolExecutor peer = state.peer;
        Sum sum = new Sum();
        // A plain thenAccept would run the observer on the completing (benchmark) thread.
        List<CompletableFuture<Integer>> futures = Fixtures.await(
                peer.submit(() -> observed(CompletableFuture::new, f -> f.thenAcceptAsync(sum, peer))), peer, stalls);
        return completeHere(futures, sum, peer, stalls);
    }

    /** Creates {@value #FUTURES} pending futures, each with an observer; the contender's thread. */
    private static List<CompletableFuture<Integer>> observed(Supplier<CompletableFuture<Integer>> newFuture,
            Consumer<CompletableFuture<Integer>> observe) {
        List<CompletableFuture<Integer>> futures = new ArrayList<>(FUTURES);
        for (int i = 0; i < FUTURES; i++) {
            CompletableFuture<Integer> f = newFuture.get();
            observe.accept(f);
            futures.add(f);
        }
        return futures;
    }

    /**
     * Completes the futures from the benchmark thread, a foreign thread to the contender, and waits
     * until their observers have run on the contender's thread.
     */
    private static long completeHere(List<CompletableFuture<Integer>> futures, Sum sum, Executor contender,
            StallCounter stalls) {
        for (int i = 0; i < FUTURES; i++) {
            futures.get(i).complete(i & 31);
        }
        Fixtures.await(sum.done, contender, stalls);
        return checked("foreign completion", FOREIGN_SUM, sum.total); // the latch published total
    }

    static long checked(String batch, long expected, long sum) {
        if (sum != expected) {
            throw new IllegalStateException("a " + batch + " batch summed " + sum + " (expected: " + expected
                    + "): some stages did not run, or ran after the batch had returned");
        }
        return sum;
    }

    private static long sumOfValues(Function<Integer, Integer> stages) {
        long sum = 0;
        for (int i = 0; i < FUTURES; i++) {
            sum += stages.apply(i & 31);
        }
        return sum;
    }

    /**
     * The last stage of every future of a batch: adds what it sees, and releases {@link #done}
     * when it has seen {@value #FUTURES} values. Only the contender's thread calls it; the latch
     * publishes {@link #total} to the benchmark thread.
     */
    private static final class Sum implements BiConsumer<Integer, Throwable>, Consumer<Integer> {
        final CountDownLatch done = new CountDownLatch(1);
        long total;
        private int seen;

        @Override
        public void accept(Integer value, Throwable error) {
            if (error != null) {
                throw new IllegalStateException("a stage failed", error);
            }
            accept(value);
        }

        @Override
        public void accept(Integer value) {
            total += value;
            if (++seen == FUTURES) {
                done.countDown();
            }
        }
    }
}
