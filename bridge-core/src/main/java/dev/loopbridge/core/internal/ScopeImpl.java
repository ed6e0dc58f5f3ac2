package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.Handle;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.TimerHandle;

/**
 * A {@link LoopScope}. Loop thread only: every public method checks it, and the sets below are
 * touched on the loop thread alone (completions of foreign stages hop to it).
 */
final class ScopeImpl implements LoopScope {

    private final BaseEventLoop loop;
    private final ScopeImpl parent;

    /** Incomplete futures to cancel on close, in the order they were tracked. */
    private final Set<CompletionStage<?>> tracked = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Registered resources, in registration order; a cancelled registration leaves at once. */
    private final LinkedHashSet<Registration> resources = new LinkedHashSet<>();
    /** Timers of {@link #callLater} that have not fired or been cancelled. */
    private final Set<ScopedTimer> timers = new LinkedHashSet<>();
    private final Set<ScopeImpl> children = new LinkedHashSet<>();
    private boolean closed;

    ScopeImpl(BaseEventLoop loop, ScopeImpl parent) {
        this.loop = loop;
        this.parent = parent;
    }

    @Override
    public <T> LoopFuture<T> launch(Supplier<? extends CompletionStage<T>> work) {
        Objects.requireNonNull(work, "work");
        loop.checkInLoop("LoopScope.launch");
        if (closed) {
            throw new IllegalStateException(this + " is closed: launch work in an open scope");
        }
        CompletionStage<T> stage;
        try {
            stage = work.get();
            if (stage == null) {
                throw new NullPointerException("LoopScope.launch: the work returned null (expected: a CompletionStage)");
            }
        } catch (Throwable e) {
            stage = CompletableFuture.failedFuture(e);
        }
        LoopFuture<T> adopted = loop.adopt(stage);
        Launched<T> future = new Launched<>(loop);
        adopted.whenComplete((value, error) -> {
            if (error == null) {
                future.complete(value);
            } else {
                future.completeExceptionally(unwrap(error));
            }
        });
        future.whenCancelled(() -> adopted.cancel(false));
        track(future);
        future.whenComplete((value, error) -> {
            if (error != null && !(unwrap(error) instanceof CancellationException)) {
                reportUnlessObserved(future, unwrap(error));
            }
        });
        future.watching = true; // dependents attached from now on are the caller's
        return future;
    }

    /**
     * Reports a launched task's failure unless something observed its future by the end of this
     * tick: a dependent the caller attaches right after launch (to a future that failed at once)
     * still counts.
     */
    private void reportUnlessObserved(Launched<?> future, Throwable error) {
        Runnable check = () -> {
            if (!future.observed) {
                loop.report(error, "Task launched in " + this + " failed and nothing handled the failure"
                        + " (attach a dependent to the launched future to handle it, or use track)");
            }
        };
        try {
            loop.executeInternal(check);
        } catch (RejectedExecutionException closed) {
            check.run();
        }
    }

    @Override
    public <F extends CompletionStage<?>> F track(F future) {
        Objects.requireNonNull(future, "future");
        loop.checkInLoop("LoopScope.track");
        if (closed) {
            cancel(future);
            return future;
        }
        if (tracked.add(future)) {
            future.whenComplete((value, error) -> forget(future));
        }
        return future;
    }

    private void forget(CompletionStage<?> future) {
        onLoopThread(() -> tracked.remove(future));
    }

    @Override
    public Handle onClose(AutoCloseable resource) {
        Objects.requireNonNull(resource, "resource");
        loop.checkInLoop("LoopScope.onClose");
        Registration r = new Registration(resource);
        if (closed) {
            r.closeOnce();
        } else {
            resources.add(r);
        }
        return r;
    }

    @Override
    public TimerHandle callLater(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        loop.checkInLoop("LoopScope.callLater");
        if (closed) {
            throw new IllegalStateException(this + " is closed: schedule the timer in an open scope");
        }
        ScopedTimer t = new ScopedTimer(task);
        t.timer = loop.callLater(delay, t);
        timers.add(t);
        return t;
    }

