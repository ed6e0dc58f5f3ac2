package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.CapturedLog;
import dev.loopbridge.core.tck.LoopFixture;

/**
 * The loop's Flight Recorder events, recorded with debug mode off and read back with
 * {@code jdk.jfr.consumer}, as JDK Mission Control would show them.
 */
class LoopEventsTest {

    @Test
    void ticksSlowCallbacksAndStallsAreRecorded() throws Exception {
        String name = "jfr-" + System.nanoTime();
        Path file = Files.createTempFile("loopbridge", ".jfr");
        try (Recording recording = new Recording(Configuration.create(Path.of("../docs/loopbridge.jfc")))) {
            recording.enable("dev.loopbridge.Tick").withThreshold(Duration.ZERO);
            recording.start();
            try (EventLoop warmUp = EventLoops.newDefault(LoopOptions.defaults().withName("jfr-warm-up"))) {
                // The first event of each kind makes the recorder load and instrument its class: a
                // stall of its own on a busy machine, kept out of the loop measured below.
                warmUp.runUntilComplete(warmUp.submit(() -> null));
            }
            try (EventLoop loop = EventLoops.newDefault(LoopOptions.defaults().withName(name)
                    .withStallThreshold(Duration.ofMillis(100)))) {
                loop.execute(() -> LoopFixture.busy(Duration.ofMillis(30))); // a slow callback: over the settings' 20 ms
                loop.runUntilComplete(loop.submit(() -> null));
                loop.runUntilComplete(loop.submit(() -> CapturedLog.await(e -> e.level() == Level.WARN
                        && e.message().startsWith("Loop '" + name + "' stalled:"), "the stall warning")));
                CapturedLog.await(e -> e.level() == Level.WARN && e.message().startsWith("Loop '" + name + "' stall over"),
                        "the end of the stall");
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> name.equals(e.getString("loop"))).toList();
        Files.delete(file);

        List<RecordedEvent> ticks = of(events, "dev.loopbridge.Tick");
        assertFalse(ticks.isEmpty(), "no Tick events");
        assertTrue(ticks.stream().anyMatch(t -> t.getLong("callbacks") >= 1), "no tick ran a callback");

        List<RecordedEvent> slow = of(events, "dev.loopbridge.SlowCallback");
        // The 30 ms callback, and the stuck one (the stall below) since it took over 20 ms too.
        assertEquals(2, slow.size(), "SlowCallback events: " + slow);
        assertTrue(slow.get(0).getDuration().toMillis() >= 30, "the first took " + slow.get(0).getDuration());
        assertTrue(slow.get(0).getString("callback").startsWith("callback dev.loopbridge.core.internal.LoopEventsTest"),
                "the slow callback is named: " + slow.get(0).getString("callback"));

        List<RecordedEvent> stalls = of(events, "dev.loopbridge.Stall");
        assertEquals(1, stalls.size(), "Stall events: " + stalls);
        RecordedEvent stall = stalls.get(0);
        assertTrue(stall.getBoolean("inLoop"));
        assertTrue(stall.getLong("stalledFor") >= Duration.ofMillis(50).toNanos(), "stalled for " + stall.getLong("stalledFor"));
        assertTrue(stall.getString("stack").contains("CapturedLog.await"), stall.getString("stack"));
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).toList();
    }
}
