package dev.loopbridge.core.internal;

/**
 * The time source of a loop, given to it at construction: {@link #SYSTEM} for real loops, a
 * {@link VirtualClock} for the test loop. Any thread.
 */
@FunctionalInterface
interface LoopClock {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Whether time only moves when the loop moves it (the test loop). */
    default boolean isVirtual() {
        return false;
    }

    LoopClock SYSTEM = System::nanoTime;
}
