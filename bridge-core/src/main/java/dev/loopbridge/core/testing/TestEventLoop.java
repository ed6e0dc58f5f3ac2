package dev.loopbridge.core.testing;

import java.time.Duration;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.internal.VirtualTimeLoop;

/**
 * An event loop on virtual time, for fast, deterministic tests of code that uses timers:
 * reconnect backoff, timeouts, rate limits. It is the same loop as every other — same queue, same
 * timers, same futures — but its clock only moves when the test moves it, and it runs on the
 * thread that created it (its owner), only while that thread runs it.
 *
 * <ul>
 *   <li>{@link #advance(Duration)} moves time forward, firing every timer due on the way, in
 *       order, with {@link #time()} equal to each timer's deadline as it fires.</li>
 *   <li>{@link #runUntilIdle()} runs what is ready now, without moving time.</li>
 *   <li>{@link #runUntilComplete} runs the loop until a future completes; whenever nothing is
 *       ready it jumps time to the next timer — unless the loop waits for work outside it (an
 *       adopted future, {@code runInExecutor} work), in which case it waits for that in real
 *       time first; with sockets open, it gives I/O 50 ms of real time before it jumps. A test of a
 *       30-second timeout takes microseconds.</li>
 * </ul>
 *
 * <pre>{@code
 * TestEventLoop loop = TestEventLoop.create();
 * Reconnector r = new Reconnector(loop, server);   // retries after 1 s, 2 s, 4 s ...
 * server.refuseConnections();
 * loop.advance(Duration.ofSeconds(7));
 * assertEquals(3, server.attempts());
 * }</pre>
 *
 * <p>Callbacks may still be submitted from any thread; they run when the owner next runs the
 * loop. {@link #close()} from another thread rejects new work at once and finishes when the owner
 * next runs the loop.
 */
public interface TestEventLoop extends EventLoop {

    /**
     * A new test loop owned by the current thread; virtual time starts at 0.
     *
     * @return a new test loop at virtual time 0
     */
    static TestEventLoop create() {
        return create(LoopOptions.defaults().withName("test-loop"));
    }

    /**
     * A new test loop with the given options, owned by the current thread.
     *
     * @param options the loop's settings
     * @return a new test loop at virtual time 0
     */
    static TestEventLoop create(LoopOptions options) {
        return VirtualTimeLoop.create(options);
    }

    /**
     * Moves virtual time forward by {@code delta}, running everything that becomes due, in order.
     * Owner thread only.
     *
     * @param delta how far to move the clock, 0 or more
     * @throws IllegalArgumentException if {@code delta} is negative
     */
    void advance(Duration delta);

    /**
     * Runs ready callbacks and due timers, and what they schedule for now, until nothing is ready;
     * time does not move. Owner thread only.
     *
     * @throws IllegalStateException if callbacks keep scheduling others for a million ticks
     */
    void runUntilIdle();

    /**
     * Virtual time elapsed since the loop was created (the same as {@link #time()}).
     *
     * @return the virtual time passed since the loop was made
     */
    Duration elapsed();
}
