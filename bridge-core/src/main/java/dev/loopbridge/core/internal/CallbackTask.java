package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.loopbridge.core.Handle;

/**
 * A user callback from {@code callSoon}, {@code execute} or {@code submit}, and its
 * {@link Handle}. Created on any thread; run on the loop thread; cancelled from any thread.
 */
sealed class CallbackTask extends Task implements Handle permits CallbackTask.Traced {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CallbackTask.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int PENDING = 0;
    private static final int STARTED = 1;
    private static final int CANCELLED = 2;

    /**
     * PENDING -> STARTED (the loop thread, as it runs the callback) or PENDING -> CANCELLED
     * ({@link #cancel}, any thread). Exactly one of the two wins, so a cancel that returns true
     * guarantees the callback never runs.
     */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    private final Runnable action;

    /**
     * Returns the node for {@code action}; {@code origin} is where it was scheduled, captured in
     * debug mode only (else null). Without one the node is 32 bytes, the whole allocation of a
     * callSoon: the origin's field lives in a subclass that only debug mode pays for.
     */
    static CallbackTask of(Runnable action, Throwable origin) {
        return origin == null ? new CallbackTask(action) : new Traced(action, origin);
    }

    private CallbackTask(Runnable action) {
        this.action = action;
    }

    /** A callback scheduled in debug mode, which carries where it was scheduled. */
    static final class Traced extends CallbackTask {
        private final Throwable origin;

        private Traced(Runnable action, Throwable origin) {
            super(action);
            this.origin = origin;
        }

        @Override
        Throwable origin() {
            return origin;
        }
    }

    @Override
    boolean run() {
        if (STATE.compareAndSet(this, PENDING, STARTED)) {
            action.run();
            return true;
        }
        return false;
    }

    @Override
    boolean isCallback() {
        return true;
    }

    @Override
    public boolean cancel() {
        return STATE.compareAndSet(this, PENDING, CANCELLED);
    }

    @Override
    public boolean isCancelled() {
        return (int) STATE.getVolatile(this) == CANCELLED;
    }

    @Override
    String describe() {
        return "callback " + action;
    }

    @Override
    public String toString() {
        int s = (int) STATE.getVolatile(this);
        return "Handle[" + action + (s == PENDING ? ", pending]" : s == STARTED ? ", started]" : ", cancelled]");
    }
}
