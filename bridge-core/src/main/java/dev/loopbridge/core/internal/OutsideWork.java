package dev.loopbridge.core.internal;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopOptions;

/**
 * Work done outside the loop whose result completes a future on it: adopted foreign stages and
 * {@code runInExecutor} work. Any thread, except {@link #cancelAll} (loop thread, closing).
 *
 * <p>While such work is pending the test loop does not jump virtual time (it may still complete
 * something), and a closing loop cancels it rather than leave its futures pending forever.
 */
final class OutsideWork {

    private final BaseEventLoop loop;
    private final ExecutorService blocking;
    private final boolean ownsBlocking;

    /** Futures waiting for outside work. Any thread. */
    private final Set<LoopFuture<?>> pending = ConcurrentHashMap.newKeySet();

    OutsideWork(BaseEventLoop loop, LoopOptions options) {
        this.loop = loop;
        this.ownsBlocking = options.blockingExecutor() == null;
        this.blocking = ownsBlocking
                ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(loop.name() + "-blocking-", 0).factory())
                : options.blockingExecutor();
    }

    boolean isPending() {
        return !pending.isEmpty();
    }

    <T> LoopFuture<T> adopt(CompletionStage<T> stage) {
        LoopFuture<T> f = loop.newFuture();
        pending.add(f);
        f.whenCancelled(() -> {
            pending.remove(f);
            cancelQuietly(stage);
        });
        stage.whenComplete((value, error) -> completeOnLoop(f, value, error));
        return f;
    }

    <T> LoopFuture<T> runInExecutor(Callable<T> work) {
        LoopFuture<T> f = loop.newFuture();
        pending.add(f);
        Future<?> job;
        try {
            job = blocking.submit(() -> {
                try {
                    completeOnLoop(f, work.call(), null);
                } catch (Throwable e) {
                    completeOnLoop(f, null, e);
                }
            });
        } catch (RejectedExecutionException e) {
            pending.remove(f);
            throw new RejectedExecutionException("the blocking executor of " + loop + " rejected the work", e);
        }
        f.whenCancelled(() -> {
            pending.remove(f);
            job.cancel(true);
        });
        return f;
    }

    /** Cancels what is pending (interrupting blocking work) and stops the loop's own executor. */
    void cancelAll() {
        for (LoopFuture<?> f : new ArrayList<>(pending)) {
            f.cancel(false);
        }
        if (ownsBlocking) {
            blocking.shutdownNow();
        }
    }

    private <T> void completeOnLoop(LoopFuture<T> f, T value, Throwable error) {
        Runnable complete = () -> {
            pending.remove(f);
            if (error == null) {
                f.complete(value);
            } else {
                f.completeExceptionally(error);
            }
        };
        if (loop.inLoop()) {
            complete.run();
            return;
        }
        try {
            loop.executeInternal(complete);
        } catch (RejectedExecutionException closed) {
            complete.run(); // nothing runs on the loop any more; complete where we are
        }
    }

    private static void cancelQuietly(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().cancel(false);
        } catch (UnsupportedOperationException notCancellable) {
            // a minimal stage: it completes in its own time and the result is dropped
        }
    }
}
