package dev.loopbridge.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Settings for a new event loop. Start from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * EventLoop loop = EventLoops.newDefault(LoopOptions.defaults()
 *         .withName("chat")
 *         .withTickBudget(Duration.ofMillis(4))
 *         .withDebug(true));
 * }</pre>
 *
 * <p><b>Threads:</b> an immutable value; make it and pass it around on any thread. Each {@code
 * with...} method returns a new record and leaves this one as it is.
 *
 * @param name names the loop and its threads ({@code name + "-loop"}, {@code name + "-poller"})
 * @param tickBudget how long one tick may run callbacks before it yields to the toolkit (and to
 *     I/O): past it the tick posts a follow-up and returns, so rendering goes on during a flood
 * @param slowCallbackThreshold in debug mode, callbacks that run longer than this are logged with
 *     the place they were scheduled
 * @param debug starts the loop in debug mode (see {@link EventLoop#setDebug(boolean)}); the
 *     default is the system property {@code loopbridge.debug}
 * @param blockingExecutor where {@link EventLoop#runInExecutor} runs blocking work, or
 *     {@code null} for a virtual thread per task, owned and stopped by the loop. An executor given
 *     here belongs to the caller: the loop never shuts it down.
 * @param stallThreshold how long the loop thread may stay in one piece of work (a callback, or on a
 *     toolkit thread code outside the loop that keeps its tick waiting) before the stall watchdog
 *     logs a warning with the thread's stack; see {@link LoopStats#stalls()}
 */
public record LoopOptions(
        String name,
        Duration tickBudget,
        Duration slowCallbackThreshold,
        boolean debug,
        ExecutorService blockingExecutor,
        Duration stallThreshold) {

    /** The default time budget of one tick: half a 60 Hz frame. */
    public static final Duration DEFAULT_TICK_BUDGET = Duration.ofMillis(8);

    /** The default threshold for slow-callback warnings in debug mode. */
    public static final Duration DEFAULT_SLOW_CALLBACK_THRESHOLD = Duration.ofMillis(100);

    /** The default stall threshold: a UI that does not answer for this long feels frozen. */
    public static final Duration DEFAULT_STALL_THRESHOLD = Duration.ofMillis(200);

    /** Validates the settings. */
    public LoopOptions {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name is blank (expected: a name for the loop's threads)");
        }
        requirePositive("tickBudget", tickBudget);
        requirePositive("slowCallbackThreshold", slowCallbackThreshold);
        requirePositive("stallThreshold", stallThreshold);
    }

    /**
     * The defaults: 8 ms tick budget, 100 ms slow-callback threshold, virtual-thread executor,
     * 200 ms stall threshold.
     *
     * @return the default settings
     */
    public static LoopOptions defaults() {
        return new LoopOptions("loopbridge", DEFAULT_TICK_BUDGET, DEFAULT_SLOW_CALLBACK_THRESHOLD,
                Boolean.getBoolean("loopbridge.debug"), null, DEFAULT_STALL_THRESHOLD);
    }

    /**
     * Returns a copy with the given name.
     *
     * @param name the loop's name
     * @return a copy with this name
     */
    public LoopOptions withName(String name) {
        return new LoopOptions(name, tickBudget, slowCallbackThreshold, debug, blockingExecutor, stallThreshold);
    }

    /**
     * Returns a copy with the given tick budget (must be positive).
     *
     * @param tickBudget how long one tick may run callbacks
     * @return a copy with this budget
     */
    public LoopOptions withTickBudget(Duration tickBudget) {
        return new LoopOptions(name, tickBudget, slowCallbackThreshold, debug, blockingExecutor, stallThreshold);
    }

    /**
     * Returns a copy with the given slow-callback threshold (must be positive).
     *
     * @param threshold the duration past which a callback counts as slow
     * @return a copy with this threshold
     */
    public LoopOptions withSlowCallbackThreshold(Duration threshold) {
        return new LoopOptions(name, tickBudget, threshold, debug, blockingExecutor, stallThreshold);
    }

    /**
     * Returns a copy that starts the loop in debug mode, or not.
     *
     * @param debug {@code true} to start in debug mode
     * @return a copy with this setting
     */
    public LoopOptions withDebug(boolean debug) {
        return new LoopOptions(name, tickBudget, slowCallbackThreshold, debug, blockingExecutor, stallThreshold);
    }

    /**
     * Returns a copy whose {@code runInExecutor} uses the given executor (the caller's to shut down).
     *
     * @param executor the executor for blocking work, or {@code null} for virtual threads
     * @return a copy with this executor
     */
    public LoopOptions withBlockingExecutor(ExecutorService executor) {
        return new LoopOptions(name, tickBudget, slowCallbackThreshold, debug,
                Objects.requireNonNull(executor, "executor"), stallThreshold);
    }

    /**
     * Returns a copy with the given stall threshold (must be positive): the stall watchdog warns
     * when the loop thread has not come back from one piece of work for this long.
     *
     * @param threshold how long one piece of work may hold the loop thread before it is a stall
     * @return a copy with this threshold
     */
    public LoopOptions withStallThreshold(Duration threshold) {
        return new LoopOptions(name, tickBudget, slowCallbackThreshold, debug, blockingExecutor, threshold);
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: > 0)");
        }
    }
}
