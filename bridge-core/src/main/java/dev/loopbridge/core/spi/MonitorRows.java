package dev.loopbridge.core.spi;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopStats;

/**
 * What a loop monitor shows (the JavaFX and Swing {@code LoopMonitor}s): rows of a label and a
 * value, computed from two {@link LoopStats} snapshots taken {@code elapsed} apart. Pure: any thread.
 *
 * <pre>{@code
 * List<MonitorRows.Row> rows = MonitorRows.of(before, loop.stats(), Duration.ofMillis(500));
 * }</pre>
 */
public final class MonitorRows {

    /** One line of a monitor: what it is, and its value formatted for a person. */
    public record Row(String label, String value) {
    }

    /** The labels, in the order {@link #of} returns the rows. */
    public static final List<String> LABELS = List.of("Lag p50 / p99 (last 10 s)", "Lag p99 (lifetime)",
            "Ticks / s", "Callbacks / s", "Pending callbacks / timers", "Timer lateness p99", "Longest tick",
            "Stalls (longest)");

    private MonitorRows() {
    }

    /**
     * The rows for {@code now}, with rates over {@code elapsed} since {@code before} (null: no
     * rates yet, shown as "-").
     */
    public static List<Row> of(LoopStats before, LoopStats now, Duration elapsed) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(elapsed, "elapsed");
        double seconds = elapsed.toNanos() / 1e9;
        boolean rates = before != null && seconds > 0;
        return List.of(
                new Row(LABELS.get(0), millis(now.recentLagP50()) + " / " + millis(now.recentLagP99())),
                new Row(LABELS.get(1), millis(now.lagP99())),
                new Row(LABELS.get(2), rates ? rate((now.ticks() - before.ticks()) / seconds) : "-"),
                new Row(LABELS.get(3), rates ? rate((now.callbacksRun() - before.callbacksRun()) / seconds) : "-"),
                new Row(LABELS.get(4), now.pendingCallbacks() + " / " + now.pendingTimers()),
                new Row(LABELS.get(5), millis(now.timerLatenessP99())),
                new Row(LABELS.get(6), millis(now.longestTick())),
                new Row(LABELS.get(7), now.stalls() + (now.stalls() == 0 ? "" : " (" + millis(now.longestStall()) + ")")));
    }

    /**
     * Takes a loop's stats each time it is asked and turns them into rows, with rates over the time
     * since the last sample. Used by one thread at a time (a monitor's toolkit thread).
     */
    public static final class Sampler {
        private final EventLoop loop;
        private LoopStats last;
        private long lastAt;

        /** A sampler of {@code loop}'s stats. */
        public Sampler(EventLoop loop) {
            this.loop = Objects.requireNonNull(loop, "loop");
        }

        /** The rows for the loop's stats now. */
        public List<Row> next() {
            long now = System.nanoTime();
            LoopStats stats = loop.stats();
            List<Row> rows = of(last, stats, Duration.ofNanos(now - lastAt));
            last = stats;
            lastAt = now;
            return rows;
        }
    }

    private static String millis(Duration d) {
        double ms = d.toNanos() / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.0f ms", ms);
    }

    private static String rate(double perSecond) {
        return perSecond >= 10_000 ? String.format(Locale.ROOT, "%,.0f k", perSecond / 1000)
                : String.format(Locale.ROOT, "%,.0f", perSecond);
    }
}
