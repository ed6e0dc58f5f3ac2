package dev.loopbridge.demo.ui;

import java.time.Duration;
import java.util.function.Consumer;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.TimerHandle;

/**
 * The loop lag a status bar shows: how late a heartbeat timer fires, the worst of the last few
 * beats. Unlike the lag percentiles of {@code LoopStats}, which cover the loop's whole life (a slow
 * start-up would dominate them for minutes), it says how the loop does now. Loop thread.
 */
public final class LagMeter {

    private final EventLoop loop;
    private final Duration period;
    private final long[] recent;
    private final Consumer<Duration> onBeat;
    private int next;
    private int filled;
    private long due;
    private TimerHandle timer;

    /**
     * Starts beating every {@code period} on {@code loop}; after each beat {@code onBeat} gets the
     * worst lateness of the last {@code window} beats. Stops when {@code scope} closes.
     */
    public LagMeter(EventLoop loop, LoopScope scope, Duration period, int window, Consumer<Duration> onBeat) {
        if (window < 1) {
            throw new IllegalArgumentException("window: " + window + " (expected: >= 1)");
        }
        this.loop = loop;
        this.period = period;
        this.recent = new long[window];
        this.onBeat = onBeat;
        schedule(loop.time());
        scope.onClose(() -> timer.cancel());
    }

    private void schedule(long now) {
        due = now + period.toNanos();
        timer = loop.callLater(period, this::beat);
    }

    private void beat() {
        long now = loop.time();
        Duration worst = record(now - due);
        schedule(now);
        onBeat.accept(worst);
    }

    /** Adds one beat's lateness; returns the worst of the window. */
    Duration record(long lateNanos) {
        recent[next] = Math.max(0, lateNanos);
        next = (next + 1) % recent.length;
        filled = Math.min(filled + 1, recent.length);
        long worst = 0;
        for (int i = 0; i < filled; i++) {
            worst = Math.max(worst, recent[i]);
        }
        return Duration.ofNanos(worst);
    }
}
