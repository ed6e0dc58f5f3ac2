package dev.loopbridge.core.tck;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;

/**
 * What every contract needs from the loop under test, implemented once by {@link EventLoopTck}.
 * Assertions about the loop thread are made on it and come back through a future.
 */
public interface LoopFixture {

    /** The loop under test, created before each test and closed after it. */
    EventLoop loop();

    /** Another loop of the same kind with other options, closed after the test. */
    EventLoop newLoop(LoopOptions options);

    /** Options for loops made by this TCK, with a name that marks their threads. */
    default LoopOptions options() {
        return LoopOptions.defaults().withName("tck");
    }

    /** Whether the test thread is the loop's thread (the test loop: its owner drives it). */
    boolean testThreadIsLoopThread();

    /** Whether {@code runUntilComplete} may be called on the loop thread (a nested loop). */
    boolean supportsNestedLoops();

    /**
     * Posts {@code task} to the loop's thread as the toolkit's own event, outside the loop
     * ({@code Platform.runLater}, {@code EventQueue.invokeLater}), and returns true; returns false
     * for loops with no toolkit under them (the default loop, the test loop).
     */
    default boolean postToolkitEvent(Runnable task) {
        return false;
    }

    /** Whether close() from another thread returns only after the loop shut down. */
    default boolean closeWaitsForShutdown() {
        return !testThreadIsLoopThread();
    }

    /** Runs the loop until {@code stage} completes and returns its result. */
    default <T> T await(CompletionStage<T> stage) {
        return loop().runUntilComplete(stage);
    }

    /** Runs {@code task} on the loop thread and returns its result. */
    default <T> T onLoop(Callable<T> task) {
        return await(loop().submit(task));
    }

    /** Runs {@code task} on the loop thread and waits for it. */
    default void onLoop(ThrowingRunnable task) {
        onLoop(() -> {
            task.run();
            return null;
        });
    }

    /** Waits, in real time and without running the loop, for a stage completed by another thread. */
    default <T> T awaitReal(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("failed in another thread", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("not done within " + TestTimeouts.TIMEOUT, e);
        }
    }

    /** Runs {@code task} on a new platform thread; the future carries its result or failure. */
    default <T> CompletableFuture<T> inThread(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name("tck-helper").start(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Spins on the current thread for {@code d}, to simulate a busy callback. */
    static void busy(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /** A runnable that may throw, for assertions run on the loop. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
