package dev.loopbridge.core;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A lifetime for asynchronous work: what a scope launched or tracks is cancelled when it closes,
 * and the resources registered with it are closed. The counterpart of asyncio's
 * {@code TaskGroup} and Kotlin's {@code CoroutineScope}; GUI modules bind a scope to a window so
 * closing the window stops its work.
 *
 * <p>All methods run on the loop thread and otherwise throw {@link IllegalStateException} naming
 * it. Failures are supervised, as in a Kotlin {@code SupervisorJob}: a launched task that fails
 * does not cancel its siblings; the first failure is reported once to the loop's
 * {@link ExceptionHandler}, and later ones are added to it as suppressed exceptions.
 *
 * <pre>{@code
 * LoopScope scope = loop.newScope();
 * scope.launch(() -> fetchHeadlines().thenAccept(list::setAll));
 * scope.onClose(connection);
 * ...
 * scope.close();   // cancels the fetch if still running, closes the connection
 * }</pre>
 */
public interface LoopScope extends AutoCloseable {

    /**
     * Starts {@code work} now, on the loop thread, and tracks the stage it returns.
     *
     * @param <T> the type of the work's result
     * @param work starts the work; called on the loop thread
     * @return a future that completes as the work's stage does, cancelled if the scope closes first
     * @throws IllegalStateException if the scope is closed, or off the loop thread
     */
    <T> LoopFuture<T> launch(Supplier<? extends CompletionStage<T>> work);

    /**
     * Cancels {@code future} if it is still incomplete when the scope closes; it is forgotten once
     * it completes. Tracking in a closed scope cancels the future at once.
     *
     * @param <F> the type of the future
     * @param future the future to cancel when the scope closes
     * @return {@code future}
     */
    <F extends CompletionStage<?>> F track(F future);

    /**
     * Closes {@code resource} when the scope closes, in reverse order of registration.
     *
     * @param resource closed when the scope closes
     */
    void onClose(AutoCloseable resource);

    /**
     * Returns a child scope, closed when this one closes.
     *
     * @return a new child scope, closed with this one
     */
    LoopScope newScope();

    /**
     * Returns whether the scope is closed.
     *
     * @return {@code true} once the scope is closed
     */
    boolean isClosed();

    /**
     * Cancels everything the scope holds, closes its child scopes and its resources. Idempotent.
     */
    @Override
    void close();
}
