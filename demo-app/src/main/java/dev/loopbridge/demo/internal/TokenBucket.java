package dev.loopbridge.demo.internal;

/**
 * A token bucket on a caller-supplied clock (nanoseconds, e.g. {@code EventLoop.time()}):
 * single-threaded (the loop thread), no timers of its own, so virtual time drives it in tests.
 *
 * <p>Holds up to {@code burst} tokens; one more accrues every {@code intervalNanos}. An interval
 * of 0 means unlimited.
 */
public final class TokenBucket {

    private final int burst;
    private final long intervalNanos;
    // Guarded by: the loop thread. Tokens as of refilledAt (0..burst).
    private long tokens;
    // Guarded by: the loop thread. When tokens was last brought up to date.
    private long refilledAt;

    /**
     * A full bucket as of {@code now}.
     *
     * @throws IllegalArgumentException if {@code burst < 1} or {@code intervalNanos < 0}
     */
    public TokenBucket(int burst, long intervalNanos, long now) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1)");
        }
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("intervalNanos: " + intervalNanos + " (expected: >= 0)");
        }
        this.burst = burst;
        this.intervalNanos = intervalNanos;
        this.tokens = burst;
        this.refilledAt = now;
    }

    /** Takes a token if there is one at {@code now}. */
    public boolean tryTake(long now) {
        if (intervalNanos == 0) {
            return true;
        }
        refill(now);
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    /** How long from {@code now} until a token is there (0 if one is there now). */
    public long nanosUntilToken(long now) {
        if (intervalNanos == 0) {
            return 0;
        }
        refill(now);
        return tokens > 0 ? 0 : refilledAt + intervalNanos - now;
    }

    private void refill(long now) {
        if (tokens >= burst) {
            refilledAt = now;
            return;
        }
        long earned = (now - refilledAt) / intervalNanos;
        if (earned > 0) {
            tokens = Math.min(burst, tokens + earned);
            refilledAt = tokens == burst ? now : refilledAt + earned * intervalNanos;
        }
    }
}
