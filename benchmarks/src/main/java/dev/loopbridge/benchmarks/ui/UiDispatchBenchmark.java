package dev.loopbridge.benchmarks.ui;

import java.awt.EventQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.swing.Timer;

import javafx.animation.AnimationTimer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.javafx.FxEventLoop;
import dev.loopbridge.swing.SwingEventLoop;

/**
 * Dispatch onto the UI thread, LoopBridge against the toolkit's own mechanism, in one run:
 *
 * <ul>
 *   <li>JavaFX: 1,000,000 no-op callbacks posted from a background thread through
 *       {@link FxEventLoop} and through {@code Platform.runLater} — throughput, and the longest gap
 *       between pulses while they drain; {@code callLater(10 ms)} lateness against
 *       {@code PauseTransition}.</li>
 *   <li>Swing: the same million through {@code SwingEventLoop} and {@code EventQueue.invokeLater};
 *       {@code callLater(10 ms)} lateness against {@code javax.swing.Timer}.</li>
 * </ul>
 *
 * JavaFX runs headless on Monocle. Each throughput figure is the median of {@code ROUNDS} measured
 * rounds after a warm-up round. Writes {@code benchmarks/results/ui-dispatch.md}.
 */
public final class UiDispatchBenchmark {

    private static final int CALLBACKS = 1_000_000;
    private static final int ROUNDS = Integer.getInteger("rounds", 3);
    private static final int TIMERS = Integer.getInteger("timers", 300);
    private static final Duration DELAY = Duration.ofMillis(10);

    private UiDispatchBenchmark() {
    }

    /** A way to post a callback to the UI thread. */
    @FunctionalInterface
    interface Poster {
        void post(Runnable r);
    }

    record Throughput(double perSecond, double longestGapMillis, int pulses) {
    }

