package dev.loopbridge.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.event.Level;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.tck.CapturedLog;

/** The monitor shows a loop's figures, and refreshes only while it is in a scene. */
@ExtendWith(ApplicationExtension.class)
class LoopMonitorTest {

    private EventLoop fx;
    private StackPane root;

    @Start
    void start(Stage stage) {
        fx = FxEventLoop.shared(); // the toolkit runs from here on
        root = new StackPane();
        stage.setScene(new Scene(root, 300, 200));
        stage.show();
    }

    @Test
    void itShowsTheStallsAndTheRatesOfTheLoopItWatches() {
        String name = "monitored-" + System.nanoTime();
        try (EventLoop watched = EventLoops.newDefault(LoopOptions.defaults().withName(name)
                .withStallThreshold(Duration.ofMillis(100)))) {
            LoopMonitor monitor = fx.runUntilComplete(fx.submit(() -> {
                LoopMonitor m = new LoopMonitor(watched);
                m.refresh();
                return m;
            }));
            List<String> first = fx.runUntilComplete(fx.submit(monitor::shownValues));
            assertEquals("-", first.get(3), "no rate before a second snapshot");
            assertEquals("0", first.get(7), "no stalls yet");

            watched.runUntilComplete(watched.submit(() -> CapturedLog.await(e -> e.level() == Level.WARN
                    && e.message().startsWith("Loop '" + name + "' stalled:"), "the stall warning")));
            CapturedLog.await(e -> e.message().startsWith("Loop '" + name + "' stall over"), "the end of the stall");
            List<String> second = fx.runUntilComplete(fx.submit(() -> {
                monitor.refresh();
                return monitor.shownValues();
            }));
            assertNotEquals("-", second.get(3), "callbacks per second after a second snapshot");
            assertTrue(second.get(7).startsWith("1 ("), "one stall and its length: " + second.get(7));
            assertFalse(fx.runUntilComplete(fx.submit(monitor::isRefreshing)), "refreshing outside a scene");
        }
    }

    @Test
    void itRefreshesWhileInASceneAndStopsWhenRemoved() {
        LoopMonitor monitor = fx.runUntilComplete(fx.submit(() -> new LoopMonitor(fx)));
        assertTrue(fx.runUntilComplete(fx.submit(() -> {
            root.getChildren().add(monitor);
            return monitor.isRefreshing();
        })), "not refreshing in a scene");
        assertFalse(fx.runUntilComplete(fx.submit(() -> {
            root.getChildren().remove(monitor);
            return monitor.isRefreshing();
        })), "still refreshing after leaving the scene");
    }

    @Test
    void refreshOffTheFxThreadIsRefused() {
        LoopMonitor monitor = fx.runUntilComplete(fx.submit(() -> new LoopMonitor(fx)));
        IllegalStateException e = assertThrows(IllegalStateException.class, monitor::refresh);
        assertTrue(e.getMessage().contains("JavaFX Application Thread"), e.getMessage());
    }
}
