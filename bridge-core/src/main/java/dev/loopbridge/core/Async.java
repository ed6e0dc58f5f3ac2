package dev.loopbridge.core;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import dev.loopbridge.core.internal.AsyncBody;

/**
 * Sequential async code on the loop thread: {@link #async} runs a body that may {@link #await}
 * futures, and each await of a pending future suspends the body — not the thread — until the
 * future completes. <b>Experimental</b>: it runs on the JDK's internal continuations (see
 * "Requirements" below). The counterpart of Python's {@code async def} / {@code await} on an
 * asyncio loop, and of Kotlin's {@code launch(Dispatchers.JavaFx)} with suspend functions.
 *
 * <pre>{@code
 * LoopFuture<Void> session = Async.async(loop, () -> {
 *     StreamConnection c = Async.await(loop.openConnection(ConnectOptions.to(host, 6667)));
 *     String line;
 *     while ((line = Async.await(c.reader().readLine())) != null) {
 *         messages.getItems().add(line);          // on the FX thread, no runLater
 *     }
 *     return null;
 * });
 * }</pre>
 *
 * <h2>How it runs</h2>
 * The body starts on the loop thread in a later tick (as asyncio's {@code create_task}) and runs
 * there like a callback until it awaits a stage that is not done; then it is suspended and the
 * loop goes on with other callbacks. When the stage completes, the body is resumed on the loop
 * thread — at once if the stage completes there (as a dependent stage would run), else by a
 * callback queued on the loop — so everything in the body, before and after every await, runs on
 * the loop thread: on a JavaFX loop {@code Platform.isFxApplicationThread()} is true inside it.
 * Bodies interleave at their awaits only, in the order their stages complete, so state they share
 * needs no locks. A suspended body costs memory (its stack frames, copied to the heap; about 600
 * bytes for a shallow body), no thread.
 *
 * <h2>Outcome and cancellation</h2>
 * The future {@code async} returns completes, on the loop thread, with what the body returns or
 * throws. Cancelling it (directly, by its {@code orTimeout}, or by closing a {@link LoopScope} that
 * tracks it) cancels the stage the body is awaiting and raises {@link CancellationException} at
 * that await — or at the next one, if the body is running — so its {@code finally} blocks run.
 * The cancellation is delivered once: a {@code finally} block may await its cleanup. Cancelling a
 * body cancels the stage it awaits even if other code shares that stage; to share one, await a
 * dependent of it ({@code Async.await(shared.thenApply(x -> x))}, asyncio's {@code shield}).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>{@code await} works only inside a body, on its loop thread; elsewhere it throws
 *       {@link IllegalStateException}. Loop callbacks that run inside a nested loop the body
 *       opened ({@link EventLoop#runUntilComplete} on a GUI loop, a modal dialog) are not part of
 *       the body, and other bodies keep running in that nested loop. A toolkit event handler
 *       that runs there (a button of the dialog) should start a body of its own with
 *       {@code async} rather than call {@code await} directly.</li>
 *   <li>Where the JDK cannot suspend (a native frame between {@code async} and the await, such as
 *       a class initializer: the continuation is "pinned"), the await throws
 *       {@link IllegalStateException} instead of blocking the loop thread.</li>
 *   <li>Do not await inside {@code synchronized}: on JDK 24 and later the body is suspended with
 *       the monitor still held, so other threads that want it block until the body resumes (JDK 21
 *       refuses to suspend, and the await throws as above). In debug mode
 *       ({@link EventLoop#setDebug}) such an await throws {@link IllegalStateException}.</li>
 *   <li>A body suspended on a stage that never completes stays suspended. Closing the loop ends
 *       the loop's own operations (timers, sleeps, sockets), which resumes the bodies awaiting them:
 *       an awaited {@code sleep} throws {@link CancellationException}.</li>
 * </ul>
 *
 * <h2>Requirements</h2>
 * The JVM must export {@code jdk.internal.vm} to LoopBridge:
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} on the class path, or
 * {@code --add-exports java.base/jdk.internal.vm=dev.loopbridge.core} on the module path. Without
 * it the first {@code async} throws {@link UnsupportedOperationException} naming the flag; the
 * rest of LoopBridge works without it. Continuations are an internal JDK API (the machinery of
 * virtual threads), available on JDK 21 and later; a future JDK may change it, hence
 * "experimental". Virtual threads themselves are no substitute: they run on other threads, where
 * toolkit thread checks fail.
 */
public final class Async {

    private Async() {
    }

    /**
     * Runs {@code body} on the loop thread of {@code loop}, in a later tick, as a body that may
     * {@link #await}; returns the future of its outcome. Any thread.
     *
     * @param loop the loop whose thread runs the body
     * @param body the code; what it returns or throws completes the returned future
     * @return a future of {@code loop} that completes when the body returns or throws; cancelling
     *     it raises {@link CancellationException} at the body's await
     * @param <T> the type of the body's result
     * @throws UnsupportedOperationException if the JVM lacks
     *     {@code --add-exports java.base/jdk.internal.vm=...} (the message names the exact flag)
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    public static <T> LoopFuture<T> async(EventLoop loop, Callable<T> body) {
        return AsyncBody.start(loop, body);
    }

    /**
     * Returns the result of {@code stage}: at once if it is done, otherwise after suspending the
     * calling body until it completes. Inside an {@link #async} body only.
     *
     * @return the stage's value
     * @param <T> the type of the stage's result
     * @param stage the stage to wait for
     * @throws Exception what the stage failed with, unwrapped from {@link CompletionException}
     *     (a {@link java.util.concurrent.TimeoutException} from {@code orTimeout}, an
     *     {@code IOException} from a connection, ...)
     * @throws CancellationException if the stage was cancelled, or the body's future was
     *     cancelled while the body waited here
     * @throws IllegalStateException outside an async body or its loop thread; or if the JDK could
     *     not suspend the body (pinned by a native frame, or, in debug mode, holding a monitor)
     */
    public static <T> T await(CompletionStage<T> stage) throws Exception {
        return AsyncBody.await(stage);
    }
}
