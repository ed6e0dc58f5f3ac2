package dev.loopbridge.core;

/**
 * A callback scheduled to run at a point in loop time, from {@link EventLoop#callLater} or
 * {@link EventLoop#callAt}; asyncio's {@code TimerHandle}.
 *
 * <p>A timer never fires before {@link #when()}: the callback runs in the first tick of the loop
 * that starts at or after that instant. Timers with the same deadline run in the order they were
 * scheduled. Cancelling removes the timer from the loop's heap in O(log n), so cancelled timers
 * hold no memory.
 */
public interface TimerHandle extends Handle {

    /**
     * The deadline, in {@link EventLoop#time()} units (nanoseconds on the loop's clock).
     *
     * @return the deadline, on the loop's {@link EventLoop#time()} clock
     */
    long when();
}
