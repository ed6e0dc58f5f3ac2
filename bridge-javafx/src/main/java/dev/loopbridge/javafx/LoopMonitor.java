package dev.loopbridge.javafx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.core.spi.MonitorRows;

/**
 * A small live view of a loop for an application's debug panel: its lag (recent and lifetime),
 * ticks and callbacks per second, what is pending, timer lateness, the longest tick and the stalls
 * (see the README's "Why did my window freeze?"). Create and use it on the JavaFX Application
 * Thread; the loop it shows may be any loop ({@link EventLoop#stats()} is thread-safe).
 *
 * <pre>{@code
 * LoopMonitor monitor = new LoopMonitor(FxEventLoop.shared());
 * debugPane.getChildren().add(monitor);      // refreshes twice a second while it is in a scene
 * }</pre>
 *
 * <p>It refreshes every {@link #PERIOD} on the FX loop's timers while it is in a scene, and stops
 * when it leaves it: a monitor nobody shows costs nothing.
 */
public final class LoopMonitor extends GridPane {

    /** How often the values are refreshed while the monitor is shown. */
    public static final Duration PERIOD = Duration.ofMillis(500);

    private final MonitorRows.Sampler sampler;
    private final List<Label> values = new ArrayList<>();
    private TimerHandle next;

    /** A monitor of {@code loop}. FX thread. */
    public LoopMonitor(EventLoop loop) {
        this.sampler = new MonitorRows.Sampler(loop);
        getStyleClass().add("loop-monitor");
        setHgap(12);
        setVgap(2);
        for (int i = 0; i < MonitorRows.LABELS.size(); i++) {
            Label value = new Label("-");
            value.setId("loop-monitor-value-" + i);
            values.add(value);
            addRow(i, new Label(MonitorRows.LABELS.get(i)), value);
        }
        sceneProperty().addListener((o, was, is) -> {
            if (is == null) {
                stop();
            } else if (next == null) {
                refresh();
            }
        });
    }

    /** Reads the loop's stats now and shows them; while in a scene, schedules the next refresh. FX thread. */
    public void refresh() {
        FxAsync.requireFxThread("LoopMonitor.refresh");
        List<MonitorRows.Row> rows = sampler.next();
        for (int i = 0; i < rows.size(); i++) {
            values.get(i).setText(rows.get(i).value());
        }
        stop();
        if (getScene() != null) {
            next = FxEventLoop.shared().callLater(PERIOD, this::refresh);
        }
    }

    /** The values shown, in the order of {@link MonitorRows#LABELS}. FX thread. */
    public List<String> shownValues() {
        return values.stream().map(Label::getText).toList();
    }

    /** Whether a refresh is scheduled (the monitor is in a scene). FX thread. */
    public boolean isRefreshing() {
        return next != null;
    }

    private void stop() {
        if (next != null) {
            next.cancel();
            next = null;
        }
    }
}
