package dev.loopbridge.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The stall probe: what part of a stall falls in a span, and a real probe held up by a signal. */
class MachineStallsTest {

    private static final long MS = 1_000_000;

    @Test
    void aSpanCountsTheLongestPartOfOneStallInsideIt() {
        MachineStalls stalls = new MachineStalls(null);
        stalls.add(10 * MS, 40 * MS);
        stalls.add(100 * MS, 112 * MS);
        assertEquals(30.0, stalls.overlap(0, 200 * MS), 1e-9);
        assertEquals(10.0, stalls.overlap(30 * MS, 105 * MS), 1e-9, "40 - 30 beats 105 - 100");
        assertEquals(7.0, stalls.overlap(105 * MS, 200 * MS), 1e-9, "the stall under way as the span began");
        assertEquals(0.0, stalls.overlap(50 * MS, 90 * MS), 1e-9, "no stall inside");
    }

    /**
     * Stops the probe's process for a while (SIGSTOP, the way a host takes a virtual CPU away) and
     * asks for the span: the probe must report a stall at least as long as the stop.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aProbeHeldUpByTheMachineReportsTheStall() throws Exception {
        long held = 80 * MS;
        try (MachineStalls stalls = MachineStalls.start()) {
            long pid = stalls.pid();
            long from = System.nanoTime();
            signal("-STOP", pid);
            long stopped = System.nanoTime();
            // The stop's length is the stimulus, not a wait for a result: the process stays stopped for it.
            while (System.nanoTime() - stopped < held) {
                LockSupport.parkNanos(held);
            }
            signal("-CONT", pid);
            long to = System.nanoTime();
            double longest = stalls.longest(from, to);
            assertTrue(longest >= (held - MachineStalls.NAP_NANOS) / 1e6,
                    "the probe, stopped for " + held / MS + " ms of a " + (to - from) / MS + " ms span, reported a"
                            + " longest stall of " + longest + " ms");
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill " + signal + " " + pid);
    }
}
