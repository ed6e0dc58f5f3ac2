package dev.loopbridge.core.pit;

import dev.loopbridge.core.tck.SchedulingContract;
import dev.loopbridge.core.tck.TimerContract;

/**
 * The timer and scheduling contracts (TimerTask, CallbackTask) on the test loop, for mutation
 * testing only. Test thread.
 */
class TimersOnTheTestLoop extends TestLoopSuite implements TimerContract, SchedulingContract {
}
