package dev.loopbridge.swing;

import java.awt.GridLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.swing.JLabel;
import javax.swing.JPanel;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.core.spi.MonitorRows;

/**
 * A small live view of a loop for an application's debug panel: its lag (recent and lifetime),
 * ticks and callbacks per second, what is pending, timer lateness, the longest tick and the stalls
 * (see the README's "Why did my window freeze?"). Create and use it on the Event Dispatch Thread;
 * the loop it shows may be any loop ({@link EventLoop#stats()} is thread-safe).
 *
 * <pre>{@code
 * LoopMonitor monitor = new LoopMonitor(SwingEventLoop.shared());
 * debugPanel.add(monitor);                   // refreshes twice a second while it is displayable
 * }</pre>
 *
 * <p>It refreshes every {@link #PERIOD} on the Swing loop's timers while it is displayable (in a
 * window that has been packed or shown), and stops when it is removed: a monitor nobody shows costs
 * nothing.
 */
public final class LoopMonitor extends JPanel {

    private static final long serialVersionUID = 1L;

    /** How often the values are refreshed while the monitor is shown. */
    public static final Duration PERIOD = Duration.ofMillis(500);

    private final transient MonitorRows.Sampler sampler;
    private final transient List<JLabel> values = new ArrayList<>();
    private transient TimerHandle next;

    /** A monitor of {@code loop}. EDT. */
    public LoopMonitor(EventLoop loop) {
        super(new GridLayout(0, 2, 12, 2));
        this.sampler = new MonitorRows.Sampler(loop);
        for (int i = 0; i < MonitorRows.LABELS.size(); i++) {
            JLabel value = new JLabel("-");
            value.setName("loop-monitor-value-" + i);
            values.add(value);
            add(new JLabel(MonitorRows.LABELS.get(i)));
            add(value);
        }
    }

    @Override
    public void addNotify() {
        super.addNotify();
        if (next == null) {
            refresh();
        }
    }

    @Override
    public void removeNotify() {
        stop();
        super.removeNotify();
    }

    /** Reads the loop's stats now and shows them; while displayable, schedules the next refresh. EDT. */
    public void refresh() {
        SwingAsync.requireEdt("LoopMonitor.refresh");
        List<MonitorRows.Row> rows = sampler.next();
        for (int i = 0; i < rows.size(); i++) {
            values.get(i).setText(rows.get(i).value());
        }
        stop();
        if (isDisplayable()) {
            next = SwingEventLoop.shared().callLater(PERIOD, this::refresh);
        }
    }

    /** The values shown, in the order of {@link MonitorRows#LABELS}. EDT. */
    public List<String> shownValues() {
        return values.stream().map(JLabel::getText).toList();
    }

    /** Whether a refresh is scheduled (the monitor is displayable). EDT. */
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
