package dev.loopbridge.core.tck;

import java.util.concurrent.CompletableFuture;

import dev.loopbridge.core.Async;

/**
 * Awaits a pending future in its class initializer: a native frame (the JVM's class
 * initialization) lies between the async body and the await, so the JDK cannot suspend it.
 * {@link AsyncContract} loads a fresh copy of this class per test, inside a body.
 */
public final class ClinitAwait {

    /** What the await in the initializer did: "returned" or the exception it threw. */
    public static final Object OUTCOME;

    static {
        Object outcome;
        try {
            Async.await(new CompletableFuture<String>());
            outcome = "returned";
        } catch (Exception e) {
            outcome = e;
        }
        OUTCOME = outcome;
    }

    private ClinitAwait() {
    }
}
