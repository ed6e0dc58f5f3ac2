package dev.loopbridge.core;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import dev.loopbridge.core.internal.BaseEventLoop;

/**
 * Entry points: the default (headless) loop, and {@link #run}, the counterpart of
 * {@code asyncio.run}.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     String reply = EventLoops.run(loop -> loop.openConnection(ConnectOptions.to("localhost", 7))
 *             .thenCompose(c -> ...));
 * }
 * }</pre>
 *
 * <p><b>Threads:</b> every method may be called from any thread. {@link #run} blocks its caller
 * until the work is done, so call it from a thread that runs no loop: a {@code main} method, a
 * test, a worker thread.
 */
public final class EventLoops {

    private EventLoops() {
    }

    /**
     * Starts a headless loop on a thread of its own, which waits for timers and I/O and runs the
     * ticks. Close it when done (it is {@link AutoCloseable}): its thread is not a daemon.
     *
     * @return a new running loop; close it when done
     */
    public static EventLoop newDefault() {
        return newDefault(LoopOptions.defaults());
    }

    /**
     * Starts a headless loop with the given options.
     *
     * @param options the loop's settings
     * @return a new running loop; close it when done
     */
    public static EventLoop newDefault(LoopOptions options) {
        return BaseEventLoop.newDefault(Objects.requireNonNull(options, "options"));
    }

    /**
     * Creates a default loop, calls {@code main} on its thread, waits for the stage it returns,
     * closes the loop and returns the result. Failures are thrown as by
     * {@link EventLoop#runUntilComplete}.
     *
     * @param <T> the type of the result
     * @param main the program's body; called on the loop thread
     * @return the result of the stage {@code main} returns
     */
    public static <T> T run(Function<EventLoop, ? extends CompletionStage<T>> main) {
        Objects.requireNonNull(main, "main");
        try (EventLoop loop = newDefault()) {
            return loop.runUntilComplete(loop.submit(() -> main.apply(loop)).thenCompose(stage -> {
                if (stage == null) {
                    throw new NullPointerException("EventLoops.run: main returned null (expected: a CompletionStage)");
                }
                return stage;
            }));
        }
    }
}
