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

    private final long[] samples = new long[1 << 21];
    private volatile int count;
    private volatile long done;
    private volatile boolean recording;
    private volatile Throwable failure;

    /** A round trip of {@code nanos} completed. Client thread. */
    void record(long nanos) {
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
