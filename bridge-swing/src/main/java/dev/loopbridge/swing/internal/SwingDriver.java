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

    @Override
    public void post(Runnable tick) {
        EventQueue.invokeLater(tick);
    }

    @Override
    public boolean isLoopThread() {
        return EventQueue.isDispatchThread();
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
