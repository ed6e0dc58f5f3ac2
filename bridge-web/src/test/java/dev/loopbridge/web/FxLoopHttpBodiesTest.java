package dev.loopbridge.web;

import org.junit.jupiter.api.BeforeAll;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.LoopsUnderTest;
import dev.loopbridge.javafx.FxEventLoop;

/** {@link HttpBodiesContract} on a loop on the JavaFX Application Thread (headless Monocle, see the pom). */
class FxLoopHttpBodiesTest extends LoopsUnderTest implements HttpBodiesContract {

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkitStart.start();
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
}
