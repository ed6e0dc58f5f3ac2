package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/**
 * One {@code Async.async} body: a continuation that runs on the loop thread and suspends at each
 * {@code Async.await} of a pending stage. Loop thread only, except {@link Suspension#accept},
 * which the awaited stage may call on any thread.
 *
 * <p>The body runs inside the loop's ticks like any callback: it is started by a queued callback,
 * and resumed when its stage completes — at once if that happens on the loop thread outside every
 * body (as a dependent stage runs), else by a queued callback — so bodies interleave in the order
 * their stages complete. A body's continuation is never run inside another body's, except in a
 * nested loop that body opened.
 */
public final class AsyncBody<T> implements Runnable {

    /** The body whose continuation is mounted on this thread, or null. */
    private static final ThreadLocal<AsyncBody<?>> CURRENT = new ThreadLocal<>();

    /**
     * How many bodies are mounted now, on every thread: while none is, {@link #beforeNestedLoop}
     * need not look at {@link #CURRENT}. It is looked at as every batch of ticks starts, before
     * the first callback runs, and on a toolkit thread whose caches the last frame evicted the
     * lookup (four dependent loads: the thread's map, its table, the entry, the value) and the
     * clock read after it took 0.37-0.43 us at the median and 2.6-3.4 us at p90 (FX loop,
     * 2026-12-03). A thread that mounted a body counted it itself, so it never reads zero while
     * one is mounted on it.
     */
    private static final AtomicInteger MOUNTED = new AtomicInteger();

    /*
     * state, loop thread only:
     *   NEW --run()--> RUNNING --await of a pending stage--> SUSPENDED --run()--> RUNNING
     *   RUNNING --the body returns or throws--> DONE
     *   NEW --run() finds the result already cancelled--> DONE (the body never runs)
     */
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int SUSPENDED = 2;
    private static final int DONE = 3;

    private final EventLoop loop;
    private final Callable<T> body;
    private final Result<T> result;

    // Loop thread only.
    private int state = NEW;
    /** The continuation: created by the first run(), dropped when the body is done. */
    private Object continuation;
    /** The await the body is suspended at (SUSPENDED), or null. */
    private Suspension suspension;
    /**
     * Set, for good, when the result is cancelled: from then on every await outside
     * {@link #nonCancellable} throws, so a body that caught one CancellationException cannot go on
     * awaiting as if nothing happened.
     */
    private boolean cancelled;
    /** How many {@link #nonCancellable} blocks the body is inside; their awaits ignore {@link #cancelled}. */
    private int shielded;
    /** Completed once the body's code has ended (DONE); created when first asked for. */
    private LoopFuture<Void> finished;
    /** What the body returned or threw, handed to the result once its continuation has ended. */
    private T value;
    private Throwable failure;

    private AsyncBody(EventLoop loop, Callable<T> body, Result<T> result) {
        this.loop = loop;
        this.body = body;
        this.result = result;
    }

