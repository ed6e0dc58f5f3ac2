package dev.loopbridge.benchmarks.ws;

/**
 * A running WebSocket echo: a client sending one message at a time to an echo server and sending
 * the next when the echo is back, until {@link #close}. Main thread.
 */
public interface Running extends AutoCloseable {

    /** What the client did so far. */
    RoundTrips roundTrips();

    /** Stops the client and whatever this contender started (server, loop, event-loop group, process). */
    @Override
    void close();

    /** What a contender stops besides its client; run by {@link #close}. */
    @FunctionalInterface
    interface Teardown {
        void run() throws Exception;
    }

    /** Runs {@code first}, then {@code teardown} even if it failed; fails with the first failure. */
    static void closeBoth(Teardown first, Teardown teardown) {
        Exception failure = null;
        for (Teardown t : new Teardown[] {first, teardown}) {
            try {
                t.run();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw new IllegalStateException("closing the contender failed: " + failure, failure);
        }
    }
}