    record Lateness(double p50Millis, double p99Millis, double maxMillis) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("glass.platform", System.getProperty("glass.platform", "Monocle"));
        System.setProperty("monocle.platform", System.getProperty("monocle.platform", "Headless"));
        System.setProperty("prism.order", System.getProperty("prism.order", "sw"));
        Path out = Path.of(args.length > 0 ? args[0] : "benchmarks/results/ui-dispatch.md");
        StringBuilder report = new StringBuilder();
        report.append("# UI dispatch: LoopBridge against the toolkits' own mechanisms\n\n");
        report.append(String.format("%s, JDK %s, %d cores; %d callbacks per round, median of %d rounds after a warm-up;"
                + " %d timers of %d ms each.%n%n", LocalDate.now(), Runtime.version(),
                Runtime.getRuntime().availableProcessors(), CALLBACKS, ROUNDS, TIMERS, DELAY.toMillis()));
        fx(report);
        swing(report);
        System.out.println(report);
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        Platform.exit();
        System.exit(0);
    }

    // ---- JavaFX ----

    private static void fx(StringBuilder report) throws Exception {
        CompletableFuture<Void> up = new CompletableFuture<>();
        Platform.startup(() -> up.complete(null));
        up.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
        PulseRecorder pulses = !Boolean.parseBoolean(System.getProperty("pulses", "true")) ? null : onFx(() -> {
            Stage stage = new Stage();
            stage.setScene(new Scene(new Label("benchmark"), 200, 100));
            stage.show();
            PulseRecorder r = new PulseRecorder();
            r.start();
            return r;
        });
        EventLoop loop = FxEventLoop.create();
        Throughput lb = throughput(loop::execute, pulses);
        Throughput raw = throughput(Platform::runLater, pulses);
        Lateness lbLate = lateness(done -> onFxRun(() -> {
            long due = System.nanoTime() + DELAY.toNanos();
            loop.callLater(DELAY, () -> done.accept(System.nanoTime() - due));
        }));
        Lateness pauseLate = lateness(done -> onFxRun(() -> {
            long due = System.nanoTime() + DELAY.toNanos();
            PauseTransition p = new PauseTransition(javafx.util.Duration.millis(DELAY.toMillis()));
            p.setOnFinished(e -> done.accept(System.nanoTime() - due));
            p.play();
        }));
        loop.close();
        report.append("## JavaFX (Monocle, headless)\n\n");
        report.append("| dispatch of 1,000,000 no-op callbacks | callbacks/s | ratio | longest pulse gap | pulses |\n");
        report.append("|---|---:|---:|---:|---:|\n");
        row(report, "FxEventLoop (execute)", lb, lb.perSecond() / raw.perSecond());
        row(report, "Platform.runLater", raw, 1.0);
        report.append("\n| timer of 10 ms | lateness p50 | p99 | max |\n|---|---:|---:|---:|\n");
        lateRow(report, "FxEventLoop.callLater", lbLate);
        lateRow(report, "PauseTransition", pauseLate);
        report.append('\n');
    }

    /** Records the time of every pulse, on the FX thread. */
    static final class PulseRecorder extends AnimationTimer {
        private long[] times = new long[1 << 16];
        private int count;

        @Override
        public void handle(long now) {
            if (count == times.length) {
                times = Arrays.copyOf(times, count * 2);
            }
            times[count++] = System.nanoTime();
        }

        /** The pulses between {@code from} and {@code to}, and the longest gap between them (bounds included). */
        double[] gapsBetween(long from, long to) {
            long[] t = times;
            int n = count;
            long previous = from;
            long longest = 0;
            int inside = 0;
            for (int i = 0; i < n; i++) {
                if (t[i] < from || t[i] > to) {
                    continue;
                }
                inside++;
                longest = Math.max(longest, t[i] - previous);
                previous = t[i];
            }
            longest = Math.max(longest, to - previous);
            return new double[] {longest / 1e6, inside};
        }
    }

    private static Throughput throughput(Poster poster, PulseRecorder pulses) throws Exception {
        round(poster, pulses); // warm-up
        List<Throughput> rounds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            rounds.add(round(poster, pulses));
        }
        rounds.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
        return rounds.get(rounds.size() / 2);
    }

    private static Throughput round(Poster poster, PulseRecorder pulses) throws Exception {
        System.gc();
        CountDownLatch last = new CountDownLatch(1);
        long[] end = new long[1];
        Runnable noop = () -> { };
        long start = System.nanoTime();
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < CALLBACKS; i++) {
                poster.post(noop);
            }
            poster.post(() -> {
                end[0] = System.nanoTime();
                last.countDown();
            });
        });
        if (!last.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a round did not finish within 300 s");
        }
        producer.join();
        double seconds = (end[0] - start) / 1e9;
        double[] gaps = pulses == null ? new double[] {Double.NaN, 0} : onFx(() -> pulses.gapsBetween(start, end[0]));
        return new Throughput(CALLBACKS / seconds, gaps[0], (int) gaps[1]);
    }

    private static Lateness lateness(Consumer<Consumer<Long>> startTimer) throws Exception {
        long[] late = new long[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            CompletableFuture<Long> fired = new CompletableFuture<>();
            startTimer.accept(fired::complete);
            late[i] = fired.get(10, TimeUnit.SECONDS);
        }
        Arrays.sort(late);
        return new Lateness(late[TIMERS / 2] / 1e6, late[(int) Math.ceil(TIMERS * 0.99) - 1] / 1e6, late[TIMERS - 1] / 1e6);
    }

    private static <T> T onFx(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    private static void onFxRun(Runnable task) {
        Platform.runLater(task);
    }

    // ---- Swing ----

    private static void swing(StringBuilder report) throws Exception {
        EventLoop loop = SwingEventLoop.create();
        Throughput lb = throughput(loop::execute, null);
        Throughput raw = throughput(EventQueue::invokeLater, null);
        Lateness lbLate = lateness(done -> EventQueue.invokeLater(() -> {
            long due = System.nanoTime() + DELAY.toNanos();
            loop.callLater(DELAY, () -> done.accept(System.nanoTime() - due));
        }));
        Lateness timerLate = lateness(done -> EventQueue.invokeLater(() -> {
            long due = System.nanoTime() + DELAY.toNanos();
            Timer t = new Timer((int) DELAY.toMillis(), e -> done.accept(System.nanoTime() - due));
            t.setRepeats(false);
            t.start();
        }));
        loop.close();
        report.append("## Swing (EDT)\n\n");
        report.append("| dispatch of 1,000,000 no-op callbacks | callbacks/s | ratio |\n|---|---:|---:|\n");
        report.append(String.format(Locale.ROOT, "| SwingEventLoop (execute) | %,.0f | %.1fx |%n", lb.perSecond(),
                lb.perSecond() / raw.perSecond()));
        report.append(String.format(Locale.ROOT, "| EventQueue.invokeLater | %,.0f | 1.0x |%n", raw.perSecond()));
        report.append("\n| timer of 10 ms | lateness p50 | p99 | max |\n|---|---:|---:|---:|\n");
        lateRow(report, "SwingEventLoop.callLater", lbLate);
        lateRow(report, "javax.swing.Timer", timerLate);
        report.append('\n');
    }

    private static void row(StringBuilder b, String name, Throughput t, double ratio) {
        b.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1fx | %.1f ms | %d |%n", name, t.perSecond(), ratio,
                t.longestGapMillis(), t.pulses()));
    }

    private static void lateRow(StringBuilder b, String name, Lateness l) {
        b.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms |%n", name, l.p50Millis(), l.p99Millis(),
                l.maxMillis()));
    }
}
