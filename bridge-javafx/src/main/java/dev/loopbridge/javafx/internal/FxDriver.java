package dev.loopbridge.javafx.internal;

import javafx.application.Platform;

import dev.loopbridge.core.spi.LoopDriver;

/**
 * Runs a LoopBridge loop on the JavaFX Application Thread: ticks go through
 * {@link Platform#runLater}, nested waits through {@link Platform#enterNestedEventLoop}. Any thread.
 */
public final class FxDriver implements LoopDriver {

    private final Thread fxThread;

    /** @param fxThread the JavaFX Application Thread, to tell whether it is still alive */
    public FxDriver(Thread fxThread) {
        this.fxThread = fxThread;
    }

    @Override
    public void post(Runnable tick) {
        try {
            Platform.runLater(tick);
        } catch (IllegalStateException toolkitGone) {
            // The toolkit has exited: no tick will run again, and the exit watcher closes the loop.
        }
    }

    @Override
    public boolean isLoopThread() {
        return Thread.currentThread() == fxThread;
    }

    @Override
    public String threadName() {
        return "the JavaFX Application Thread";
    }

    @Override
    public boolean isAlive() {
        return fxThread.isAlive();
    }

    @Override
    public NestedLoop newNestedLoop() {
        if (!Platform.canStartNestedEventLoop()) {
            throw new IllegalStateException("runUntilComplete cannot wait on the JavaFX Application Thread now:"
                    + " JavaFX forbids nested event loops during animation or layout processing. Chain the rest"
                    + " of the work on the future (thenAccept, whenComplete) instead");
        }
        return new NestedLoop() {
            @Override
            public void enter() {
                Platform.enterNestedEventLoop(this);
            }

            @Override
            public void exit() {
                Platform.exitNestedEventLoop(this, null);
            }
        };
    }
}
