package dev.loopbridge.swing;

import java.awt.EventQueue;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.EventLoopTck;

/** The whole TCK against loops on the Swing Event Dispatch Thread (java.awt.headless=true). */
class SwingLoopTckTest extends EventLoopTck {

    @Override
    protected EventLoop createLoop(LoopOptions options) {
        return SwingEventLoop.create(options);
    }

    @Override
    public boolean testThreadIsLoopThread() {
        return false;
    }

    @Override
    public boolean supportsNestedLoops() {
        return true;
    }

    @Override
    public boolean postToolkitEvent(Runnable task) {
        EventQueue.invokeLater(task);
        return true;
    }
}
