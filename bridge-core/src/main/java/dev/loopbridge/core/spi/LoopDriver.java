package dev.loopbridge.core.spi;

import java.util.function.LongConsumer;

/**
 * What a UI toolkit supplies so that an {@link dev.loopbridge.core.EventLoop} can run on its
 * thread: how to post a tick there, how to tell that thread, and how to run a nested toolkit loop.
 * Everything else — the ready queue, timers, I/O polling, futures, budgets — lives in core; pass the
 * driver to {@link DrivenLoops#create} to get the loop.
 *
 * <pre>{@code
 * final class FxDriver implements LoopDriver {
 *     public void post(Runnable tick) { Platform.runLater(tick); }
 *     public boolean isLoopThread() { return Platform.isFxApplicationThread(); }
 *     public String threadName() { return "the JavaFX Application Thread"; }
 *     public NestedLoop newNestedLoop() { ... Platform.enterNestedEventLoop ... }
 * }
 * }</pre>
 *
 * <p>The loop posts at most one tick at a time, however many callbacks are queued, so
 * {@link #post} is called once per tick, not once per callback. Timers and I/O are waited for on a
 * side thread that the loop owns; when one is due the loop posts a tick like any other.
 */
public interface LoopDriver {

    /**
     * Arranges for {@code tick} to run once, soon, on the loop thread. Called from any thread,
     * including the loop thread during a tick; never called again before the posted tick starts.
     *
     * @param tick the tick to run on the toolkit thread
     */
    void post(Runnable tick);

    /**
     * Returns whether the current thread is the loop thread.
     *
     * @return {@code true} on the toolkit thread
     */
    boolean isLoopThread();

    /**
     * Names the loop thread for error messages, for example "the JavaFX Application Thread"; it
     * completes the sentence "must be called on ...".
     *
     * @return the toolkit thread's name, for error messages
     */
    String threadName();

    /**
     * Returns a nested toolkit event loop, which {@code runUntilComplete} enters on the loop
     * thread and exits (also on the loop thread) when the awaited future completes. Posted ticks
     * must go on running while it is entered.
     *
     * @return a nested loop, not yet entered
     * @throws IllegalStateException if a nested loop cannot be started now, saying why (for
     *     example during an animation or layout pulse)
     */
    NestedLoop newNestedLoop();

    /**
     * Returns whether the loop thread can still run posted ticks. Once it cannot (the toolkit has
     * exited), the loop's {@code close()} runs the shutdown on the calling thread instead of
     * posting it. The default: always.
     *
     * @return {@code false} once the toolkit has shut down
     */
    default boolean isAlive() {
        return true;
    }

    /**
     * Starts reporting the toolkit's frames to the loop, or stops it ({@code frames} null). While a
     * backlog of callbacks holds the loop thread, the loop asks for the times at which frames begin
     * ({@link System#nanoTime()}), learns their rhythm and ends each batch of ticks shortly before
     * the next frame is due, so that a frame waits for no batch; once the backlog has been gone for
     * a while it stops asking. A toolkit that draws frames on its thread at a steady rate (JavaFX's
     * pulses) reports the time each frame began to {@code frames}, on the loop thread. The default
     * reports nothing: the batches then end at the tick budget alone. Called on the loop thread (or,
     * to stop, on the closing thread if the loop thread is no longer alive); a second call replaces
     * the first.
     *
     * @param frames told the start of each frame from now on, or {@code null} to stop
     */
    default void watchFrames(LongConsumer frames) {
    }

    /**
     * Returns whether {@link #watchFrames} reports frames: whether the toolkit draws frames on its
     * thread at a steady rate. A loop on such a toolkit counts a frame as possibly due from its
     * first backlog on, before it has seen one, and runs short batches until the frames tell it
     * when the next is due; without this, the first backlog's first batch runs its whole budget,
     * and a frame that falls due meanwhile waits for it. The default: {@code false}, as
     * {@link #watchFrames} reports nothing. Called once, as the loop is made, on the thread that
     * makes it.
     *
     * @return {@code true} if {@link #watchFrames} reports the toolkit's frames
     */
    default boolean reportsFrames() {
        return false;
    }

    /**
     * Called once at the end of the loop's close, on the loop thread (or on the closing thread if
     * the loop thread is no longer alive), to release what the driver holds. The default does
     * nothing.
     */
    default void close() {
    }

    /** One run of a nested toolkit event loop. Both methods are called on the loop thread. */
    interface NestedLoop {

        /** Runs the toolkit's events, and posted ticks, until {@link #exit()} is called. */
        void enter();

        /** Makes {@link #enter()} return. Called from a tick running inside {@code enter}. */
        void exit();
    }
}
