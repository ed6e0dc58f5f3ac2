package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.loopbridge.core.TimerHandle;

/**
 * A timer and its {@link TimerHandle}. Created on any thread; lives in the {@link TimerHeap},
 * which only the loop thread touches; cancelled from any thread.
 *
 * <p>A timer scheduled off the loop thread travels to it through the ready queue (it is its own
 * queue node) and enters the heap there. A timer cancelled off the loop thread after it entered
 * the heap travels the same way once more, to be taken out of the heap in O(log n).
 */
final class TimerTask extends Task implements TimerHandle {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TimerTask.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final int HOPPING = 0;
    static final int SCHEDULED = 1;
    static final int FIRED = 2;
    static final int CANCELLED = 3;

    /**
     * HOPPING (in the ready queue, on its way to the heap) -> SCHEDULED (in the heap, loop thread)
     * -> FIRED (taken from the heap as due, loop thread). Either of the first two may instead go
     * to CANCELLED ({@link #cancel}, any thread); a cancelled SCHEDULED timer stays in the heap
     * until the loop thread removes it. A timer created on the loop thread starts SCHEDULED.
     */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    private final Scheduler scheduler;
    private final Runnable action;
    private final Throwable origin;
    final long deadline;

    /** Breaks deadline ties in scheduling order. Loop thread only, set on entering the heap. */
    long seq;

    /** Position in the heap, or -1 when not in it. Loop thread only. */
    int heapIndex = -1;

    TimerTask(Scheduler scheduler, long deadline, Runnable action, Throwable origin, int initialState) {
        this.scheduler = scheduler;
        this.deadline = deadline;
        this.action = action;
        this.origin = origin;
        STATE.set(this, initialState);
    }

    /** Runs as a queue node: enters the heap, or leaves it after a cancel from another thread. */
    @Override
    boolean run() {
        if (heapIndex >= 0) {
            scheduler.removeTimer(this);
        } else if (STATE.compareAndSet(this, HOPPING, SCHEDULED)) {
            scheduler.addTimer(this);
        }
        return false;
    }

    /** Fires the timer unless it was cancelled; returns whether it ran. Loop thread, out of the heap. */
    boolean fire() {
        if (STATE.compareAndSet(this, SCHEDULED, FIRED)) {
            action.run();
            return true;
        }
        return false;
    }

    @Override
    public long when() {
        return deadline;
    }

    @Override
    public boolean cancel() {
        if (STATE.compareAndSet(this, HOPPING, CANCELLED)) {
            return true; // the queue node will find it cancelled and drop it
        }
        if (!STATE.compareAndSet(this, SCHEDULED, CANCELLED)) {
            return false;
        }
        if (scheduler.inLoop()) {
            scheduler.removeTimer(this);
        } else {
            scheduler.offerTimerHop(this); // the loop wakes by this deadline anyway: no hurry
        }
        return true;
    }

    @Override
    public boolean isCancelled() {
        return (int) STATE.getVolatile(this) == CANCELLED;
    }

    /**
     * Cancels a timer the closing loop took out of its heap; tells its action, if the action
     * completes a future, so that the future is cancelled rather than left pending forever.
     */
    void cancelForClose() {
        if (STATE.compareAndSet(this, SCHEDULED, CANCELLED) && action instanceof LoopClosing closing) {
            closing.loopClosing();
        }
    }

    @Override
    Throwable origin() {
        return origin;
    }

    @Override
    String describe() {
        return "timer " + action;
    }

    @Override
    public String toString() {
        String[] names = {"hopping", "scheduled", "fired", "cancelled"};
        return "TimerHandle[" + action + ", when=" + deadline + ", "
                + names[(int) STATE.getVolatile(this)] + "]";
    }

    /** An action that completes something which must not stay pending when the loop closes. */
    interface LoopClosing {
        void loopClosing();
    }
}
