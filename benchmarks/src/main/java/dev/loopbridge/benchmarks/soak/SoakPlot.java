package dev.loopbridge.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Draws a soak TSV ({@link Soak}, {@link LoopChatSoak}) as an SVG or a PNG: one panel per
 * quantity against time, each with its own scale from zero, so a leak shows as a line that climbs.
 * A panel is drawn when the TSV has its columns; when it has a {@code restarts} column, a dashed
 * line marks each sample at which it went up (a server restart). No plotting library: the machine
 * has no gnuplot; SVG is text and the PNG is drawn with Java2D, headless ({@link PlotCanvas}).
 *
 * <p>{@code java -cp benchmarks.jar dev.loopbridge.benchmarks.soak.SoakPlot IN.tsv OUT.svg|OUT.png [TITLE]}
 */
public final class SoakPlot {

    private static final int WIDTH = 900;
    private static final int PANEL_HEIGHT = 150;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e"};

    /** One panel: a title and the columns drawn in it. */
    private record Panel(String title, String... columns) {
    }

    /** Every panel, in drawing order; those whose columns the TSV lacks are left out. */
    private static final List<Panel> PANELS = List.of(
            new Panel("heap used after GC (MiB)", "heap_mib"),
            new Panel("entries kept in the clients' logs (each keeps its last 10,000)", "log_entries"),
            new Panel("JVM threads", "threads"),
            new Panel("open file descriptors", "fds"),
            new Panel("clients connected", "connected"),
            new Panel("messages received per second, all clients", "receipts_per_s"),
            new Panel("delivery latency, sender to receivers, in each sample period (ms)", "delivery_p99_ms",
                    "delivery_p50_ms"),
            new Panel("server process: resident memory (MiB)", "server_rss_mib"),
            new Panel("server process: open descriptors / threads", "server_fds", "server_threads"),
            new Panel("loop lag p99, last 5-10 s (ms) / longest tick so far (ms)", "recent_lag_p99_ms", "longest_tick_ms"),
            new Panel("machine load average, 1 min (2 cores, shared)", "load1"));

    private SoakPlot() {
    }

    /**
     * Writes the plot.
     *
     * @param args the TSV, the SVG or PNG to write (by its extension), and an optional title
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? args[2] : "LoopBridge soak");
    }

    /** Draws {@code tsv} into {@code out}, an SVG or a PNG by its extension. */
    static void write(Path tsv, Path out, String title) throws IOException {
        List<String> lines = Files.readAllLines(tsv);
        List<String> header = Arrays.asList(lines.get(0).split("\t"));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(Arrays.stream(line.split("\t")).mapToDouble(Double::parseDouble).toArray());
        }
        List<Panel> panels = PANELS.stream().filter(p -> header.containsAll(Arrays.asList(p.columns()))).toList();
        int height = TOP + panels.size() * (PANEL_HEIGHT + 40) + 20;
        PlotCanvas canvas = out.toString().endsWith(".png") ? PlotCanvas.png(WIDTH, height) : PlotCanvas.svg(WIDTH, height);
        draw(canvas, title, header, rows, panels);
        canvas.writeTo(out);
    }

    private static void draw(PlotCanvas c, String title, List<String> header, List<double[]> rows, List<Panel> panels) {
        c.text(LEFT, 22, title, PlotCanvas.Anchor.START, 15, false, "#000000");
        int time = header.indexOf("seconds");
        double tMax = Math.max(1, rows.stream().mapToDouble(r -> r[time]).max().orElse(1));
        List<Double> restarts = restartTimes(header, rows, time);
        int plotW = WIDTH - LEFT - RIGHT;
        int y0 = TOP;
        for (Panel panel : panels) {
            double yMax = 0;
            for (String column : panel.columns()) {
                int i = header.indexOf(column);
                yMax = Math.max(yMax, rows.stream().mapToDouble(r -> r[i]).max().orElse(0));
            }
            yMax = niceCeiling(yMax);
            int top = y0 + 16;
            c.text(LEFT, y0 + 10, panel.title(), PlotCanvas.Anchor.START, 11, true, "#000000");
            for (int k = 0; k <= 4; k++) {
                double y = top + PANEL_HEIGHT - PANEL_HEIGHT * k / 4.0;
                c.line(LEFT, y, LEFT + plotW, y, "#eeeeee", false);
                c.text(LEFT - 6, y + 4, label(yMax * k / 4), PlotCanvas.Anchor.END, 11, false, "#000000");
            }
            for (int k = 0; k <= 6; k++) {
                double t = tMax * k / 6;
                c.text(LEFT + plotW * k / 6.0, top + PANEL_HEIGHT + 14, t >= 120 ? label(t / 60) + " min" : label(t) + " s",
                        PlotCanvas.Anchor.MIDDLE, 11, false, "#000000");
            }
            for (double t : restarts) {
                double x = LEFT + plotW * t / tMax;
                c.line(x, top, x, top + PANEL_HEIGHT, "#aaaaaa", true);
            }
            c.rect(LEFT, top, plotW, PANEL_HEIGHT, "#999999");
            for (int ci = 0; ci < panel.columns().length; ci++) {
                int i = header.indexOf(panel.columns()[ci]);
                double[] xs = new double[rows.size()];
                double[] ys = new double[rows.size()];
                for (int k = 0; k < rows.size(); k++) {
                    double[] r = rows.get(k);
                    xs[k] = LEFT + plotW * r[time] / tMax;
                    ys[k] = top + PANEL_HEIGHT - (yMax == 0 ? 0 : PANEL_HEIGHT * r[i] / yMax);
                }
                String colour = COLOURS[ci % COLOURS.length];
                c.polyline(xs, ys, colour);
                if (panel.columns().length > 1) {
                    c.text(LEFT + plotW - 4, top + 14 + 13 * ci, panel.columns()[ci], PlotCanvas.Anchor.END, 11, false,
                            colour);
                }
            }
            y0 += PANEL_HEIGHT + 40;
        }
    }

    /** The time of each row at which the {@code restarts} column went up; none without one. */
    private static List<Double> restartTimes(List<String> header, List<double[]> rows, int time) {
        int column = header.indexOf("restarts");
        List<Double> times = new ArrayList<>();
        for (int k = 1; column >= 0 && k < rows.size(); k++) {
            if (rows.get(k)[column] > rows.get(k - 1)[column]) {
                times.add(rows.get(k)[time]);
            }
        }
        return times;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v} (and at least 1). */
    private static double niceCeiling(double v) {
        if (v <= 1) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String label(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
