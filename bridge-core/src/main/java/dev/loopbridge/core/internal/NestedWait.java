package dev.loopbridge.core.internal;

import dev.loopbridge.core.spi.LoopDriver;

/**
 * One {@code runUntilComplete} waiting on the loop thread in a nested toolkit loop. Loop thread
 * only. The awaited future may complete, and call {@link #exit}, before {@link #enter} — then the
 * nested loop is never entered; and the loop's close may exit it early. The driver's
 * {@code exit} is called at most once, and only after {@code enter}.
 */
final class NestedWait {

    private final LoopDriver.NestedLoop loop;
    private boolean entered;
    private boolean exited;

    NestedWait(LoopDriver.NestedLoop loop) {
        this.loop = loop;
    }

    /** Runs the nested loop until {@link #exit}; returns at once if that already happened. */
    void enter() {
        if (!exited) {
            entered = true;
            loop.enter();
        }
    }

    /** Ends the wait. */
    void exit() {
        if (!exited) {
            exited = true;
            if (entered) {
                loop.exit();
            }
        }
    }
}
