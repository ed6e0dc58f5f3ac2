package dev.loopbridge.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts, per benchmark thread and iteration, the waits in which a contender left submitted work
 * unrun for longer than {@link Fixtures#STALL_MILLIS} ms. JMH reports the count next to the score,
 * as the secondary result {@code stalls} (summed over threads and iterations); any stall makes
 * {@link PeerComparison} exit with status 1. Only its own JMH benchmark thread touches an instance.
 *
 * <p>A batch normally completes in well under a millisecond, so a stall of the default 100 ms is a
 * scheduling bug, not noise: a throughput that includes stalls is the contender's throughput with that bug, and the
 * count says how often it struck (see {@link Fixtures#await}).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class StallCounter {

    /** Stalled waits in this iteration. */
    public long stalls;

    @Setup(Level.Iteration)
    public void reset() {
        stalls = 0;
    }
}
