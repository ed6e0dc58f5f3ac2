package dev.loopbridge.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.CapturedLog;

/**
 * The monitor shows a loop's figures (headless: not displayable, so it refreshes only when asked;
 * the window tests show it in a frame).
 */
class LoopMonitorTest {

    private final EventLoop edt = SwingEventLoop.shared();

    @Test
    void itShowsTheStallsAndTheRatesOfTheLoopItWatches() {
        String name = "monitored-" + System.nanoTime();
        try (EventLoop watched = EventLoops.newDefault(LoopOptions.defaults().withName(name)
                .withStallThreshold(Duration.ofMillis(100)))) {
            LoopMonitor monitor = edt.runUntilComplete(edt.submit(() -> {
                LoopMonitor m = new LoopMonitor(watched);
                m.refresh();
                return m;
            }));
            List<String> first = edt.runUntilComplete(edt.submit(monitor::shownValues));
            assertEquals("-", first.get(3), "no rate before a second snapshot");
            assertEquals("0", first.get(7), "no stalls yet");

            watched.runUntilComplete(watched.submit(() -> CapturedLog.await(e -> e.level() == Level.WARN
                    && e.message().startsWith("Loop '" + name + "' stalled:"), "the stall warning")));
            CapturedLog.await(e -> e.message().startsWith("Loop '" + name + "' stall over"), "the end of the stall");
            List<String> second = edt.runUntilComplete(edt.submit(() -> {
                monitor.refresh();
                return monitor.shownValues();
            }));
            assertNotEquals("-", second.get(3), "callbacks per second after a second snapshot");
            assertTrue(second.get(7).startsWith("1 ("), "one stall and its length: " + second.get(7));
            assertFalse(edt.runUntilComplete(edt.submit(monitor::isRefreshing)), "refreshing while not displayable");
        }
    }

    @Test
    void refreshOffTheEdtIsRefused() {
        LoopMonitor monitor = edt.runUntilComplete(edt.submit(() -> new LoopMonitor(edt)));
        IllegalStateException e = assertThrows(IllegalStateException.class, monitor::refresh);
        assertTrue(e.getMessage().contains("Event Dispatch Thread"), e.getMessage());
    }
}
