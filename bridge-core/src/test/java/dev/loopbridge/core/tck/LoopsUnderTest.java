package dev.loopbridge.core.tck;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;

/**
 * The loops a contract suite runs on: the loop under test, made by the subclass before each test,
 * and every other loop the test makes, all closed after it. {@link EventLoopTck} and the contract
 * suites of other modules (bridge-web's WebSocket TCK) build on it. Test thread.
 */
public abstract class LoopsUnderTest implements LoopFixture {

    private final List<EventLoop> loops = new ArrayList<>();
    private EventLoop loop;

    /** Makes a loop of the kind under test. Called on the test thread. */
    protected abstract EventLoop createLoop(LoopOptions options);

    @BeforeEach
    void createLoopUnderTest() {
        CapturedLog.clear();
        loop = newLoop(options());
    }

    @AfterEach
    void closeLoops() {
        for (EventLoop l : loops) {
            l.close();
        }
        loops.clear();
        afterLoopsClosed();
    }

    /** Releases what {@link #createLoop} set up besides the loops, once they are all closed. */
    protected void afterLoopsClosed() {
    }

    @Override
    public final EventLoop loop() {
        return loop;
    }

    @Override
    public final EventLoop newLoop(LoopOptions options) {
        EventLoop l = createLoop(options);
        loops.add(l);
        return l;
    }
}
