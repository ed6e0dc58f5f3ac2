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
    private final LoopFuture<T> result;

    // Loop thread only.
    private int state = NEW;
    /** The continuation: created by the first run(), dropped when the body is done. */
    private Object continuation;
    /** The await the body is suspended at (SUSPENDED), or null. */
    private Suspension suspension;
    /** Set when the result is cancelled while the body runs; raised at its next await. */
    private boolean cancelPending;
    /** What the body returned or threw, handed to the result once its continuation has ended. */
    private T value;
    private Throwable failure;

    private AsyncBody(EventLoop loop, Callable<T> body, LoopFuture<T> result) {
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
        LoopFuture<T> result = loop.newFuture();
        AsyncBody<T> b = new AsyncBody<>(loop, body, result);
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
        AsyncBody<?> b = CURRENT.get();
        if (b == null) {
            throw new IllegalStateException("Async.await must be called inside an Async.async body,"
                    + " on its loop thread; thread \"" + Thread.currentThread().getName()
                    + "\" is not running one here. Start the code with Async.async(loop, () -> ...),"
                    + " or chain the rest with thenCompose");
        }
        return b.awaitStage(stage);
    }

    /**
     * Hides the running body while the loop thread runs a tick or a nested loop inside it (a modal
     * dialog, runUntilComplete on a GUI loop): callbacks in there are not part of the body and
     * must not suspend it. Returns what {@link #afterNestedLoop} restores. Loop thread.
     */
    static Object beforeNestedLoop() {
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
                return;
            }
            continuation = Continuations.create(this::runBody);
        } else if (state != SUSPENDED) {
            return;
        }
        state = RUNNING;
        AsyncBody<?> outer = CURRENT.get();
        CURRENT.set(this);
        try {
            Continuations.run(continuation);
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer); // this body ran inside another (in a nested loop of it)
            }
        }
        if (state == DONE) {
            continuation = null;
            // Outside the continuation: the result's dependents never run on the body's stack.
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
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
        if (cancelPending) {
            cancelPending = false;
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
        if (state == RUNNING) {
            cancelPending = true; // the body cancelled itself, or is in a nested loop: next await
        } else if (state == SUSPENDED) {
            Suspension s = suspension;
            if (s.claim()) {
                s.failure = cancellation();
                cancel(s.stage);
                resumeLater(s);
            }
        }
        // NEW: run() sees the cancelled result and never starts the body. DONE: nothing to do.
    }

    private CancellationException cancellation() {
        return new CancellationException("the Async.async body was cancelled (" + result + ")");
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
