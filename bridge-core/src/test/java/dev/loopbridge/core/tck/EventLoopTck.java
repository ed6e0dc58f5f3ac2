package dev.loopbridge.core.tck;

import dev.loopbridge.core.EventLoop;

/**
 * The contract every {@link EventLoop} passes. A loop implementation's test extends this class
 * and says how to make a loop ({@link LoopsUnderTest}); it then runs every contract below against it:
 *
 * <pre>{@code
 * class DefaultLoopTckTest extends EventLoopTck {
 *     protected EventLoop createLoop(LoopOptions options) { return EventLoops.newDefault(options); }
 *     public boolean testThreadIsLoopThread() { return false; }
 *     public boolean supportsNestedLoops() { return false; }
 * }
 * }</pre>
 */
public abstract class EventLoopTck extends LoopsUnderTest implements SchedulingContract, TimerContract,
        FutureContract, ScopeContract, ErrorContract, CloseContract, DebugContract, StatsContract, ReentrancyContract,
        TcpContract, StreamContract, TlsContract, DatagramContract, WatchContract, AsyncContract, StallContract,
        SubprocessContract, ExecutorServiceContract, ExecutorServiceLifecycleContract, FaultContract,
        ThreadRuleContract {
}
