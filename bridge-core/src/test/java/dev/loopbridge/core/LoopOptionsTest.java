package dev.loopbridge.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoopOptionsTest {

    @Test
    void defaultsAreAnEightMillisecondBudgetAndAHundredMillisecondSlowThreshold() {
        LoopOptions o = LoopOptions.defaults();
        assertEquals(Duration.ofMillis(8), o.tickBudget());
        assertEquals(Duration.ofMillis(100), o.slowCallbackThreshold());
        assertEquals(null, o.blockingExecutor());
        assertEquals(Duration.ofMillis(200), o.stallThreshold());
    }

    @Test
    void badValuesAreRejectedWithTheValueAndTheRule() {
        IllegalArgumentException budget = assertThrows(IllegalArgumentException.class,
                () -> LoopOptions.defaults().withTickBudget(Duration.ZERO));
        assertEquals("tickBudget: PT0S (expected: > 0)", budget.getMessage());
        IllegalArgumentException slow = assertThrows(IllegalArgumentException.class,
                () -> LoopOptions.defaults().withSlowCallbackThreshold(Duration.ofMillis(-1)));
        assertEquals("slowCallbackThreshold: PT-0.001S (expected: > 0)", slow.getMessage());
        IllegalArgumentException stall = assertThrows(IllegalArgumentException.class,
                () -> LoopOptions.defaults().withStallThreshold(Duration.ZERO));
        assertEquals("stallThreshold: PT0S (expected: > 0)", stall.getMessage());
        assertEquals(Duration.ofSeconds(1), LoopOptions.defaults().withStallThreshold(Duration.ofSeconds(1)).stallThreshold());
        assertThrows(IllegalArgumentException.class, () -> LoopOptions.defaults().withName(" "));
        assertThrows(NullPointerException.class, () -> LoopOptions.defaults().withName(null));
    }

    @Test
    void theDebugPropertyTurnsDebugOnForNewLoops() {
        String old = System.getProperty("loopbridge.debug");
        System.setProperty("loopbridge.debug", "true");
        try (EventLoop loop = EventLoops.newDefault()) {
            assertEquals(true, loop.isDebug());
        } finally {
            if (old == null) {
                System.clearProperty("loopbridge.debug");
            } else {
                System.setProperty("loopbridge.debug", old);
            }
        }
    }
}
