package dev.loopbridge.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.internal.FailureWatch;

/**
 * A {@link CompletableFuture} that belongs to an {@link EventLoop}: its dependents run on the loop
 * thread, its timeouts use the loop's timers, and cancelling it cancels the operation behind it.
 * The counterpart of asyncio's {@code Future}.
 *
 * <p>It goes everywhere a {@code CompletableFuture} goes. What it adds:
 * <ul>
 *   <li><b>Dependents run on the loop.</b> {@code thenApply}, {@code whenComplete} and the other
 *       non-async methods run their function on the loop thread: at once when the future
 *       completes there, or when the dependent is attached there to a future already done (as
 *       {@code CompletableFuture} does); through the loop's queue when it completes, or the
 *       dependent is attached, on another thread. A dependent that would run nested inside too
 *       many others (a chain that keeps attaching to done futures from its own callbacks) goes
 *       through the queue too, so such chains cannot overflow the stack. The {@code ...Async}
 *       methods without an executor always go through the queue. So code chained on a loop future
 *       may touch UI state without {@code Platform.runLater}.</li>
 *   <li><b>Timeouts on the loop.</b> {@link #orTimeout} and {@link #completeOnTimeout} use the
 *       loop's timers (virtual time in the test loop) and complete on the loop thread.</li>
 *   <li><b>Cancellation reaches the operation.</b> Cancelling the future of a {@code sleep}
 *       cancels its timer, of a {@code submit} unschedules the task, of a read removes the reader;
 *       so does a timeout from {@link #orTimeout}. See {@link #whenCancelled}.</li>
 *   <li><b>No deadlocks on the loop thread.</b> {@link #join()} and {@link #get()} of an
 *       incomplete future on the loop thread throw {@link IllegalStateException}: the loop
 *       cannot complete the future while its thread waits. Chain a callback instead, or use
 *       {@link EventLoop#runUntilComplete}.</li>
 * </ul>
 *
 * <p>A loop future may be completed or cancelled from any thread.
 *
 * <pre>{@code
 * loop.sleep(Duration.ofSeconds(1))
 *     .thenApply(ignored -> fetchCount())
 *     .orTimeout(5, TimeUnit.SECONDS)
 *     .whenComplete((count, error) -> label.setText(error == null ? "" + count : "timed out"));
 * }</pre>
 *
 * @param <T> the result type
 */
