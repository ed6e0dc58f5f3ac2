package dev.loopbridge.demo.internal;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with jitter: single-threaded (the loop thread). Attempt {@code n}
 * (counting from 0) waits a random time in {@code [d/2, d]} where {@code d = min(max, initial * 2^n)}
 * ("equal jitter"): never zero, never more than the cap, and clients that lost the same server at
 * the same moment spread out instead of reconnecting in lockstep.
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final Random random;
    // Guarded by: the loop thread. Failed attempts since the last reset.
    private int attempts;

    /** A backoff from {@code initial} doubling up to {@code max}, jitter drawn from {@code random}. */
    public Backoff(Duration initial, Duration max, Random random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(initialNanos, max.toNanos());
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    public Duration next() {
        long ceiling = initialNanos;
        for (int i = 0; i < attempts && ceiling < maxNanos; i++) {
            ceiling = Math.min(maxNanos, ceiling * 2);
        }
        attempts++;
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random.nextDouble() * (ceiling - half)));
    }

    /** Failures counted since the last {@link #reset()}. */
    public int attempts() {
        return attempts;
    }

    /** Starts over from the initial delay (after a successful connection). */
    public void reset() {
        attempts = 0;
    }
}
