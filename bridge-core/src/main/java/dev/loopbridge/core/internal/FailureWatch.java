package dev.loopbridge.core.internal;

import java.lang.ref.Cleaner;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;

/**
 * Debug mode's check for failed futures nobody looked at: attached to a future when it is created,
 * it records a failure, is told when something observes the future, and when the future is
 * garbage collected reports a failure that was never observed. It holds no reference to the
 * future, so the future can be collected. Any thread; the report reaches the loop thread.
 */
public final class FailureWatch implements BiConsumer<Object, Throwable>, Runnable {

    private static final class Holder {
        static final Cleaner CLEANER = Cleaner.create(r -> {
            Thread t = new Thread(r, "loopbridge-debug-cleaner");
            t.setDaemon(true);
            return t;
        });
    }

    private final BaseEventLoop loop;
    private final Throwable created;
    private volatile Throwable failure;
    private volatile boolean observed;

    /**
     * Set by {@link #register}, in the constructor of the future, which reaches the watch through a
     * final field: every thread that sees the future sees it set.
     */
    private boolean registered;

    private FailureWatch(BaseEventLoop loop) {
        this.loop = loop;
        this.created = new Throwable("future created here");
    }

    /** Returns a watch for a new future of {@code loop}, or null if the loop is not in debug mode. */
    public static FailureWatch forNewFuture(Object loop) {
        return loop instanceof BaseEventLoop b && b.isDebug() ? new FailureWatch(b) : null;
    }

    /** Starts watching: reports the failure after {@code future} is collected, if not observed. */
    public void register(Object future) {
        Holder.CLEANER.register(future, this);
        registered = true;
    }

    /** Whether {@link #register} ran: until then the future's constructor is still attaching the watch. */
    public boolean isRegistered() {
        return registered;
    }

    /** Something looked at the future's outcome, or attached a dependent. */
    public void observed() {
        observed = true;
    }

    /** The future completed; a failure other than a cancellation is remembered. */
    @Override
    public void accept(Object value, Throwable error) {
        if (error != null && !(error instanceof CancellationException)) {
            failure = error;
        }
    }

    /** The future was collected. Cleaner thread. */
    @Override
    public void run() {
        Throwable f = failure;
        if (f != null && !observed) {
            loop.report(f, "A LoopFuture failed and nothing observed the failure (no join, get or"
                    + " dependent stage)" + ErrorReporter.scheduledAt(created).replace("scheduled", "created"));
        }
    }
}
