package dev.loopbridge.benchmarks.e2e;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * The charts of {@code RESULTS.md}: horizontal JavaFX bar charts rendered off screen (headless on Monocle) with
 * {@code Scene.snapshot}, written as PNG through {@code ImageIO} (the snapshot's pixels copied into
 * a {@code BufferedImage}; no javafx-swing needed). The main thread starts the toolkit once; the
 * charts are built and snapshotted on the FX thread.
 */
final class Charts {

    /** The chart files, without ".png". */
    static final List<String> NAMES = List.of("dispatch-throughput", "dispatch-latency-p99", "timer-lateness",
            "tcp-echo", "tcp-pingpong", "frame-gaps", "websocket-echo", "websocket-echo-16");

    private static final double MISSING = 0;

    private Charts() {
    }

    static void render(Map<String, String> f, Path dir) throws Exception {
        Files.createDirectories(dir);
        UiToolkit.startFx();
        UiToolkit.call(Platform::runLater, () -> {
            String[][] d = Report.dispatchers();
            BarChart<Number, String> c = chart("Dispatch throughput (million callbacks/s, higher is better)");
            c.getData().add(series("", d, k -> val(f, k[0] + ".dispatch." + k[1] + ".rate") / 1e6));
            save(c, dir.resolve("dispatch-throughput.png"));

            c = chart("Dispatch latency p99 from another thread (us, lower is better)");
            c.getData().add(series("idle", d, k -> val(f, k[0] + ".latency.idle." + k[1] + ".p99")));
            c.getData().add(series("under load", d, k -> val(f, k[0] + ".latency.load." + k[1] + ".p99")));
            save(c, dir.resolve("dispatch-latency-p99.png"));

            String[][] t = Report.timerContenders();
            c = chart("Lateness of 10 ms timers (ms, lower is better)");
            c.getData().add(series("p50", t, k -> val(f, k[0] + ".timer." + k[1] + ".p50")));
            c.getData().add(series("p99", t, k -> val(f, k[0] + ".timer." + k[1] + ".p99")));
            save(c, dir.resolve("timer-lateness.png"));

            String[][] n = Report.netContenders();
            c = chart("TCP echo over loopback, 64 KiB writes (MiB/s, higher is better)");
            c.getData().add(series("", n, k -> val(f, "net.echo." + k[0] + ".rate")));
            save(c, dir.resolve("tcp-echo.png"));
            c = chart("TCP ping-pong over loopback, 1 byte (round trips/s, higher is better)");
            c.getData().add(series("", n, k -> val(f, "net.pingpong." + k[0] + ".rate")));
            save(c, dir.resolve("tcp-pingpong.png"));

            String[][] gaps = {{"fx.dispatch.loopbridge.gap", "FX dispatch: FxEventLoop"},
                {"fx.dispatch.runlater.gap", "FX dispatch: runLater"}, {"fx.dispatch.kotlin.gap", "FX dispatch: Kotlin"},
                {"swing.dispatch.loopbridge.gap", "Swing dispatch: SwingEventLoop"},
                {"swing.dispatch.invokelater.gap", "Swing dispatch: invokeLater"},
                {"swing.dispatch.kotlin.gap", "Swing dispatch: Kotlin"}, {"net.echo.lb-fx.gap", "echo on the FX loop"},
                {"net.pingpong.lb-fx.gap", "ping-pong on the FX loop"}, {"conn.lb-fx.gap", "10k connections, FX loop"}};
            c = chart("Longest frame gap (ms; target < 33 ms for LoopBridge)");
            XYChart.Series<Number, String> s = new XYChart.Series<>();
            s.setName("");
            for (String[] g : gaps) {
                s.getData().add(new XYChart.Data<>(val(f, g[0]), g[1]));
            }
            c.getData().add(s);
            save(c, dir.resolve("frame-gaps.png"));

            String[][] ws = WsSection.CONTENDERS;
            for (String[] run : new String[][] {{"ws", "1 message in flight", "websocket-echo"},
                {"ws16", "16 messages in flight", "websocket-echo-16"}}) {
                c = chart("WebSocket echo over loopback, " + run[1] + " (thousand messages/s, higher is better)");
                c.getData().add(series("64 B", ws, k -> val(f, run[0] + ".64B." + k[0] + ".rate") / 1e3));
                c.getData().add(series("64 KiB", ws, k -> val(f, run[0] + ".64KiB." + k[0] + ".rate") / 1e3));
                save(c, dir.resolve(run[2] + ".png"));
            }
            return null;
        });
        System.out.println("wrote the charts in " + dir);
    }

    /** Reads a figure for a bar. */
    @FunctionalInterface
    private interface Bar {
        double of(String[] contender);
    }

    private static double val(Map<String, String> f, String key) {
        try {
            double x = Double.parseDouble(f.getOrDefault(key, ""));
            return Double.isFinite(x) ? x : MISSING;
        } catch (NumberFormatException e) {
            return MISSING;
        }
    }

    private static BarChart<Number, String> chart(String title) {
        BarChart<Number, String> c = new BarChart<>(new NumberAxis(), new CategoryAxis());
        c.setTitle(title);
        c.setAnimated(false);
        c.setPadding(new Insets(10));
        return c;
    }

    private static XYChart.Series<Number, String> series(String name, String[][] contenders, Bar bar) {
        XYChart.Series<Number, String> s = new XYChart.Series<>();
        s.setName(name);
        for (String[] k : contenders) {
            String label = k.length > 2 ? k[0] + ": " + k[2] : k[1];
            s.getData().add(new XYChart.Data<>(bar.of(k), label));
        }
        return s;
    }

    private static void save(BarChart<Number, String> chart, Path file) throws Exception {
        chart.setLegendVisible(chart.getData().size() > 1);
        int bars = chart.getData().get(0).getData().size() * chart.getData().size();
        Scene scene = new Scene(chart, 1000, 140 + 26 * Math.max(bars, 6));
        WritableImage image = scene.snapshot(null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        png.setRGB(0, 0, w, h, argb, 0, w);
        if (!ImageIO.write(png, "png", file.toFile())) {
            throw new IllegalStateException("no PNG writer in ImageIO");
        }
    }
}
