package dev.loopbridge.core;

/**
 * A callback scheduled on an {@link EventLoop}, which may still be cancelled.
 *
 * <p>The counterpart of asyncio's {@code Handle}. Both methods may be called from any thread.
 *
 * <pre>{@code
 * Handle h = loop.callSoon(() -> label.setText("hello"));
 * h.cancel();   // true if the callback had not started yet: it will now never run
 * }</pre>
 */
public interface Handle {

    /**
     * Prevents the callback from running, if it has not started yet.
     *
     * @return {@code true} if this call cancelled it; {@code false} if it has already run, is
     *     running, or was cancelled before
     */
    boolean cancel();

    /**
     * Returns whether the callback was cancelled before it ran.
     *
     * @return {@code true} once the callback has been cancelled
     */
    boolean isCancelled();
}
