package dev.loopbridge.core.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Debug mode's check that an {@code Async.await} about to suspend holds no monitor taken inside
 * the body ({@code synchronized}): on JDK 24 and later the JDK suspends the continuation with the
 * monitor still held, so every other thread that wants it blocks until the body resumes (JDK 21
 * refuses to suspend instead). Loop thread, inside a body.
 *
 * <p>It asks the JVM for the current thread's locked monitors through
 * {@code java.lang.management} (an optional module: without it the check is skipped), about
 * 0.1 ms per suspending await; hence debug mode only.
 */
final class MonitorCheck {

    private static final ThreadMXBean THREADS = threads();

    private MonitorCheck() {
    }

    private static ThreadMXBean threads() {
        if (ModuleLayer.boot().findModule("java.management").isEmpty()
                && MonitorCheck.class.getModule().isNamed()) {
            return null; // on the module path without java.management: no check
        }
        try {
            ThreadMXBean t = ManagementFactory.getThreadMXBean();
            return t.isObjectMonitorUsageSupported() ? t : null;
        } catch (LinkageError | SecurityException e) {
            return null;
        }
    }

    /**
     * Throws if the body holds a monitor that it took itself.
     *
     * @throws IllegalStateException naming the monitor and the frame that holds it
     */
    static void checkNoneHeld() {
        if (THREADS == null) {
            return;
        }
        ThreadInfo info = THREADS.getThreadInfo(new long[] {Thread.currentThread().threadId()}, true, false)[0];
        if (info == null || info.getLockedMonitors().length == 0) {
            return;
        }
        StackTraceElement[] frames = info.getStackTrace();
        int bodyStart = frames.length;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().equals(AsyncBody.class.getName())
                    && frames[i].getMethodName().equals("runBody")) {
                bodyStart = i; // the innermost body's first frame: deeper ones are not suspended
                break;
            }
        }
        for (MonitorInfo m : info.getLockedMonitors()) {
            if (m.getLockedStackDepth() >= 0 && m.getLockedStackDepth() < bodyStart) {
                throw new IllegalStateException("Async.await would suspend the body while it holds"
                        + " the monitor of " + m + " (taken in " + m.getLockedStackFrame() + "): the"
                        + " monitor would stay held until the body resumes, blocking every other"
                        + " thread that synchronizes on it. Leave the synchronized block before the"
                        + " await (this check runs in debug mode)");
            }
        }
    }
}
