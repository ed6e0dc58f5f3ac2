package dev.loopbridge.core;

import java.time.Duration;

/**
 * A snapshot of what an event loop has done and how far behind it is.
 *
 * <p>Taken by {@link EventLoop#stats()} from any thread. The counters are read without stopping
 * the loop, so while it runs they are each exact but not mutually consistent.
 *
 * <p><b>Threads:</b> an immutable snapshot, taken by {@link EventLoop#stats()} on any thread; read
 * it on any thread.
 *
 * @param callbacksRun callbacks and timers that have run since the loop started
 * @param ticks ticks run since the loop started (a tick runs a batch of callbacks, see
 *     {@link EventLoop})
 * @param longestTick the longest tick so far
 * @param pendingCallbacks callbacks submitted but not yet run
 * @param pendingTimers timers scheduled and neither fired nor cancelled
 * @param lagP50 median loop lag: the time from {@code callSoon} to the callback starting (measured
 *     on a sample: every callback submitted to an idle loop, and one in 64 of the others, by their
 *     place in the queue)
 * @param lagP99 99th percentile of the loop lag
 * @param lagMax the longest loop lag seen
 * @param recentLagP50 median loop lag over the last 5 to 10 seconds (the lifetime figures above
 *     keep a slow start-up forever)
 * @param recentLagP99 99th percentile of the loop lag over the last 5 to 10 seconds
 * @param timerLatenessP50 median of how late timers fired after their deadline
 * @param timerLatenessP99 99th percentile of how late timers fired
 * @param stalls how many times the loop thread stayed in one piece of work longer than the stall
 *     threshold ({@link LoopOptions#withStallThreshold}), counted as each stall is noticed
 * @param longestStall the longest stall that has ended, measured to within an eighth of the
 *     threshold
 */
public record LoopStats(
        long callbacksRun,
        long ticks,
        Duration longestTick,
        long pendingCallbacks,
        long pendingTimers,
        Duration lagP50,
        Duration lagP99,
        Duration lagMax,
        Duration recentLagP50,
        Duration recentLagP99,
        Duration timerLatenessP50,
        Duration timerLatenessP99,
        long stalls,
        Duration longestStall) {
}
