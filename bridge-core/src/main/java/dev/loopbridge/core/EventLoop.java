package dev.loopbridge.core;

import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * One event loop: a thread that runs callbacks, timers, future completions and I/O readiness one
 * at a time, so the code they run needs no locks.
 *
 * <p>The counterpart of asyncio's event loop. The loop thread is the loop's own thread
 * ({@link EventLoops#newDefault()}), the JavaFX Application Thread or the Swing Event Dispatch
 * Thread; {@link #inLoop()} tells whether the current thread is it.
 *
 * <h2>Ticks</h2>
 * <pre>
 *   callSoon (any thread) ──► ready queue ──┐  one coalesced post   ┌─ tick (loop thread) ────────┐
 *   callLater ──► timer heap ───────────────┼──────────────────────►│ run the callbacks queued so far│
 *   I/O readiness ──────────────────────────┘                       │ fire the due timers            │
 *                                                                   │ stop at the time budget        │
 *                                                                   └────────────────────────────────┘
 * </pre>
 * Callbacks run in batches called ticks. However many callbacks are queued, at most one tick is
 * posted to the toolkit at a time. A tick runs the callbacks that were queued when it started,
 * then the timers that were due; callbacks queued during a tick run in the next one, so a
 * callback that reschedules itself never starves the rest. A tick that passes its time budget
 * ({@link LoopOptions#tickBudget()}) posts a follow-up and returns, so a GUI toolkit renders
 * between ticks.
 *
 * <h2>Threads</h2>
 * Scheduling ({@code callSoon}, {@code callLater}, {@code callAt}, {@code execute},
 * {@code submit}, {@code runInExecutor}, {@code sleep}, {@code newFuture}, {@code adopt}),
 * {@link Handle#cancel()}, {@code setExceptionHandler}, {@code setDebug}, {@code stats},
 * {@code inLoop}, {@code time} and {@code close} may be called from any thread. Callbacks
 * submitted from one thread run in the order that thread submitted them. Everything that touches a
 * scope, transport, stream or server must be called on the loop thread and otherwise throws
 * {@link IllegalStateException} naming the loop thread. The network entry points
 * ({@code createConnection}, {@code openConnection}, {@code createServer}, {@code startServer},
 * {@code createDatagramEndpoint}, {@code resolve}) may be called from any thread.
 *
 * <h2>Errors</h2>
 * An exception thrown by a callback goes to the {@link ExceptionHandler}, and the loop goes on.
 *
 * <pre>{@code
 * try (EventLoop loop = EventLoops.newDefault()) {
 *     loop.callLater(Duration.ofMillis(100), () -> System.out.println("tick"));
 *     String answer = loop.runUntilComplete(
 *             loop.sleep(Duration.ofMillis(200)).thenApply(ignored -> "done"));
 * }
 * }</pre>
 */
public interface EventLoop extends Executor, AutoCloseable {

    /** Returns whether the current thread is this loop's thread. */
    boolean inLoop();

    /**
     * Schedules a callback to run on the loop thread in a later tick; asyncio's
     * {@code call_soon_threadsafe}. Any thread; callbacks from one thread run in submission order.
     *
     * @throws RejectedExecutionException if the loop is closed
     */
    Handle callSoon(Runnable task);

    /** Same as {@link #callSoon(Runnable)}, without the handle. */
    @Override
    void execute(Runnable task);

    /**
     * Schedules a callback to run once {@code delay} has passed on the loop clock. Any thread.
     *
     * @param delay zero or more; the timer never fires earlier
     * @throws IllegalArgumentException if the delay is negative
     * @throws RejectedExecutionException if the loop is closed
     */
    TimerHandle callLater(Duration delay, Runnable task);

    /**
     * Schedules a callback to run at a deadline in {@link #time()} units. A deadline in the past
     * fires in the next tick. Any thread.
     *
     * @throws RejectedExecutionException if the loop is closed
     */
    TimerHandle callAt(long deadlineNanos, Runnable task);

    /** The loop clock: monotonic nanoseconds ({@code System.nanoTime()}, or virtual in tests). */
    long time();

    /** Returns a new incomplete future bound to this loop; asyncio's {@code create_future}. */
    <T> LoopFuture<T> newFuture();

    /**
     * Runs a task on the loop thread in a later tick and returns its result as a future. Cancelling
     * the future before the task starts unschedules it.
     *
     * @throws RejectedExecutionException if the loop is closed
     */
    <T> LoopFuture<T> submit(Callable<T> task);

    /**
     * Returns a future of this loop that completes, on the loop thread, when {@code stage} does.
     * Cancelling it cancels {@code stage} too, where {@code stage} allows that. A future of this
     * loop is returned as it is.
     */
    <T> LoopFuture<T> adopt(CompletionStage<T> stage);

    /**
     * Runs blocking work off the loop, on a virtual thread by default (see
     * {@link LoopOptions#blockingExecutor()}), and completes the returned future on the loop
     * thread; asyncio's {@code run_in_executor}. Cancelling the future interrupts the work.
     *
     * @throws RejectedExecutionException if the loop is closed
     */
    <T> LoopFuture<T> runInExecutor(Callable<T> blocking);

    /**
     * Returns a future completed (with {@code null}) after {@code delay} on the loop clock;
     * cancelling it cancels its timer.
     */
    LoopFuture<Void> sleep(Duration delay);

    /**
     * Runs the loop until {@code stage} completes and returns its result, as
     * {@link java.util.concurrent.CompletableFuture#join()} would: a failure is thrown as a
     * {@link java.util.concurrent.CompletionException} with the cause, a cancellation as a
     * {@link java.util.concurrent.CancellationException}.
     *
     * <p>From another thread it waits (interruptibly) for the loop to complete the stage. On the
     * loop thread of a GUI loop it runs a nested toolkit event loop, in which ticks go on, until
     * the stage completes. On the loop thread of the default loop it throws
     * {@link IllegalStateException}, since the loop cannot wait for itself.
     */
    <T> T runUntilComplete(CompletionStage<T> stage);

    /**
     * Returns a new root scope: a lifetime for tasks, futures and resources that ends when the
     * scope or the loop closes. Loop thread only.
     */
    LoopScope newScope();

    /** Replaces the exception handler; {@code null} restores the default (SLF4J) handler. Any thread. */
    void setExceptionHandler(ExceptionHandler handler);

    /**
     * Hands an error nobody else can handle to the exception handler, on the loop thread, with a
     * sentence saying where it happened; asyncio's {@code call_exception_handler}. Any thread; after
     * close it goes to the default handler.
     */
    void reportError(Throwable error, String context);

    /**
     * Turns debug mode on or off (also {@code -Dloopbridge.debug=true}). In debug mode callbacks
     * remember where they were scheduled, callbacks slower than
     * {@link LoopOptions#slowCallbackThreshold()} are logged with that place, and failed futures of
     * this loop that nobody observed are reported to the exception handler when collected. Any
     * thread; applies to callbacks and futures created afterwards.
     */
    void setDebug(boolean on);

    /** Returns whether debug mode is on. */
    boolean isDebug();

    /** Returns a snapshot of the loop's counters and lag figures. Any thread. */
    LoopStats stats();

    /** Returns whether {@link #close()} has been called. */
    boolean isClosed();

    // ---- network: transports and protocols ----

    /**
     * Connects to the host (resolved off the loop, every address tried) or address of
     * {@code options}, over TLS if it says so, and starts a protocol from {@code protocolFactory}
     * on the connection; asyncio's {@code create_connection}. The future completes with the
     * transport once the connection (and TLS handshake) is made, or fails with a
     * {@link java.net.ConnectException} naming the target and what went wrong with each address.
     * Cancelling it stops the attempt. Any thread.
     */
    LoopFuture<Transport> createConnection(Supplier<? extends Protocol> protocolFactory, ConnectOptions options);

    /**
     * Listens where {@code options} says and starts a protocol from {@code protocolFactory} on each
     * accepted connection; asyncio's {@code create_server}. Any thread.
     */
    LoopFuture<Server> createServer(Supplier<? extends Protocol> protocolFactory, ServerOptions options);

    /** Opens a UDP endpoint; asyncio's {@code create_datagram_endpoint}. Any thread. */
    LoopFuture<DatagramTransport> createDatagramEndpoint(Supplier<? extends DatagramProtocol> protocolFactory,
            DatagramOptions options);

    // ---- network: streams ----

    /**
     * Connects as {@link #createConnection} does and returns the connection as a reader and a
     * writer; asyncio's {@code open_connection}. Any thread.
     */
    LoopFuture<StreamConnection> openConnection(ConnectOptions options);

    /**
     * Listens as {@link #createServer} does and runs {@code handler} on the loop for each connection;
     * the connection is closed when the stage the handler returns completes (a failure is reported
     * to the exception handler). asyncio's {@code start_server}. Any thread.
     */
    LoopFuture<Server> startServer(Function<StreamConnection, ? extends CompletionStage<?>> handler,
            ServerOptions options);

    /** Resolves a host name off the loop into every address it has; asyncio's {@code getaddrinfo}. Any thread. */
    LoopFuture<List<InetSocketAddress>> resolve(String host, int port);

    /**
     * Watches a channel the caller owns and calls {@code onReady} on the loop thread with the ready
     * {@code SelectionKey.OP_*} operations; asyncio's {@code add_reader} / {@code add_writer}. The
     * channel is made non-blocking. Loop thread only.
     */
    ChannelWatch watch(SelectableChannel channel, int ops, IntConsumer onReady);

    // ---- subprocesses ----

    /**
     * Starts the program {@code builder} describes (off the loop) with its piped streams as loop
     * streams; asyncio's {@code create_subprocess_exec}. The builder is read during this call; later
     * changes to it do not matter. The future fails with an {@link java.io.IOException} naming the
     * program if it cannot start; cancelling it while the program starts kills the program. Any
     * thread. See {@link Subprocess}.
     */
    LoopFuture<Subprocess> exec(ProcessBuilder builder);

    /**
     * Closes the loop: from now on scheduling throws {@link RejectedExecutionException}; scopes
     * are closed, timers cancelled, callbacks queued before the close still run, blocking work
     * is interrupted and the loop's own threads stop. Called off the loop thread, it returns once
     * all that is done. Idempotent; any thread.
     */
    @Override
    void close();
}
