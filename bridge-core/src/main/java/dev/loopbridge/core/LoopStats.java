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
 *     on a sample: every callback submitted to an idle loop, and one in 16 of each thread's others)
 * @param lagP99 99th percentile of the loop lag
 * @param lagMax the longest loop lag seen
 */
public record LoopStats(
        long callbacksRun,
        long ticks,
        Duration longestTick,
        long pendingCallbacks,
        long pendingTimers,
        Duration lagP50,
        Duration lagP99,
        Duration lagMax) {
}
