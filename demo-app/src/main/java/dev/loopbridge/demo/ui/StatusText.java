package dev.loopbridge.demo.ui;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import dev.loopbridge.demo.client.ConnectionState;

/** The status bar's texts. Pure functions; any thread. */
public final class StatusText {

    private StatusText() {
    }

    /** {@code connected to host:port as nick}, {@code reconnecting...}, and so on. */
    public static String connection(ConnectionState state, String where, String nick) {
        return switch (state) {
            case DISCONNECTED -> "not connected";
            case CONNECTING -> "connecting to " + where + "...";
            case REGISTERING -> "registering with " + where + "...";
            case CONNECTED -> "connected to " + where + " as " + nick;
            case WAITING -> "disconnected from " + where + "; reconnecting...";
            case CLOSED -> "closed";
        };
    }

    /** {@code server lag 3 ms}, or a dash before the first measurement. */
    public static String serverLag(Optional<Duration> lag) {
        return "server lag " + lag.map(StatusText::millis).orElse("–");
    }

    /** {@code loop lag 0.3 ms}: the worst recent lateness a {@link LagMeter} measured. */
    public static String loopLag(Duration recentWorst) {
        return "loop lag " + millis(recentWorst);
    }

    /** {@code 3 pending} when lines wait, otherwise empty. */
    public static String pending(int count) {
        return count == 0 ? "" : count + " pending";
    }

    /** A duration in milliseconds, with one decimal below 10 ms. */
    public static String millis(Duration d) {
        double ms = d.toNanos() / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : Math.round(ms) + " ms";
    }
}
