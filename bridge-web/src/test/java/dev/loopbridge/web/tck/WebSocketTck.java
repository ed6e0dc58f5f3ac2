package dev.loopbridge.web.tck;

import dev.loopbridge.core.tck.LoopsUnderTest;

/**
 * Every WebSocket contract, for a loop that runs in real time. A loop's test extends this and
 * says how to make the loop, as with the core TCK's {@code EventLoopTck}:
 *
 * <pre>{@code
 * class DefaultLoopWebSocketTest extends WebSocketTck {
 *     protected EventLoop createLoop(LoopOptions options) { return EventLoops.newDefault(options); }
 *     public boolean testThreadIsLoopThread() { return false; }
 *     public boolean supportsNestedLoops() { return false; }
 * }
 * }</pre>
 */
public abstract class WebSocketTck extends LoopsUnderTest implements WebSocketContract, WebSocketTimeoutContract,
        StaticFilesContract, AcceptedConnectionContract {
}
