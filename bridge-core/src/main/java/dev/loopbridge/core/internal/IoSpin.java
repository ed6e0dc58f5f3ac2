package dev.loopbridge.core.internal;

import java.util.function.BooleanSupplier;

/**
 * Whether a loop thread that has run out of work polls for I/O a little longer before it waits
 * (the default loop) or ends its batch (a toolkit loop that holds the selector), and that poll.
 * A peer that answers what the loop wrote (a server or client on another thread of this process,
 * a fast peer on the same machine) answers in tens of microseconds; a thread that waits in
 * {@code select}, or hands the selector back to a toolkit loop's side thread, pays a wake-up or a
 * post for each answer, which costs as much again. Loop thread only.
 *
 * <p>The poll adapts. One that finds nothing doubles the number of rounds that skip it (up to
 * {@value #MAX_SKIP}), one that finds readiness resets it, so a slow peer costs the thread one
 * poll in {@value #MAX_SKIP} rounds. But an answer that arrives less than {@value #SOON_NANOS} ns
 * after a poll that missed it began is a late answer, not a slow peer, and clears the skips:
 * otherwise one late answer sent the next exchanges through the slow path, the peer's thread idled
 * between them and slept deeper, its answers came later still and the probing polls missed too — a
 * conversation could stay at a quarter of its speed for good (the FX loop's WebSocket echo, windows
 * of 2,600 against 14,000 messages/s).
 */
final class IoSpin {

    /** An answer this soon after a poll that missed it began clears the skips (see answered). */
    static final long SOON_NANOS = 250_000;

    /** The most rounds that skip the poll after polls that found nothing. */
    static final int MAX_SKIP = 64;

    private final long spinNanos;

    /** Rounds left that skip the poll, and how many the next fruitless poll makes. */
    private int skips;
    private int backoff;

    /** When the last poll that found nothing began, until the next answer or round; 0 when none did. */
    private long missedAt;

    /** @param spinNanos how long a poll lasts at most */
    IoSpin(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    /** Whether this round skips the poll (after polls that found nothing); counts it if so. */
    boolean skipOnce() {
        if (skips > 0) {
            skips--;
            return true;
        }
        return false;
    }

    /**
     * Polls ({@code poll}: a select that does not wait, {@link Poller#pollNow}) until {@code found}
     * says readiness became work, for up to the poll's length from {@code now} and never past
     * {@code deadline}; returns whether it did.
     */
    boolean spin(Runnable poll, BooleanSupplier found, long now, long deadline) {
        final long end = deadline - (now + spinNanos) < 0 ? deadline : now + spinNanos;
        do {
            poll.run();
            if (found.getAsBoolean()) {
                backoff = 0;
                missedAt = 0;
                return true;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - end < 0);
        backoff = backoff == 0 ? 1 : Math.min(backoff << 1, MAX_SKIP);
        skips = backoff;
        missedAt = now | 1; // never 0, which means "no poll missed"
        return false;
    }

    /**
     * The thread woke (or a batch began) at {@code now}, with I/O readiness if {@code withIo}:
     * an answer soon after a poll that missed it clears the skips.
     */
    void woke(long now, boolean withIo) {
        if (missedAt != 0) {
            long late = now - missedAt;
            missedAt = 0;
            if (withIo && late < SOON_NANOS) {
                skips = 0;
                backoff = 0;
            }
        }
    }
}
