package dev.loopbridge.benchmarks.ws;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits of the section's main thread. */
final class Wait {

    /** How long any one setup or teardown step may take. */
    static final long SECONDS = 30;

    private Wait() {
    }

    /** Waits for {@code stage}; fails saying {@code what} did not happen. */
    static <T> T get(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("waited " + SECONDS + " s for " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }
}
