package dev.loopbridge.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/**
 * {@link EventLoop#asScheduledExecutorService()}: a {@link ScheduledExecutorService} whose tasks
 * are callbacks and timers of one loop. Every method may be called from any thread. Its lifecycle
 * is its own: shutting it down rejects its new tasks and ends its periodic ones, and leaves the
 * loop and its other views running.
 *
 * <p>Shutdown follows {@code ScheduledThreadPoolExecutor}'s defaults: {@link #shutdown()} cancels
 * periodic tasks and lets queued and delayed one-shot tasks run; {@link #shutdownNow()} unschedules
 * every task that has not started and hands them back, their futures untouched. The view is
 * terminated once it is shut down (or its loop closed) and none of its tasks is left.
 */
public final class LoopExecutorService implements ScheduledExecutorService {

    /** How often awaitTermination looks whether the loop closed under a view with no tasks left. */
    private static final long CLOSE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final EventLoop loop;

    /** Tasks scheduled and not finished: added by the submitter, removed by whoever ends them. */
    private final Set<LoopExecutorTask<?>> pending = ConcurrentHashMap.newKeySet();

    /**
     * Set once by shutdown or shutdownNow. NOTE: a submitter adds its task to {@link #pending}
     * then reads this flag; shutdown writes it then reads {@code pending}: either the submitter
     * sees the shutdown and withdraws its task, or the shutdown sees the task and waits for it.
     */
    private volatile boolean shutdown;

    /** Completed (any thread) when the view is shut down and has no task left. */
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    /** A view of {@code loop}; see {@link EventLoop#asScheduledExecutorService()}. */
    public LoopExecutorService(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    EventLoop loop() {
        return loop;
    }

    // ---- submitting ----

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        start(LoopExecutorTask.executed(this, command), 0);
    }

