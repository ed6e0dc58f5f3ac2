package dev.loopbridge.core.pit;

import dev.loopbridge.core.tck.TcpContract;

/**
 * The TCP contract (SocketTransport, WriteBuffer) on the test loop, for mutation testing only. Test thread.
 */
class TcpOnTheTestLoop extends TestLoopSuite implements TcpContract {
}
