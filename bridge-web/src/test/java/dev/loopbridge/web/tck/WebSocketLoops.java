package dev.loopbridge.web.tck;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;

/**
 * The loop under test for the WebSocket contracts: made before each test by the subclass, closed
 * after it with every other loop the test made. Test thread.
 */
public abstract class WebSocketLoops implements WebSocketSupport {

    private final List<EventLoop> loops = new ArrayList<>();
    private EventLoop loop;

    /** Makes a loop of the kind under test. Called on the test thread. */
    protected abstract EventLoop createLoop(LoopOptions options);

    @BeforeEach
    void createLoopUnderTest() {
        loop = newLoop(options().withName("websocket-tck"));
    }

    @AfterEach
    void closeLoops() {
        for (EventLoop l : loops) {
            l.close();
        }
        loops.clear();
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
