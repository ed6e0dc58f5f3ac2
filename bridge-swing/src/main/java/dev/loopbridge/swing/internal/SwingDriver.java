package dev.loopbridge.swing.internal;

import java.awt.EventQueue;
import java.awt.SecondaryLoop;
import java.awt.Toolkit;

import dev.loopbridge.core.spi.LoopDriver;

/**
 * Runs a LoopBridge loop on the Swing Event Dispatch Thread: ticks go through
 * {@link EventQueue#invokeLater}, nested waits through a {@link SecondaryLoop}. Whichever thread
 * is the EDT now counts (AWT may replace it after an idle shutdown); the driver never makes one of
 * its own. Any thread.
 */
public final class SwingDriver implements LoopDriver {

    /** AWT's dispatch thread class: only a thread of it can be the EDT. Null if the JDK has none such. */
    private static final Class<?> DISPATCH_THREAD_CLASS = dispatchThreadClass();

    /**
     * The thread last found to be the EDT. NOTE: AWT ends an EDT thread when it replaces it, so a
     * thread that was the EDT and is running this code still is.
     */
    private volatile Thread edt;

    private static Class<?> dispatchThreadClass() {
        try {
            return Class.forName("java.awt.EventDispatchThread", false, EventQueue.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    @Override
    public void post(Runnable tick) {
        EventQueue.invokeLater(tick);
    }

    /**
     * {@code EventQueue.isDispatchThread()} takes the event queue's lock, which the EDT holds as it
     * posts and takes events: asked by every {@code dispatch} of a Kotlin coroutine from a worker
     * thread, it halved the dispatch rate. The EDT is remembered, and another thread is asked about
     * only if it is one of AWT's dispatch threads (a new EDT).
     */
    @Override
    public boolean isLoopThread() {
        Thread t = Thread.currentThread();
        if (t == edt) {
            return true;
        }
        if (DISPATCH_THREAD_CLASS != null && t.getClass() != DISPATCH_THREAD_CLASS) {
            return false;
        }
        boolean is = EventQueue.isDispatchThread();
        if (is) {
            edt = t;
        }
        return is;
    }

    @Override
    public String threadName() {
        return "the Swing Event Dispatch Thread";
    }

    @Override
    public NestedLoop newNestedLoop() {
        SecondaryLoop secondary = Toolkit.getDefaultToolkit().getSystemEventQueue().createSecondaryLoop();
        return new NestedLoop() {
            @Override
            public void enter() {
                secondary.enter();
            }

            @Override
            public void exit() {
                secondary.exit();
            }
        };
    }
}
