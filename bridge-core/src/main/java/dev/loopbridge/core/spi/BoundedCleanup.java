package dev.loopbridge.core.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/**
 * Asynchronous cleanup with a time limit, before a window closes or an application exits: the
 * machinery of the toolkit helpers' graceful close ({@code FxAsync.closeGracefully},
 * {@code SwingAsync.closeGracefully}) and exit ({@code FxAsync.exitGracefully}). qasync's
 * {@code asyncClose}. Loop thread only.
 *
 * <pre>{@code
 * BoundedCleanup.run(loop, () -> client.quit("bye"), Duration.ofSeconds(3), "closing the chat window")
 *         .thenRun(frame::dispose);
 * }</pre>
 */
public final class BoundedCleanup {

    private BoundedCleanup() {
    }

    /**
     * Runs {@code cleanup} and completes — normally, always — when the stage it returns completes,
     * fails (the failure goes to the loop's exception handler, naming {@code what}) or is still
     * running after {@code limit}. A cleanup that throws or returns {@code null} counts as failed.
     * Loop thread.
     *
     * @param loop the loop to run on; the current thread must be its thread
     * @param cleanup starts the cleanup, e.g. sends a QUIT and returns its future
     * @param limit how long to wait for the cleanup at most
     * @param what what the cleanup comes before, for the error report, e.g. "closing the chat window"
     * @return a future of the loop that completes with {@code null} when waiting is over
     * @throws IllegalStateException if not called on the loop thread
     */
    public static LoopFuture<Void> run(EventLoop loop, Supplier<? extends CompletionStage<?>> cleanup, Duration limit,
            String what) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(cleanup, "cleanup");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(what, "what");
        if (!loop.inLoop()) {
            throw new IllegalStateException("BoundedCleanup.run must be called on the loop thread, not on thread \""
                    + Thread.currentThread().getName() + "\"");
        }
        CompletionStage<?> stage;
        try {
            stage = Objects.requireNonNull(cleanup.get(), "the cleanup returned null (expected: a CompletionStage)");
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return loop.adopt(stage).handle((v, error) -> {
            if (error != null) {
                loop.reportError(error, "The cleanup before " + what + " failed");
            }
            return (Void) null;
        }).completeOnTimeout(null, limit.toMillis(), TimeUnit.MILLISECONDS);
    }
}
