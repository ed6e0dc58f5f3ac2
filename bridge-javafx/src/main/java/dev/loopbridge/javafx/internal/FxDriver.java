package dev.loopbridge.javafx.internal;

import java.util.function.LongConsumer;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;

import dev.loopbridge.core.spi.LoopDriver;

/**
 * Runs a LoopBridge loop on the JavaFX Application Thread: ticks go through
 * {@link Platform#runLater}, nested waits through {@link Platform#enterNestedEventLoop}, and pulses
 * are reported through an {@link AnimationTimer} while the loop watches frames. Any thread;
 * {@link #watchFrames} acts on the JavaFX Application Thread only, and does nothing elsewhere.
 */
public final class FxDriver implements LoopDriver {

    private final Thread fxThread;

    /** Reports pulses while the loop watches frames; null otherwise. FX thread only. */
    private AnimationTimer pulses;

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

    /**
     * Reports each pulse's start, the {@code now} every {@code AnimationTimer} of the pulse is
     * given: the master timer reads it before any animation runs, so an application's own
     * animations do not make the pulse look later than it began. While it runs, the timer keeps
     * pulses coming as any animation does (a pulse with nothing to draw costs little); the loop
     * watches frames only while a backlog lasts, and for half a second after it.
     */
    @Override
    public void watchFrames(LongConsumer frames) {
        if (!isLoopThread()) {
            return; // the loop closes after the toolkit has exited: no timer runs any more
        }
        if (pulses != null) {
            pulses.stop();
            pulses = null;
        }
        if (frames != null) {
            pulses = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    frames.accept(now);
                }
            };
            pulses.start();
        }
    }

    /** JavaFX draws its scenes in pulses, 60 a second unless configured otherwise. */
    @Override
    public boolean reportsFrames() {
        return true;
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
