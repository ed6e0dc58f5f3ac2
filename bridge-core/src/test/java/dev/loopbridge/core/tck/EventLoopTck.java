package dev.loopbridge.core.tck;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;

/**
 * The contract every {@link EventLoop} passes. A loop implementation's test extends this class
 * and says how to make a loop; it then runs every contract below against it:
 *
 * <pre>{@code
 * class DefaultLoopTckTest extends EventLoopTck {
 *     protected EventLoop createLoop(LoopOptions options) { return EventLoops.newDefault(options); }
 *     public boolean testThreadIsLoopThread() { return false; }
 *     public boolean supportsNestedLoops() { return false; }
 * }
 * }</pre>
 */
public abstract class EventLoopTck implements SchedulingContract, TimerContract, FutureContract,
        ScopeContract, ErrorContract, CloseContract, DebugContract, StatsContract, ReentrancyContract,
        TcpContract, StreamContract, TlsContract, DatagramContract, WatchContract, AsyncContract, StallContract,
        FaultContract, ThreadRuleContract {

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
