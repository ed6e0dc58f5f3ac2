package dev.loopbridge.core.internal;

/**
 * One piece of work for the loop thread, queued in the {@link ReadyQueue} (which also takes a plain
 * {@code Runnable} from {@code execute}). Created on any thread, run on the loop thread.
 *
 * <p>Subclasses say what running means ({@link CallbackTask} runs a user callback and is its
 * handle, {@link TimerTask} enters the timer heap, I/O registrations deliver readiness).
 */
abstract class Task {

    /**
     * Runs this node on the loop thread. Exceptions thrown here are reported with
     * {@link #describe()} as the context.
     *
     * @return whether user code ran (false for a cancelled callback or an internal node)
     */
    abstract boolean run();

    /**
     * Returns whether this node carries a user callback, counted in the stats and the lag figures.
     */
    boolean isCallback() {
        return false;
    }

    /** Where the work was scheduled, captured in debug mode; {@code null} otherwise. */
    Throwable origin() {
        return null;
    }

    /** Says what this node is, for error reports. */
    String describe() {
        return getClass().getSimpleName();
    }
}
