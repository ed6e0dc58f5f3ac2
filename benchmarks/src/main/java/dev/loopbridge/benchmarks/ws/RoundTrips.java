package dev.loopbridge.benchmarks.ws;

import java.util.Arrays;

/**
 * What a free-running WebSocket echo client did: the round trips completed, and the time of each
 * one while recording is on. One client thread writes (the loop thread, the FX thread, Netty's
 * event-loop thread); the section's main thread reads. NOTE: the client stores a sample, then
 * publishes it through the volatile {@code count}; the reader reads {@code count} first, then the
 * samples below it.
 */
public final class RoundTrips {

    /**
     * Messages a client keeps in flight: 1 by default (send, wait for the echo, send the next: the
     * rate is the reciprocal of the round trip), more with {@code -Dws.inFlight=N} (the client
     * sends N at once and one more per echo: the rate is what the contender can carry, each round
     * trip timed from its own send).
     */
    public static final int IN_FLIGHT = inFlight();

    private static int inFlight() {
        int n = Integer.getInteger("ws.inFlight", 1);
        if (n < 1 || n > 1024) {
            throw new IllegalArgumentException("ws.inFlight: " + n + " (expected: 1 to 1024)");
        }
        return n;
    }

    private final long[] samples = new long[1 << 21];
    /** The send times of the messages in flight, oldest first (echoes come back in order). Client thread. */
    private final long[] sentAt = new long[IN_FLIGHT];
    private int oldest;
    private int inFlightNow;
    private volatile int count;
    private volatile long done;
    private volatile boolean recording;
    private volatile Throwable failure;

    /** A message is sent now. Client thread. */
    void sent() {
        if (inFlightNow == sentAt.length) {
            throw new IllegalStateException("more than " + sentAt.length + " messages in flight");
        }
        sentAt[(oldest + inFlightNow++) % sentAt.length] = System.nanoTime();
    }

    /** The echo of the oldest message in flight is back now: its round trip is recorded. Client thread. */
    void echoed() {
        if (inFlightNow == 0) {
            throw new IllegalStateException("an echo with no message in flight");
        }
        long t = sentAt[oldest];
        oldest = (oldest + 1) % sentAt.length;
        inFlightNow--;
        record(System.nanoTime() - t);
    }

    /** A round trip of {@code nanos} completed. Client thread. */
    private void record(long nanos) {
        if (recording) {
            int n = count;
            if (n < samples.length) {
                samples[n] = nanos;
                count = n + 1;
            }
        }
        done = done + 1;
    }

    /** The client failed or its socket ended: {@link #checkAlive} reports it. Any thread. */
    void fail(Throwable error) {
        if (failure == null) {
            failure = error;
        }
    }

    /** Round trips completed so far. Any thread. */
    public long done() {
        return done;
    }

    /** Starts or stops recording round-trip times; starting drops those recorded before. Main thread. */
    public void recording(boolean on) {
        if (on) {
            count = 0;
        }
        recording = on;
    }

    /** The round-trip times recorded, sorted, in nanoseconds. Main thread, after recording stopped. */
    public long[] sorted() {
        long[] s = Arrays.copyOf(samples, count);
        Arrays.sort(s);
        return s;
    }

    /** Throws if the client reported a failure. Any thread. */
    public void checkAlive() {
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("the echo client failed: " + f, f);
        }
    }
}