public class LoopFuture<T> extends CompletableFuture<T> {

    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(LoopFuture.class, "owner", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The action of the hook that marks the hooks as run: later hooks run at once. */
    private static final Runnable FIRED = () -> { };

    // Fields: every loop future and every stage chained on one pays for them (a frame read with
    // readExactly(4).thenCompose(...).whenComplete(...) makes four), so there is one on top of
    // CompletableFuture's result and stack: 24 bytes with 12-byte headers and compressed oops,
    // as a CompletableFuture. The loop, the debug watch and the cancel hooks share it. The
    // executor dependents run on is the loop's, looked up when needed (see onLoop()).

    /**
     * The loop, while this future has no debug watch and no cancel hook (nearly always); else
     * the newest {@link Hook}, which carries the loop and the watch too. Set in the constructor,
     * then changed only by CAS (any thread): bare loop -> hooks (whenCancelled adds one) ->
     * a hook whose action is FIRED (the hooks ran). It never goes back.
     */
    private volatile Object owner;

    /**
     * Creates an incomplete future of {@code loop}; {@link EventLoop#newFuture()} does the same.
     *
     * @param loop the loop whose thread completes this future
     */
    @SuppressWarnings("this-escape") // the debug watch is a dependent of this future; see below
    public LoopFuture(EventLoop loop) {
        Objects.requireNonNull(loop, "loop");
        FailureWatch watch = FailureWatch.forNewFuture(loop);
        // NOTE: a release store, as CompletableFuture's own constructor makes: a volatile one
        // would cost a full fence for every future.
        OWNER.setRelease(this, watch == null ? loop : new Hook(loop, watch, null, null));
        if (watch != null) {
            // The watch must see failures that arrive through CompletableFuture's internal paths
            // too, so it is attached as a plain dependent; newIncompleteFuture() gives that
            // dependent a plain CompletableFuture while the watch is not registered yet.
            super.whenComplete(watch);
            watch.register(this);
        }
    }

    /**
     * The loop this future belongs to.
     *
     * @return the loop whose thread completes this future
     */
    public final EventLoop loop() {
        Object o = owner;
        return o instanceof Hook h ? h.loop : (EventLoop) o;
    }

    /** The debug watch for unobserved failures; null unless the loop was in debug mode. */
    private FailureWatch watch() {
        return owner instanceof Hook h ? h.watch : null;
    }

    /**
     * Runs {@code action} on the loop thread if this future is cancelled — by {@link #cancel},
     * by {@code completeExceptionally} with a {@link CancellationException}, or by a timeout of
     * {@link #orTimeout} / {@link #completeOnTimeout}. If it already was, the action runs at once
     * (on the loop thread). Operations use it to release what they hold; any thread.
     *
     * @return this future
     * @param action runs on the loop thread if this future is cancelled
     */
    public LoopFuture<T> whenCancelled(Runnable action) {
        Objects.requireNonNull(action, "action");
        for (;;) {
            Object o = owner;
            Hook added;
            if (o instanceof Hook h) {
                if (h.action == FIRED) {
                    runOnLoop(action);
                    return this;
                }
                added = new Hook(h.loop, h.watch, action, h);
            } else {
                added = new Hook((EventLoop) o, null, action, null);
            }
            if (OWNER.compareAndSet(this, o, added)) {
                return this;
            }
        }
    }

    private void fireHooks() {
        Object o;
        Hook h;
        do {
            o = owner;
            h = o instanceof Hook x ? x : null;
            if (h != null && h.action == FIRED) {
                return;
            }
        } while (!OWNER.compareAndSet(this, o, h != null ? new Hook(h.loop, h.watch, FIRED, null)
                : new Hook((EventLoop) o, null, FIRED, null)));
        Hook reversed = null;
        for (; h != null; h = h.next) {
            if (h.action != null) { // null: the watch's holder, not a hook
                reversed = new Hook(null, null, h.action, reversed);
            }
        }
        if (reversed == null) {
            return;
        }
        Hook inOrder = reversed;
        runOnLoop(() -> {
            for (Hook x = inOrder; x != null; x = x.next) {
                x.action.run();
            }
        });
    }

    private void runOnLoop(Runnable action) {
        try {
            onLoop().execute(action);
        } catch (RejectedExecutionException closed) {
            action.run(); // the loop is closed: nothing else runs there any more
        }
    }

    /**
     * A cancel hook, newest first, with the loop and the debug watch of the future (so that the
     * future needs no fields of its own for them); with a null action, only their holder.
     */
    private record Hook(EventLoop loop, FailureWatch watch, Runnable action, Hook next) {
    }

    // ---- completion ----

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            fireHooks();
        }
        return cancelled;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        boolean completed = super.completeExceptionally(ex);
        if (completed && ex instanceof CancellationException) {
            fireHooks();
        }
        return completed;
    }

    /**
     * Fails this future with a {@link TimeoutException} if it is not done within the timeout on
     * the loop clock, and cancels the operation behind it (see {@link #whenCancelled}). The timer
     * is a loop timer, cancelled when the future completes.
     */
    @Override
    public LoopFuture<T> orTimeout(long timeout, TimeUnit unit) {
        Duration d = toDuration(timeout, unit);
        timeoutAfter(d, () -> {
            if (super.completeExceptionally(new TimeoutException("timed out after " + d + " on " + loop()))) {
                fireHooks();
            }
        });
        return this;
    }

    /**
     * Completes this future with {@code value} if it is not done within the timeout on the loop
     * clock, and cancels the operation behind it (see {@link #whenCancelled}).
     */
    @Override
    public LoopFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        timeoutAfter(toDuration(timeout, unit), () -> {
            if (super.complete(value)) {
                fireHooks();
            }
        });
        return this;
    }

    private void timeoutAfter(Duration delay, Runnable onTimeout) {
        if (isDone()) {
            return;
        }
        TimerHandle timer = loop().callLater(delay, onTimeout);
        super.whenComplete((value, error) -> timer.cancel());
    }

    private static Duration toDuration(long timeout, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        return timeout <= 0 ? Duration.ZERO : Duration.of(timeout, unit.toChronoUnit());
    }

    // ---- reading the outcome ----

    /**
     * As {@link CompletableFuture#join()}, except on the loop thread while incomplete.
     *
     * @throws IllegalStateException on the loop thread if the future is not done
     */
    @Override
    public T join() {
        checkNotBlockingLoop("join()");
        markObserved();
        return super.join();
    }

    /**
     * As {@link CompletableFuture#get()}, except on the loop thread while incomplete.
     *
     * @throws IllegalStateException on the loop thread if the future is not done
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        checkNotBlockingLoop("get()");
        markObserved();
        return super.get();
    }

    /**
     * As {@link CompletableFuture#get(long, TimeUnit)}, except on the loop thread while incomplete.
     *
     * @throws IllegalStateException on the loop thread if the future is not done
     */
    @Override
    public T get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        checkNotBlockingLoop("get(timeout)");
        markObserved();
        return super.get(timeout, unit);
    }

    @Override
    public T getNow(T valueIfAbsent) {
        markObserved();
        return super.getNow(valueIfAbsent);
    }

    @Override
    public T resultNow() {
        markObserved();
        return super.resultNow();
    }

    @Override
    public Throwable exceptionNow() {
        markObserved();
        return super.exceptionNow();
    }

    @Override
    public boolean isCompletedExceptionally() {
        markObserved();
        return super.isCompletedExceptionally();
    }

    private void checkNotBlockingLoop(String method) {
        if (!isDone() && loop().inLoop()) {
            throw new IllegalStateException(method + " on the loop thread of " + loop() + " would wait"
                    + " forever: the future can only complete on this thread. Chain the rest"
                    + " (thenAccept, whenComplete), or wait with loop.runUntilComplete(future)");
        }
    }

    private void markObserved() {
        FailureWatch watch = watch();
        if (watch != null) {
            watch.observed();
        }
    }

    // ---- dependents: on the loop thread ----

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        Object o = owner;
        if (o instanceof Hook h) {
            if (h.watch != null && !h.watch.isRegistered()) {
                return new CompletableFuture<>(); // the constructor is attaching the watch
            }
            markObserved();
            return new LoopFuture<>(h.loop);
        }
        return new LoopFuture<>((EventLoop) o);
    }

    /** The loop: the {@code ...Async} methods without an executor run there, in a later tick. */
    @Override
    public Executor defaultExecutor() {
        return loop();
    }

    // Each non-async method below has two paths. Attached on the loop thread of a LoopBridge loop
    // to a future that is already done, the dependent runs at once through CompletableFuture's own
    // synchronous method: no Completion object, no trip through the executor. Otherwise it goes
    // through the loop executor, which runs it inline when it fires on the loop thread and queues
    // it elsewhere. Both paths count the loop's inline depth, so callbacks that attach dependents
    // cannot overflow the stack: past the limit the executor path queues them.

    @Override
    public <U> LoopFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        if (enterInline()) {
            try {
                return (LoopFuture<U>) super.<U>thenApply(fn);
            } finally {
                exitInline();
            }
        }
        return (LoopFuture<U>) super.<U>thenApplyAsync(fn, onLoop());
    }

    @Override
    public LoopFuture<Void> thenAccept(Consumer<? super T> action) {
        if (enterInline()) {
            try {
                return (LoopFuture<Void>) super.thenAccept(action);
            } finally {
                exitInline();
            }
        }
        return (LoopFuture<Void>) super.thenAcceptAsync(action, onLoop());
    }

    @Override
    public LoopFuture<Void> thenRun(Runnable action) {
        if (enterInline()) {
            try {
                return (LoopFuture<Void>) super.thenRun(action);
            } finally {
                exitInline();
            }
        }
        return (LoopFuture<Void>) super.thenRunAsync(action, onLoop());
    }

    @Override
    public <U, V> LoopFuture<V> thenCombine(CompletionStage<? extends U> other,
            BiFunction<? super T, ? super U, ? extends V> fn) {
        if (isDone(other) && enterInline()) {
            try {
                return (LoopFuture<V>) super.<U, V>thenCombine(other, fn);
            } finally {
                exitInline();
            }
        }
        return (LoopFuture<V>) super.<U, V>thenCombineAsync(other, fn, onLoop());
    }

    @Override
    public <U> LoopFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other,
            BiConsumer<? super T, ? super U> action) {
        if (isDone(other) && enterInline()) {
            try {
                return (LoopFuture<Void>) super.thenAcceptBoth(other, action);
            } finally {
                exitInline();
            }
        }
        return (LoopFuture<Void>) super.thenAcceptBothAsync(other, action, onLoop());
    }

    @Override
    public LoopFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        if (isDone(other) && enterInline()) {
            try {
                return (LoopFuture<Void>) super.runAfterBoth(other, action);
            } finally {
                exitInline();
            }
        }
        return (LoopFuture<Void>) super.runAfterBothAsync(other, action, onLoop());
    }

    // The either methods run at once only when this future is done: CompletableFuture then takes
    // its outcome, and the new stage comes from this future's newIncompleteFuture(). When only the
    // other side is done, CompletableFuture builds the stage from the other side instead (a plain
    // CompletableFuture, or another loop's future): ours() makes it a stage of this loop.

    @Override
    public <U> LoopFuture<U> applyToEither(CompletionStage<? extends T> other,
            Function<? super T, U> fn) {
        if (enterInline()) {
            try {
                return (LoopFuture<U>) super.applyToEither(other, fn);
            } finally {
                exitInline();
            }
        }
        return ours(super.applyToEitherAsync(other, fn, onLoop()));
    }

    @Override
    public LoopFuture<Void> acceptEither(CompletionStage<? extends T> other,
            Consumer<? super T> action) {
        if (enterInline()) {
            try {
                return (LoopFuture<Void>) super.acceptEither(other, action);
            } finally {
                exitInline();
            }
        }
        return ours(super.acceptEitherAsync(other, action, onLoop()));
    }

    @Override
    public LoopFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        if (enterInline()) {
            try {
                return (LoopFuture<Void>) super.runAfterEither(other, action);
            } finally {
                exitInline();
            }
        }
        return ours(super.runAfterEitherAsync(other, action, onLoop()));
    }

    @Override
    public <U> LoopFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        if (enterInline()) {
            try {
                return (LoopFuture<U>) super.thenCompose(fn);
            } finally {
                exitInline();
            }
        }
        return (LoopFuture<U>) super.thenComposeAsync(fn, onLoop());
    }

    @Override
    public <U> LoopFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        if (enterInline()) {
            try {
                return (LoopFuture<U>) super.<U>handle(fn);
            } finally {
                exitInline();
            }
        }
        return (LoopFuture<U>) super.<U>handleAsync(fn, onLoop());
    }

    @Override
    public LoopFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        if (enterInline()) {
            try {
                return (LoopFuture<T>) super.whenComplete(action);
            } finally {
                exitInline();
            }
        }
        return (LoopFuture<T>) super.whenCompleteAsync(action, onLoop());
    }

    @Override
    public LoopFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        if (enterInline()) {
            try {
                return (LoopFuture<T>) super.exceptionally(fn);
            } finally {
                exitInline();
            }
        }
        return (LoopFuture<T>) super.exceptionallyAsync(fn, onLoop());
    }

    @Override
    public LoopFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        if (enterInline()) {
            try {
                return (LoopFuture<T>) super.exceptionallyCompose(fn);
            } finally {
                exitInline();
            }
        }
        return (LoopFuture<T>) super.exceptionallyComposeAsync(fn, onLoop());
    }

    /**
     * Returns {@code stage} if it is a future of this loop, else a future of this loop that
     * completes as {@code stage} does.
     */
    private <U> LoopFuture<U> ours(CompletableFuture<U> stage) {
        EventLoop loop = loop();
        if (stage instanceof LoopFuture<U> f && f.loop() == loop) {
            return f;
        }
        LoopFuture<U> mine = new LoopFuture<>(loop);
        stage.whenComplete((value, error) -> {
            if (error == null) {
                mine.complete(value);
            } else {
                mine.completeExceptionally(error);
            }
        });
        return mine;
    }

    /**
     * Whether a dependent may run at once, in this call: this future is done and the caller is the
     * loop thread with inline depth to spare (counted until {@link #exitInline()}).
     */
    private boolean enterInline() {
        return isDone() && loop() instanceof BaseEventLoop base && base.enterInline();
    }

    private void exitInline() {
        ((BaseEventLoop) loop()).exitInline();
    }

    /** The executor dependents run on: inline on the loop thread, else through the loop's queue. */
    private Executor onLoop() {
        EventLoop loop = loop();
        return loop instanceof BaseEventLoop base ? base.onLoopExecutor() : new LoopAffine(loop);
    }

    /** Whether {@code other} is a future that is done; other stages take the executor path. */
    private static boolean isDone(CompletionStage<?> other) {
        return other instanceof CompletableFuture<?> f && f.isDone();
    }

    @Override
    public String toString() {
        return super.toString() + "[" + loop() + "]";
    }

    /** For loops that are not LoopBridge's own: runs inline on the loop thread, else submits. */
    private record LoopAffine(EventLoop loop) implements Executor {
        @Override
        public void execute(Runnable command) {
            if (loop.inLoop()) {
                command.run();
            } else {
                loop.execute(command);
            }
        }
    }
}