    @Override
    public <T> LoopFuture<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return start(LoopExecutorTask.create(this, task, 0, false), 0);
    }

    @Override
    public LoopFuture<?> submit(Runnable task) {
        return submit(task, null);
    }

    @Override
    public <T> LoopFuture<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return submit(Executors.callable(task, result));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return schedule(Executors.callable(command), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "callable");
        return start(LoopExecutorTask.create(this, callable, 0, false), unit.toNanos(delay));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return schedulePeriodic(command, initialDelay, period, unit, "period", 1);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return schedulePeriodic(command, initialDelay, delay, unit, "delay", -1);
    }

    private ScheduledFuture<?> schedulePeriodic(Runnable command, long initialDelay, long period, TimeUnit unit,
            String name, int sign) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(unit, "unit");
        if (period <= 0) {
            throw new IllegalArgumentException(name + ": " + period + " " + unit + " (expected: > 0)");
        }
        long nanos = Math.max(1, unit.toNanos(period)); // a period of 1 ns or more, never 0
        return start(LoopExecutorTask.create(this, Executors.callable(command), sign * nanos, false),
                unit.toNanos(initialDelay));
    }

    private <V> LoopExecutorTask<V> start(LoopExecutorTask<V> task, long delayNanos) {
        if (shutdown) {
            throw rejected(task);
        }
        pending.add(task);
        if (shutdown) { // see the note on the field
            finished(task);
            throw rejected(task);
        }
        try {
            task.scheduleFirst(delayNanos);
        } catch (RejectedExecutionException loopClosed) {
            finished(task);
            throw loopClosed;
        }
        return task;
    }

    private RejectedExecutionException rejected(Object task) {
        return new RejectedExecutionException(this + " is shut down: it rejected " + task
                + "; the loop still runs: take a new view with loop.asScheduledExecutorService()");
    }

    // ---- waiting for several ----

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return invokeAll(tasks, -1);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return invokeAll(tasks, Math.max(0, unit.toNanos(timeout)));
    }

    private <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeoutNanos)
            throws InterruptedException {
        List<LoopFuture<T>> futures = submitAll(tasks);
        boolean done = false;
        try {
            done = await(CompletableFuture.allOf(futures.toArray(CompletableFuture<?>[]::new)), timeoutNanos);
        } finally {
            if (!done) {
                futures.forEach(f -> f.cancel(false));
            }
        }
        return new ArrayList<>(futures);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, -1);
        } catch (TimeoutException cannotHappen) {
            throw new AssertionError(cannotHappen);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return invokeAny(tasks, Math.max(0, unit.toNanos(timeout)));
    }

    private <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeoutNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks: empty (expected: at least one task)");
        }
        LoopFuture<T> first = loop.newFuture();
        AtomicInteger failures = new AtomicInteger();
        int count = tasks.size();
        List<Callable<T>> racing = new ArrayList<>(count);
        for (Callable<T> task : tasks) {
            Objects.requireNonNull(task, "tasks: a null element (expected: only tasks)");
            // Each runs on the loop thread, one after another: once one succeeded, the rest see it
            // and never call their task.
            racing.add(() -> {
                if (first.isDone()) {
                    throw new CancellationException("invokeAny already has a result");
                }
                try {
                    T value = task.call();
                    first.complete(value);
                    return value;
                } catch (Throwable e) {
                    if (failures.incrementAndGet() == count) {
                        first.completeExceptionally(e);
                    }
                    throw e;
                }
            });
        }
        List<LoopFuture<T>> futures = submitAll(racing);
        try {
            if (!await(first, timeoutNanos)) {
                throw new TimeoutException("none of " + futures.size() + " tasks succeeded within "
                        + timeoutNanos + " ns on " + this);
            }
            if (first.isCompletedExceptionally()) {
                throw new ExecutionException(first.exceptionNow()); // every task failed: the last failure
            }
            return first.resultNow();
        } finally {
            for (LoopFuture<T> f : futures) {
                f.cancel(false);
                f.isCompletedExceptionally(); // marks a failure as seen: debug mode reports none
            }
        }
    }

    /** Submits every task, or none: on a null element or a rejection, cancels those submitted. */
    private <T> List<LoopFuture<T>> submitAll(Collection<? extends Callable<T>> tasks) {
        for (Callable<T> t : tasks) {
            Objects.requireNonNull(t, "tasks: a null element (expected: only tasks)");
        }
        List<LoopFuture<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> t : tasks) {
                futures.add(submit(t));
            }
        } catch (RuntimeException e) {
            futures.forEach(f -> f.cancel(false));
            throw e;
        }
        return futures;
    }

    /**
     * Waits until {@code f} completes, or for {@code timeoutNanos} (-1: no limit): off the loop
     * thread in real time, on it as {@link EventLoop#runUntilComplete} does (a nested loop on GUI
     * and test loops, an {@link IllegalStateException} on the default loop). Returns whether it
     * completed.
     */
    private boolean await(CompletableFuture<?> f, long timeoutNanos) throws InterruptedException {
        if (loop.inLoop()) {
            LoopFuture<Boolean> done = loop.newFuture();
            f.handle((value, error) -> done.complete(true));
            if (timeoutNanos >= 0) {
                done.completeOnTimeout(false, timeoutNanos, TimeUnit.NANOSECONDS);
            }
            return loop.runUntilComplete(done);
        }
        try {
            if (timeoutNanos < 0) {
                f.get();
            } else {
                f.get(timeoutNanos, TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            // done, with a failure: the caller reads it from the future
        } catch (TimeoutException e) {
            return false;
        }
        return true;
    }

    // ---- lifecycle of the view ----

    /** A task ended (ran, failed, was cancelled or handed back). Any thread; idempotent. */
    void finished(LoopExecutorTask<?> task) {
        if (pending.remove(task)) {
            tryTerminate();
        }
    }

    /** Whether a periodic task may schedule another run. */
    boolean runsPeriodicTasks() {
        return !shutdown && !loop.isClosed();
    }

    private void tryTerminate() {
        if (isShutdown() && pending.isEmpty()) {
            terminated.complete(null);
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
        for (LoopExecutorTask<?> task : pending) {
            if (task.isPeriodic()) {
                task.cancel(false);
            }
        }
        tryTerminate();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> neverStarted = new ArrayList<>();
        for (LoopExecutorTask<?> task : pending) {
            if (task.unscheduleIfPending()) {
                neverStarted.add(task);
                finished(task);
            }
        }
        tryTerminate();
        return neverStarted;
    }

    /** Whether this view was shut down or its loop closed. */
    @Override
    public boolean isShutdown() {
        return shutdown || loop.isClosed();
    }

    @Override
    public boolean isTerminated() {
        tryTerminate();
        return terminated.isDone();
    }

    /**
     * Waits until the view is terminated or the timeout passes. On the loop thread it waits as
     * {@link EventLoop#runUntilComplete} does, so tasks go on running.
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = Math.max(0, unit.toNanos(timeout));
        if (isTerminated()) {
            return true;
        }
        if (nanos == 0) {
            return false;
        }
        if (loop.inLoop()) {
            return await(terminated, nanos);
        }
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            // In slices: a loop that closes under a view with no task left completes nothing.
            if (await(terminated, Math.min(left, CLOSE_CHECK_NANOS)) || isTerminated()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ScheduledExecutorService view of " + loop + (isShutdown() ? " (shut down)" : "");
    }
}
