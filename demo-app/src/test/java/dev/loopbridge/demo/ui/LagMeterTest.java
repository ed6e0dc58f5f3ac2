package dev.loopbridge.demo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.testing.TestEventLoop;

/** The status bar's loop lag: the worst lateness of the last few heartbeats, on virtual time. */
class LagMeterTest {

    private final TestEventLoop loop = TestEventLoop.create();
    private final LoopScope scope = loop.newScope();
    private final List<Duration> shown = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void beatsComeEveryPeriodAndShowNoLagOnAnIdleLoop() {
        new LagMeter(loop, scope, Duration.ofMillis(500), 3, shown::add);
        loop.advance(Duration.ofMillis(1_999));
        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO), shown);
    }

    @Test
    void aLateBeatShowsUntilItLeavesTheWindow() {
        LagMeter meter = new LagMeter(loop, scope, Duration.ofMillis(500), 3, shown::add);
        long ms = 1_000_000;
        List<Duration> worst = List.of(0L, 40 * ms, 2 * ms, 1 * ms, 3 * ms, -5L).stream().map(meter::record).toList();
        assertEquals(List.of(Duration.ZERO, Duration.ofMillis(40), Duration.ofMillis(40), Duration.ofMillis(40),
                Duration.ofMillis(3), Duration.ofMillis(3)), worst);
    }

    @Test
    void closingTheScopeStopsTheBeats() {
        new LagMeter(loop, scope, Duration.ofMillis(500), 3, shown::add);
        loop.advance(Duration.ofMillis(1_000));
        scope.close();
        loop.advance(Duration.ofMillis(5_000));
        assertEquals(2, shown.size());
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LagMeter(loop, scope, Duration.ofMillis(500), 0, shown::add));
    }
}
