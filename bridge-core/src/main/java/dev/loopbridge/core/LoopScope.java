package dev.loopbridge.core;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A lifetime for asynchronous work: what a scope launched or tracks is cancelled when it closes,
 * and the resources registered with it are closed. The counterpart of asyncio's
 * {@code TaskGroup} and Kotlin's {@code CoroutineScope}; GUI modules bind a scope to a window so
 * closing the window stops its work.
 *
 * <p>All methods but {@link #isClosed} run on the loop thread and otherwise throw
 * {@link IllegalStateException} naming it; {@code isClosed} does not check, and is meaningful on
 * the loop thread only. Failures are supervised, as in a Kotlin {@code SupervisorJob}: a launched task that fails
 * does not cancel its siblings.
 *
 * <h2>launch or track?</h2>
 * Both tie a future to the scope's lifetime; they differ in who hears of a failure.
 * <ul>
 *   <li>{@link #launch} is fire-and-forget made safe: a failure that nobody handles is reported to
 *       the loop's {@link ExceptionHandler}, so it is never lost. A failure is handled when code
 *       looked at the launched future before it failed or in the same tick — attached a dependent
 *       ({@code whenComplete}, {@code exceptionally}, ...), awaited it, or read it — so
 *       {@code scope.launch(this::connect).whenComplete(this::onConnected)} reports nothing; the
 *       handler does. Cancellations are never reported.</li>
 *   <li>{@link #track} never reports: the future's owner deals with its outcome.</li>
 * </ul>
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
     * Starts {@code work} now, on the loop thread, and tracks the stage it returns. If it fails and
     * nothing looked at the returned future by the end of the tick in which it failed, the failure
     * goes to the loop's {@link ExceptionHandler} (see "launch or track?" above).
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
     * Closes {@code resource} when the scope closes, in reverse order of registration; at once if
     * the scope is closed already. A failure to close is reported to the loop's
     * {@link ExceptionHandler} and the other resources still close.
     *
     * @param resource closed when the scope closes
     * @return a handle whose {@link Handle#cancel()} unregisters the resource without closing it
     *     (true if it was still registered), for resources that end before the scope does — a
     *     connection that was lost, say — so the scope does not hold on to them
     */
    Handle onClose(AutoCloseable resource);

    /**
     * Schedules {@code task} as {@link EventLoop#callLater} does, and cancels the timer if the scope
     * closes before it fires; the scope forgets the timer once it fired or was cancelled.
     *
     * <pre>{@code
     * scope.callLater(backoff, this::reconnect);   // no reconnect after the window closed
     * }</pre>
     *
     * @param delay how long from now, at least (never early)
     * @param task what to run on the loop thread
     * @return the timer's handle; cancelling it also makes the scope forget it
     * @throws IllegalStateException if the scope is closed, or off the loop thread
     */
    TimerHandle callLater(Duration delay, Runnable task);

    /**
     * Returns a child scope, closed when this one closes.
     *
     * @return a new child scope, closed with this one
     */
    LoopScope newScope();

    /**
     * Returns whether the scope is closed. Does not check the thread (see above).
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
