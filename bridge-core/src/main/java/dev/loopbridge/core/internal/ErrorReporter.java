package dev.loopbridge.core.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.ExceptionHandler;

/**
 * Routes errors to the loop's {@link ExceptionHandler} and holds the debug settings.
 * {@link #report} runs on the loop thread; the setters may be called from any thread.
 */
final class ErrorReporter {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    /** The handler used when the application sets none: SLF4J, ERROR level, with the context. */
    static final ExceptionHandler DEFAULT_HANDLER =
            (loop, error, context) -> LOG.error("{} (on {})", context, loop, error);

    private volatile ExceptionHandler handler = DEFAULT_HANDLER;
    private volatile boolean debug;
    private final long slowNanos;
    private EventLoop loop;

    ErrorReporter(boolean debug, Duration slowThreshold) {
        this.debug = debug;
        this.slowNanos = slowThreshold.toNanos();
    }

    void bind(EventLoop owner) {
        this.loop = owner;
    }

    void setHandler(ExceptionHandler h) {
        handler = h == null ? DEFAULT_HANDLER : h;
    }

    boolean debug() {
        return debug;
    }

    void setDebug(boolean on) {
        debug = on;
    }

    /** Captures where something is being scheduled, in debug mode only. Any thread. */
    Throwable originIfDebug() {
        return debug ? new Throwable("scheduled here") : null;
    }

    /**
     * Hands an error to the handler. Loop thread. Never throws: a handler that fails is logged, and
     * if even logging fails (no memory, no descriptors to load a class) the report is dropped
     * rather than the loop thread killed.
     */
    void report(Throwable error, String context) {
        try {
            handler.handle(loop, error, context);
        } catch (Throwable handlerFailure) {
            try {
                handlerFailure.addSuppressed(error);
                LOG.error("The exception handler of {} threw while handling: {}", loop, context, handlerFailure);
            } catch (Throwable loggingFailure) {
                // Nothing is left to tell; the loop must go on.
            }
        }
    }

    /** Reports a callback that threw, naming where it was scheduled if known. Loop thread. */
    void callbackFailed(Task task, Throwable error) {
        report(error, "Exception in " + task.describe() + scheduledAt(task.origin()));
    }

    /** Logs a callback slower than the debug threshold. Loop thread, debug mode. */
    void checkSlow(Task task, long nanos) {
        if (nanos > slowNanos) {
            LOG.warn("Executing {} took {} ms (slow-callback threshold {} ms){}", task.describe(),
                    TimeUnit.NANOSECONDS.toMillis(nanos), TimeUnit.NANOSECONDS.toMillis(slowNanos),
                    scheduledAt(task.origin()));
        }
    }

    /**
     * Formats the first application frames of an origin: the frames outside LoopBridge's
     * internals and the JDK, which say where the user scheduled the work.
     */
    static String scheduledAt(Throwable origin) {
        if (origin == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(", scheduled at ");
        int shown = 0;
        for (StackTraceElement frame : origin.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("dev.loopbridge.core.internal.") || c.startsWith("java.")
                    || c.startsWith("jdk.") || c.equals("dev.loopbridge.core.LoopFuture")) {
                continue;
            }
            out.append(shown == 0 ? "" : " <- ").append(frame);
            if (++shown == 3) {
                break;
            }
        }
        return shown == 0 ? "" : out.toString();
    }
}
