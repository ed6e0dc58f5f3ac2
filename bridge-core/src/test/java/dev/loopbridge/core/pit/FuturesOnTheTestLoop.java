package dev.loopbridge.core.pit;

import dev.loopbridge.core.tck.DebugContract;
import dev.loopbridge.core.tck.FutureContract;

/**
 * The future contract (LoopFuture) on the test loop, with the debug contract (a failed future
 * nobody observed is reported), for mutation testing only. Test thread.
 */
class FuturesOnTheTestLoop extends TestLoopSuite implements FutureContract, DebugContract {
}
