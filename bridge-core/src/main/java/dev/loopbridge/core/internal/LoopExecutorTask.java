package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.Handle;
import dev.loopbridge.core.LoopFuture;

/**
 * A task of a {@link LoopExecutorService} and its future: a loop callback (no delay) or a loop
 * timer that runs the work on the loop thread, again and again if periodic. Created on any thread;
 * run on the loop thread (or by whoever took it back from {@code shutdownNow}); cancelled from
 * any thread.
 *
 * <p>The future completes on the loop thread with the work's result or failure; a periodic task
 * completes only by failing or being cancelled, as {@code ScheduledThreadPoolExecutor}'s do.
 * Cancelling it, or a timeout from {@code orTimeout}, cancels the pending loop callback or timer
 * (a timer leaves the heap in O(log n)).
 */
final class LoopExecutorTask<V> extends LoopFuture<V> implements RunnableScheduledFuture<V>, TimerTask.LoopClosing {

    private static final VarHandle HANDLE;

    static {
        try {
            HANDLE = MethodHandles.lookup().findVarHandle(LoopExecutorTask.class, "handle", Handle.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The longest delay a loop timer takes: about 73 years, as the loop itself clamps. */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE >> 2;

    private final LoopExecutorService view;
    private final Callable<V> work;

    /** 0: runs once; > 0: at a fixed rate of this many ns; < 0: with a fixed delay of -period ns. */
    private final long period;

    /** Whether a failure also goes to the loop's exception handler (execute: nobody holds the future). */
    private final boolean reportsFailure;

    /**
     * When the next run is due, in loop time. Written before the callback or timer that runs at it
     * is scheduled (which publishes it to the loop thread), then only by the loop thread.
     */
    private volatile long deadline;

    /**
     * The callback or timer of the next run; null until first scheduled. The submitting thread
     * sets it only from null (a periodic run on the loop thread may already have replaced it); the
     * loop thread replaces it for each periodic run. NOTE: whoever sets it then reads
     * {@code isDone()}, and a cancel completes the future before it reads the handle, so one of
     * the two always cancels the newest handle.
     */
    @SuppressWarnings("unused") // accessed through HANDLE
    private volatile Handle handle;

    private LoopExecutorTask(LoopExecutorService view, Callable<V> work, long period, boolean reportsFailure) {
        super(view.loop());
        this.view = view;
        this.work = work;
        this.period = period;
        this.reportsFailure = reportsFailure;
    }

    /** A task whose future nobody may hold ({@code execute}): failures are also reported. */
    static LoopExecutorTask<Void> executed(LoopExecutorService view, Runnable work) {
        return create(view, () -> {
            work.run();
            return null;
        }, 0, true);
    }

    static <V> LoopExecutorTask<V> create(LoopExecutorService view, Callable<V> work, long period,
            boolean reportsFailure) {
        LoopExecutorTask<V> task = new LoopExecutorTask<>(view, work, period, reportsFailure);
        task.whenCancelled(task::unschedule); // also a timeout of orTimeout / completeOnTimeout
        return task;
    }

    private EventLoop eventLoop() {
        return view.loop();
    }

    /**
     * Schedules the first run {@code delayNanos} from now: as a callback, in submission order with
     * {@code execute}, when the delay is not positive. Any thread.
     *
     * @throws RejectedExecutionException if the loop is closed
     */
    void scheduleFirst(long delayNanos) {
        EventLoop loop = eventLoop();
        long now = loop.time();
        Handle h;
        if (delayNanos <= 0) {
            deadline = now;
            h = loop.callSoon(this);
        } else {
            deadline = now + Math.min(delayNanos, MAX_DELAY_NANOS);
            h = loop.callAt(deadline, this);
        }
        if (HANDLE.compareAndSet(this, null, h) && isDone()) {
            h.cancel();
        }
    }

    /** Runs the work once, then schedules the next run of a periodic task. Loop thread. */
    @Override
    public void run() {
        if (isDone()) {
            view.finished(this); // completed from outside before its turn
            return;
        }
        try {
            V value = work.call();
            if (period == 0) {
                complete(value);
                view.finished(this);
            } else {
                scheduleNext();
            }
        } catch (Throwable e) {
            completeExceptionally(e);
            view.finished(this);
            if (reportsFailure) {
                isCompletedExceptionally(); // seen: debug mode must not report it again when collected
                eventLoop().reportError(e, "task " + work + " executed by " + view);
            }
        }
    }

    private void scheduleNext() {
        if (isDone() || !view.runsPeriodicTasks()) {
            cancel(false);
            view.finished(this); // also when it was completed from outside while it ran
            return;
        }
        EventLoop loop = eventLoop();
        // Fixed rate counts from the previous deadline, so late runs catch up one after another
        // (never together: they all run on this thread); fixed delay counts from the run's end.
        long next = period > 0 ? deadline + Math.min(period, MAX_DELAY_NANOS)
                : loop.time() + Math.min(-period, MAX_DELAY_NANOS);
        deadline = next;
        Handle h;
        try {
            h = loop.callAt(next, this);
        } catch (RejectedExecutionException closed) {
            cancel(false);
            return;
        }
        HANDLE.setVolatile(this, h);
        if (isDone()) {
            h.cancel();
        }
    }

    /**
     * Cancels the pending callback or timer, if the run has not started; for shutdownNow, which
     * hands the task back unrun and leaves its future alone. Any thread.
     */
    boolean unscheduleIfPending() {
        Handle h = (Handle) HANDLE.getVolatile(this);
        return h != null && h.cancel();
    }

    /** The future was cancelled: no run from now on. Any thread; idempotent. */
    private void unschedule() {
        Handle h = (Handle) HANDLE.getVolatile(this);
        if (h != null) {
            h.cancel();
        }
        view.finished(this);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            unschedule(); // at once, not when the cancellation hook reaches the loop thread
        }
        return cancelled;
    }

    /** The loop closed with this task's timer pending: the run will never come. */
    @Override
    public void loopClosing() {
        cancel(false);
    }

    @Override
    public boolean isPeriodic() {
        return period != 0;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(deadline - eventLoop().time(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        if (other == this) {
            return 0;
        }
        if (other instanceof LoopExecutorTask<?> t && t.view.loop() == view.loop()) {
            return Long.compare(deadline - t.deadline, 0); // the loop clock may wrap: compare differences
        }
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public String toString() {
        return "task " + work + (period > 0 ? " at a fixed rate" : period < 0 ? " with a fixed delay" : "")
                + " of " + view + ": " + super.toString();
    }
}
