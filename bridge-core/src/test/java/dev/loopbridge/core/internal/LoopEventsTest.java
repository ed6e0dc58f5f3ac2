package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

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
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * The loop's Flight Recorder events, recorded with debug mode off and read back with
 * {@code jdk.jfr.consumer}, as JDK Mission Control would show them.
 */
class LoopEventsTest {

    /**
     * Real time, since what is recorded is how long the thread took: on a loaded machine any
     * callback may be descheduled past the 20 ms slow-callback threshold, or past the 100 ms stall
     * threshold (the 30 ms one was seen taking 540 ms at load 15, and be reported as the stall).
     * So the callbacks this test makes slow and stuck are told apart from the rest by their classes
     * (the stuck one is made again, after any stall before it is over, until the stall reported
     * shows its own stack), and other events are allowed but must still respect the thresholds.
     */
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
                loop.execute(new BusyFor30Ms()); // a slow callback: over the settings' 20 ms
                loop.runUntilComplete(loop.submit(() -> null));
                // A stall the machine causes, the thread descheduled in a tick before it reaches the
                // callback, is reported with the stack it had then: once it is over (the loop idle), a
                // callback in a new tick is stuck again, until a report shows one stuck where it was made to be.
                long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
                CapturedLog.Event stalled;
                do {
                    assertTrue(System.nanoTime() - deadline < 0, "no stall reported in the stuck callback within "
                            + TestTimeouts.TIMEOUT);
                    if (stallGoingOn(name, CapturedLog.events())) {
                        CapturedLog.await(e -> !stallGoingOn(name, CapturedLog.events()), "the end of a stall");
                    }
                    int since = CapturedLog.events().size();
                    stalled = loop.runUntilComplete(loop.submit(new StuckUntilAStallIsLogged(name, since)));
                } while (!stalled.message().contains(StuckUntilAStallIsLogged.class.getName()));
                int reported = indexOf(stalled);
                CapturedLog.await(e -> e.level() == Level.WARN && e.message().startsWith("Loop '" + name + "' stall over")
                        && indexOf(e) > reported, "the end of the stall");
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
        // Any callback the machine held up may be here too, but none under the settings' threshold.
        slow.forEach(e -> assertTrue(e.getDuration().toMillis() >= 20, "under the 20 ms threshold: " + e));
        List<RecordedEvent> busy = named(slow, BusyFor30Ms.class);
        assertEquals(1, busy.size(), "SlowCallback events: " + slow);
        assertTrue(busy.get(0).getDuration().toMillis() >= 30, "the busy callback took " + busy.get(0).getDuration());
        assertTrue(busy.get(0).getString("callback").startsWith("callback " + BusyFor30Ms.class.getName()),
                "the slow callback is named: " + busy.get(0).getString("callback"));

        List<RecordedEvent> stalls = of(events, "dev.loopbridge.Stall");
        // The busy callback, descheduled long enough, is a stall too; none is shorter than the threshold allows.
        stalls.forEach(e -> assertTrue(e.getLong("stalledFor") >= Duration.ofMillis(50).toNanos(), "too short: " + e));
        List<RecordedEvent> ours = stalls.stream()
                .filter(e -> e.getString("stack").contains(StuckUntilAStallIsLogged.class.getName())).toList();
        assertEquals(1, ours.size(), "Stall events: " + stalls);
        RecordedEvent stall = ours.get(0);
        assertTrue(stall.getBoolean("inLoop"), stall.toString());
        assertTrue(stall.getString("stack").contains("CapturedLog.await"), stall.getString("stack"));
    }

    /** A callback that spins for 30 ms, named by its class in the SlowCallback event. */
    private static final class BusyFor30Ms implements Runnable {
        @Override
        public void run() {
            LoopFixture.busy(Duration.ofMillis(30));
        }
    }

    /**
     * A callback that does not return until the loop's stall watch reports a stall begun after the
     * first {@code since} log events (its tick's, whether the thread was then in it or not yet), and
     * returns that report.
     */
    private static final class StuckUntilAStallIsLogged implements Callable<CapturedLog.Event> {
        private final String loopName;
        private final int since;

        StuckUntilAStallIsLogged(String loopName, int since) {
            this.loopName = loopName;
            this.since = since;
        }

        @Override
        public CapturedLog.Event call() {
            return CapturedLog.await(e -> e.level() == Level.WARN && e.message().startsWith("Loop '" + loopName + "' stalled")
                    && indexOf(e) >= since, "a stall warning");
        }
    }

    /** Whether the last stall of the loop {@code name} that {@code log} tells of has not ended. */
    private static boolean stallGoingOn(String name, List<CapturedLog.Event> log) {
        boolean going = false;
        for (CapturedLog.Event e : log) {
            if (e.level() == Level.WARN && e.message().startsWith("Loop '" + name + "' stalled")) {
                going = true;
            } else if (e.level() == Level.WARN && e.message().startsWith("Loop '" + name + "' stall over")) {
                going = false;
            }
        }
        return going;
    }

    /** Where {@code event} is in the log (by identity), or -1. */
    private static int indexOf(CapturedLog.Event event) {
        List<CapturedLog.Event> log = CapturedLog.events();
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i) == event) {
                return i;
            }
        }
        return -1;
    }

    private static List<RecordedEvent> named(List<RecordedEvent> slow, Class<?> type) {
        return slow.stream().filter(e -> e.getString("callback").contains(type.getName())).toList();
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).toList();
    }
}