    @Override
    public LoopScope newScope() {
        loop.checkInLoop("LoopScope.newScope");
        if (closed) {
            throw new IllegalStateException(this + " is closed: a child scope would never run anything");
        }
        ScopeImpl child = new ScopeImpl(loop, this);
        children.add(child);
        return child;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        loop.checkInLoop("LoopScope.close");
        if (closed) {
            return;
        }
        closed = true;
        for (ScopeImpl child : new ArrayList<>(children)) {
            child.close();
        }
        for (CompletionStage<?> f : new ArrayList<>(tracked)) {
            cancel(f);
        }
        tracked.clear();
        for (ScopedTimer t : new ArrayList<>(timers)) {
            t.timer.cancel();
        }
        timers.clear();
        for (Registration r : new ArrayList<>(resources.reversed())) {
            r.closeOnce();
        }
        resources.clear();
        if (parent != null) {
            parent.children.remove(this);
        } else {
            loop.rootScopeClosed(this);
        }
    }

    /** Runs {@code action} on the loop thread: now if this is it, else later (not at all once the loop is gone). */
    private void onLoopThread(Runnable action) {
        if (loop.inLoop()) {
            action.run();
        } else if (!loop.isShutDown()) {
            loop.executeInternal(action);
        }
    }

    private static void cancel(CompletionStage<?> future) {
        try {
            future.toCompletableFuture().cancel(false);
        } catch (UnsupportedOperationException notCancellable) {
            // a minimal stage cannot be cancelled; it is simply forgotten
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    @Override
    public String toString() {
        return "LoopScope@" + Integer.toHexString(System.identityHashCode(this)) + (closed ? "[closed]" : "");
    }

    /**
     * A resource registered with {@link #onClose}, and the handle that unregisters it. The state
     * goes REGISTERED -> CLOSED (the scope closes it, loop thread) or REGISTERED -> CANCELLED
     * ({@link #cancel}, any thread), by CAS: a cancel that returns true guarantees no close.
     */
    private final class Registration implements Handle {
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Registration.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private static final int REGISTERED = 0;
        private static final int CLOSED = 1;
        private static final int CANCELLED = 2;

        private final AutoCloseable resource;
        @SuppressWarnings("unused") // accessed through STATE
        private volatile int state;

        Registration(AutoCloseable resource) {
            this.resource = resource;
        }

        /** Closes the resource unless it was unregistered. Loop thread. */
        void closeOnce() {
            if (!STATE.compareAndSet(this, REGISTERED, CLOSED)) {
                return;
            }
            try {
                resource.close();
            } catch (Throwable e) {
                loop.report(e, "Closing " + resource + " registered with " + ScopeImpl.this + " failed");
            }
        }

        @Override
        public boolean cancel() {
            if (!STATE.compareAndSet(this, REGISTERED, CANCELLED)) {
                return false;
            }
            onLoopThread(() -> resources.remove(this));
            return true;
        }

        @Override
        public boolean isCancelled() {
            return (int) STATE.getVolatile(this) == CANCELLED;
        }

        @Override
        public String toString() {
            return "onClose(" + resource + ") of " + ScopeImpl.this;
        }
    }

    /** A timer of {@link #callLater}: forgets itself when it fires or is cancelled. */
    private final class ScopedTimer implements TimerHandle, Runnable {
        private final Runnable task;
        /** The loop's timer; set right after it is scheduled, on the loop thread, before it can fire. */
        TimerHandle timer;

        ScopedTimer(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            timers.remove(this);
            task.run();
        }

        @Override
        public boolean cancel() {
            boolean cancelled = timer.cancel();
            if (cancelled) {
                onLoopThread(() -> timers.remove(this));
            }
            return cancelled;
        }

        @Override
        public boolean isCancelled() {
            return timer.isCancelled();
        }

        @Override
        public long when() {
            return timer.when();
        }

        @Override
        public String toString() {
            return timer + " in " + ScopeImpl.this;
        }
    }

    /**
     * The future {@link #launch} returns: it notes whether the caller observed it (attached a
     * dependent or read it), so that a failure the caller handles is not reported too.
     */
    private static final class Launched<T> extends LoopFuture<T> {
        /** Set once the scope attached its own dependents: later ones are the caller's. */
        volatile boolean watching;
        volatile boolean observed;

        Launched(EventLoop loop) {
            super(loop);
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            if (watching) {
                observed = true;
            }
            return super.newIncompleteFuture();
        }

        @Override
        public T join() {
            observed = true;
            return super.join();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            observed = true;
            return super.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            observed = true;
            return super.get(timeout, unit);
        }

        @Override
        public T getNow(T valueIfAbsent) {
            observed = true;
            return super.getNow(valueIfAbsent);
        }

        @Override
        public Throwable exceptionNow() {
            observed = true;
            return super.exceptionNow();
        }

        @Override
        public boolean isCompletedExceptionally() {
            observed = true;
            return super.isCompletedExceptionally();
        }
    }
}
