package dev.loopbridge.core;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

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
 * Cancelling a body cancels the stage it awaits even if other code shares that stage; to share
 * one, await a dependent of it ({@code Async.await(shared.thenApply(x -> x))}, asyncio's
 * {@code shield}).
 *
 * <p><b>A cancelled body stays cancelled</b> (as a Kotlin coroutine): every later await in it —
 * and {@link #ensureActive()} — throws {@link CancellationException} again at once, even of a
 * stage that is done. This matters because {@code await} declares {@code throws Exception}, so
 * the natural {@code catch (Exception e)} around a connection also catches the cancellation; a
 * reconnect loop written that way still ends, at its next await, instead of connecting again after
 * its owner closed it:
 *
 * <pre>{@code
 * while (true) {
 *     try (StreamConnection c = Async.await(loop.openConnection(server))) {
 *         ...                                        // close() cancels the body in here
 *     } catch (Exception e) {                       // also catches that CancellationException
 *         status.setText("offline: " + e);
 *     }
 *     Async.await(loop.sleep(backoff));             // throws it again: the loop ends
 * }
 * }</pre>
 *
 * Cleanup that must await after a cancellation (a goodbye message, a close handshake) runs
 * inside {@link #nonCancellable}, Kotlin's {@code withContext(NonCancellable)}. The body's future
 * is cancelled at once, before its {@code finally} blocks have run; {@link #finished} and
 * {@link #cancelAndJoin} give a future of the moment the body has really ended (Kotlin's
 * {@code join} / {@code cancelAndJoin}).
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
     *     cancelled — while the body waited here, or at any time before (a cancelled body stays
     *     cancelled: every await outside {@link #nonCancellable} throws, see "Outcome and
     *     cancellation" above). A {@code catch (Exception e)} around the await catches it too:
     *     rethrow it, or let the body's next await end the body
     * @throws IllegalStateException outside an async body or its loop thread; or if the JDK could
     *     not suspend the body (pinned by a native frame, or, in debug mode, holding a monitor)
     */
    public static <T> T await(CompletionStage<T> stage) throws Exception {
        return AsyncBody.await(stage);
    }

    /**
     * Returns whether the calling body's future was cancelled (Kotlin's {@code !isActive}); true
     * also inside {@link #nonCancellable}. Inside an {@link #async} body only.
     *
     * @return whether the calling body was cancelled
     * @throws IllegalStateException outside an async body or its loop thread
     */
    public static boolean isCancelled() {
        return AsyncBody.isCancelled();
    }

    /**
     * Throws {@link CancellationException} if the calling body was cancelled, where an await would
     * throw it (so not inside {@link #nonCancellable}); Kotlin's {@code ensureActive()}. For a
     * body that computes for a while between awaits, or a {@code catch (Exception e)} that must
     * not handle a cancellation as an ordinary failure. Inside an {@link #async} body only.
     *
     * @throws IllegalStateException outside an async body or its loop thread
     */
    public static void ensureActive() {
        AsyncBody.ensureActive();
    }

    /**
     * Runs {@code block} in the calling body with its cancellation held off, and returns what the
     * block returns: awaits in the block wait for their stages even if the body is cancelled
     * before or during them, and the stages are not cancelled. The first await after the block
     * throws the held cancellation. Kotlin's {@code withContext(NonCancellable)}; for cleanup that
     * awaits, in a {@code finally} block:
     *
     * <pre>{@code
     * } finally {
     *     Async.nonCancellable(() -> Async.await(session.sayGoodbye().orTimeout(2, TimeUnit.SECONDS)));
     * }
     * }</pre>
     *
     * Bound such awaits with a timeout: nothing else can end them. Inside an {@link #async} body only.
     *
     * @param <T> what the block returns
     * @param block the code whose awaits a cancellation does not end
     * @return what the block returned
     * @throws Exception what the block throws
     * @throws IllegalStateException outside an async body or its loop thread
     */
    public static <T> T nonCancellable(Callable<T> block) throws Exception {
        return AsyncBody.nonCancellable(block);
    }

    /**
     * Returns a future completed (with {@code null}) once the body whose future is {@code body}
     * has ended: it returned or threw, its {@code finally} blocks have run — or it was cancelled
     * before it started and never will. Unlike {@code body} itself, which a cancel completes at
     * once, this waits for the body's cleanup. Kotlin's {@code Job.join()}. Any thread.
     *
     * @param body a future {@link #async} returned (not a stage chained on it)
     * @return a future of the body's loop, completed on its loop thread
     * @throws IllegalArgumentException if {@code body} is not a future {@code async} returned
     */
    public static LoopFuture<Void> finished(Future<?> body) {
        return AsyncBody.finished(body);
    }

    /**
     * Cancels the body whose future is {@code body} and returns {@link #finished finished(body)}:
     * a future completed once the body's cleanup has run. Kotlin's {@code cancelAndJoin}. Any thread.
     *
     * <pre>{@code
     * Async.cancelAndJoin(session).thenRun(stage::close);   // after the session said goodbye
     * }</pre>
     *
     * @param body the future {@code async} returned
     * @return a future completed once the body's {@code finally} blocks have run
     * @throws IllegalArgumentException if {@code body} is not a future {@code async} returned
     */
    public static LoopFuture<Void> cancelAndJoin(Future<?> body) {
        LoopFuture<Void> done = finished(body);
        body.cancel(false);
        return done;
    }
}
