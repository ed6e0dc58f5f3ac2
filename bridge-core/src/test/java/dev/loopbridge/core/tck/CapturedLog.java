package dev.loopbridge.core.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of the tests: it keeps every log event in memory so tests can assert on what
 * the library logged (and, with {@code -Dloopbridge.test.printLog=true}, prints WARN and ERROR). Registered through
 * {@code META-INF/services}; shipped in the TCK test-jar so every module's tests use it.
 */
public final class CapturedLog implements SLF4JServiceProvider {

    /** One logged event. */
    public record Event(Level level, String logger, String message, Throwable error) {
    }

    private static final List<Event> EVENTS = new CopyOnWriteArrayList<>();

    /** Prints WARN and ERROR events to stderr too, with -Dloopbridge.test.printLog=true. */
    private static final boolean PRINT = Boolean.getBoolean("loopbridge.test.printLog");

    private final ILoggerFactory factory = Capturing::new;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Every event logged so far, oldest first. */
    public static List<Event> events() {
        return new ArrayList<>(EVENTS);
    }

    /** Forgets the events logged so far. */
    public static void clear() {
        EVENTS.clear();
    }

    /**
     * Waits until an event that {@code match} accepts has been logged (or was already), and returns
     * it; fails the test after {@link TestTimeouts#TIMEOUT}. Any thread.
     */
    public static Event await(Predicate<Event> match, String what) {
        long end = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        synchronized (EVENTS) {
            for (;;) {
                for (Event e : EVENTS) {
                    if (match.test(e)) {
                        return e;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("not logged within " + TestTimeouts.TIMEOUT + ": " + what);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(EVENTS, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + what, e);
                }
            }
        }
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    private static final class Capturing extends AbstractLogger {
        private static final long serialVersionUID = 1L;

        Capturing(String name) {
            this.name = name;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
                Object[] arguments, Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            EVENTS.add(new Event(level, name, message, throwable));
            synchronized (EVENTS) {
                EVENTS.notifyAll();
            }
            if (PRINT && level.compareTo(Level.WARN) <= 0) {
                System.err.println("[" + level + "] " + name + ": " + message);
                if (throwable != null) {
                    throwable.printStackTrace();
                }
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return true;
        }
    }
}