    /**
     * Schedules {@code body} to start on the loop thread in a later tick. Any thread.
     *
     * @throws UnsupportedOperationException if the JVM lacks the export continuations need
     */
    public static <T> LoopFuture<T> start(EventLoop loop, Callable<T> body) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(body, "body");
        Continuations.checkAvailable();
        Result<T> result = new Result<>(loop);
        AsyncBody<T> b = new AsyncBody<>(loop, body, result);
        result.body = b;
        loop.execute(b);
        result.whenCancelled(b::cancelled);
        return result;
    }

    /**
     * Returns the stage's value, suspending the body running on this thread until the stage
     * completes; see {@code Async.await}. Loop thread, inside a body.
     */
    public static <V> V await(CompletionStage<V> stage) throws Exception {
        Objects.requireNonNull(stage, "stage");
        return current("Async.await").awaitStage(stage);
    }

    /** Whether the body running on this thread was cancelled; see {@code Async.isCancelled}. */
    public static boolean isCancelled() {
        return current("Async.isCancelled").cancelled;
    }

    /** Throws where an await would throw for cancellation; see {@code Async.ensureActive}. */
    public static void ensureActive() {
        AsyncBody<?> b = current("Async.ensureActive");
        if (b.cancelled && b.shielded == 0) {
            throw b.cancellation();
        }
    }

    /** Runs {@code block} with the body's cancellation held off; see {@code Async.nonCancellable}. */
    public static <V> V nonCancellable(Callable<V> block) throws Exception {
        Objects.requireNonNull(block, "block");
        AsyncBody<?> b = current("Async.nonCancellable");
        b.shielded++;
        try {
            return block.call();
        } finally {
            b.shielded--;
        }
    }

    /**
     * A future completed once the body of {@code future} (returned by {@link #start}) has ended;
     * see {@code Async.finished}. Any thread.
     */
    public static LoopFuture<Void> finished(Future<?> future) {
        Objects.requireNonNull(future, "future");
        if (!(future instanceof Result<?> r)) {
            throw new IllegalArgumentException(future + " is not the future of an Async.async body"
                    + " (expected: what Async.async returned, not a stage chained on it nor the future"
                    + " LoopScope.launch made of it; LoopScope.track keeps the body's own future)");
        }
        AsyncBody<?> b = r.body;
        if (!b.loop.inLoop()) {
            return b.loop.submit(b::finishedFuture).thenCompose(f -> f);
        }
        return b.finishedFuture();
    }

    private LoopFuture<Void> finishedFuture() {
        if (finished == null) {
            finished = loop.newFuture();
            if (state == DONE) {
                finished.complete(null);
            }
        }
        return finished;
    }

    private static AsyncBody<?> current(String method) {
        AsyncBody<?> b = CURRENT.get();
        if (b == null) {
            throw new IllegalStateException(method + " must be called inside an Async.async body,"
                    + " on its loop thread; thread \"" + Thread.currentThread().getName()
                    + "\" is not running one here. Start the code with Async.async(loop, () -> ...),"
                    + " or chain the rest with thenCompose");
        }
        return b;
    }

    /** For tests: how many bodies are mounted now, on every thread. */
    static int mounted() {
        return MOUNTED.get();
    }

    /**
     * Hides the running body while the loop thread runs a tick or a nested loop inside it (a modal
     * dialog, runUntilComplete on a GUI loop): callbacks in there are not part of the body and
     * must not suspend it. Returns what {@link #afterNestedLoop} restores. Loop thread.
     */
    static Object beforeNestedLoop() {
        if (MOUNTED.get() == 0) {
            return null;
        }
        AsyncBody<?> b = CURRENT.get();
        if (b != null) {
            CURRENT.remove();
        }
        return b;
    }

    /** Undoes {@link #beforeNestedLoop}. Loop thread. */
    static void afterNestedLoop(Object body) {
        if (body != null) {
            CURRENT.set((AsyncBody<?>) body);
        }
    }

    /** Starts the body, or resumes it after an await: the loop callback. Loop thread. */
    @Override
    public void run() {
        if (state == NEW) {
            if (result.isDone()) {
                state = DONE; // cancelled before it started
                markFinished();
                return;
            }
            continuation = Continuations.create(this::runBody);
        } else if (state != SUSPENDED) {
            return;
        }
        state = RUNNING;
        AsyncBody<?> outer = CURRENT.get();
        MOUNTED.getAndIncrement();
        CURRENT.set(this);
        try {
            Continuations.run(continuation);
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer); // this body ran inside another (in a nested loop of it)
            }
            MOUNTED.getAndDecrement();
        }
        if (state == DONE) {
            continuation = null;
            // Outside the continuation: the result's dependents never run on the body's stack.
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
            markFinished(); // after the result: a join sees the body's outcome
        }
    }

    private void markFinished() {
        if (finished != null) {
            finished.complete(null);
        }
    }

    /** The continuation's target. Loop thread; the name is what MonitorCheck looks for. */
    private void runBody() {
        try {
            value = body.call();
        } catch (Throwable e) {
            failure = e;
        }
        state = DONE;
    }

    private <V> V awaitStage(CompletionStage<V> stage) throws Exception {
        if (cancelled && shielded == 0) {
            cancel(stage);
            throw cancellation();
        }
        if (stage instanceof CompletableFuture<V> f && f.isDone()) {
            try {
                return f.join();
            } catch (CompletionException e) {
                throw unwrap(e);
            }
        }
        if (loop.isDebug()) {
            MonitorCheck.checkNoneHeld();
        }
        Suspension s = new Suspension(stage);
        suspension = s;
        state = SUSPENDED;
        if (stage.whenComplete(s) instanceof CompletableFuture<?> dependent) {
            // Marks the dependent observed for debug mode's unobserved-failure check: its failure
            // is the stage's, which this await rethrows.
            dependent.isCompletedExceptionally();
        }
        try {
            Continuations.yield();
        } catch (IllegalStateException pinned) {
            s.claim(); // a completion that comes later must not resume a body that is not suspended
            suspension = null;
            state = RUNNING;
            String reason = String.valueOf(pinned.getMessage());
            String why = reason.contains("MONITOR")
                    ? "The body holds a monitor (a synchronized block or method; this JDK cannot"
                            + " suspend while one is held): leave it before the await"
                    : "A native frame is on the stack between Async.async and this await (a class"
                            + " initializer, or a callback that native code made): await outside it";
            throw new IllegalStateException("Async.await could not suspend the body, so it fails"
                    + " instead of blocking the loop thread: the JDK refused to suspend the"
                    + " continuation (" + reason + "). " + why + ", or chain the stage with thenCompose",
                    pinned);
        }
        // Resumed by run(): state is RUNNING again.
        suspension = null;
        if (s.failure != null) {
            throw unwrap(s.failure);
        }
        @SuppressWarnings("unchecked")
        V v = (V) s.value;
        return v;
    }

    /** The result was cancelled (or timed out): deliver it at the await. Loop thread. */
    private void cancelled() {
        cancelled = true; // RUNNING (the body cancelled itself, or is in a nested loop): next await
        if (state == SUSPENDED && shielded == 0) {
            Suspension s = suspension;
            if (s.claim()) {
                s.failure = cancellation();
                cancel(s.stage);
                resumeLater(s);
            }
        }
        // NEW: run() sees the cancelled result and never starts the body. DONE: nothing to do.
        // SUSPENDED in a nonCancellable block: the await goes on; the next one outside it throws.
    }

    private CancellationException cancellation() {
        return new CancellationException("the Async.async body was cancelled (" + result + "): every"
                + " await after the cancellation throws this again, so the body ends; await cleanup"
                + " inside Async.nonCancellable(() -> ...)");
    }

    private static void cancel(CompletionStage<?> stage) {
        if (stage instanceof Future<?> f) {
            f.cancel(false);
        }
    }

    private void resumeLater(Suspension s) {
        try {
            if (loop instanceof BaseEventLoop base) {
                base.executeInternal(s); // also while the loop closes: the body's finally blocks run
            } else {
                loop.execute(s);
            }
        } catch (RejectedExecutionException closed) {
            // The loop is gone: the body can never resume. Its result must not wait forever.
            result.completeExceptionally(new CancellationException(loop + " closed while the"
                    + " Async.async body was suspended at an await"));
            markFinished();
        }
    }

    private static Exception unwrap(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (t instanceof Exception e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new CompletionException(t);
    }

    @Override
    public String toString() {
        return "AsyncBody[" + body + " on " + loop + "]";
    }

    /** The future {@code async} returns: a loop future that knows its body, for {@link #finished}. */
    private static final class Result<T> extends LoopFuture<T> {
        /** Set once, before the future is handed out. */
        AsyncBody<T> body;

        Result(EventLoop loop) {
            super(loop);
        }
    }

    /**
     * One await of a pending stage. The first of the stage's completion (any thread) and the
     * body's cancellation (loop thread) claims it, records the outcome, and queues the resumption.
     */
    private final class Suspension implements BiConsumer<Object, Throwable>, Runnable {

        private static final VarHandle CLAIMED;

        static {
            try {
                CLAIMED = MethodHandles.lookup()
                        .findVarHandle(AsyncBody.Suspension.class, "claimed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final CompletionStage<?> stage;
        /** false -> true, once, by CAS. */
        @SuppressWarnings("unused") // accessed through CLAIMED
        private volatile boolean claimed;
        // NOTE: written by the claimer before it queues run(); the queue hand-off publishes them.
        Object value;
        Throwable failure;

        Suspension(CompletionStage<?> stage) {
            this.stage = stage;
        }

        boolean claim() {
            return CLAIMED.compareAndSet(this, false, true);
        }

        /**
         * The awaited stage completed. Any thread. On the loop thread, outside every body, the
         * body resumes at once, as a dependent stage would run; otherwise a queued callback
         * resumes it (a body is never resumed inside another's continuation).
         */
        @Override
        public void accept(Object v, Throwable e) {
            if (claim()) {
                value = v;
                failure = e;
                if (loop.inLoop() && CURRENT.get() == null) {
                    run();
                } else {
                    resumeLater(this);
                }
            }
        }

        /** Resumes the body with the outcome. Loop thread. */
        @Override
        public void run() {
            if (suspension == this && state == SUSPENDED) {
                AsyncBody.this.run();
            }
        }
    }
}
