package dev.loopbridge.javafx;

import javafx.application.Platform;

import org.junit.jupiter.api.BeforeAll;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.EventLoopTck;

/** The whole TCK against loops on the JavaFX Application Thread (headless, on Monocle). */
class FxLoopTckTest extends EventLoopTck {

    @BeforeAll
    static void startToolkit() {
        FxTestToolkit.start();
    }

    @Override
    protected EventLoop createLoop(LoopOptions options) {
        return FxEventLoop.create(options);
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
        Platform.runLater(task);
        return true;
    }
}
