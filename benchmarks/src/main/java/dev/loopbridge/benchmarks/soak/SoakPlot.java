package dev.loopbridge.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Soak} TSV as an SVG: one panel per quantity (heap after GC, threads, open
 * descriptors, loop lag and longest tick) against time, each with its own scale from zero, so a
 * leak shows as a line that climbs. No plotting library: the machine has no gnuplot, and SVG is
 * text.
 *
 * <p>{@code java -cp benchmarks.jar dev.loopbridge.benchmarks.soak.SoakPlot IN.tsv OUT.svg [TITLE]}
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

    private static final List<Panel> PANELS = List.of(
            new Panel("heap used after GC (MiB)", "heap_mib"),
            new Panel("JVM threads", "threads"),
            new Panel("open file descriptors", "fds"),
            new Panel("loop lag p99, last 5-10 s (ms) / longest tick so far (ms)", "recent_lag_p99_ms", "longest_tick_ms"));

    private SoakPlot() {
    }

    /**
     * Writes the plot.
     *
     * @param args the TSV, the SVG to write, and an optional title
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        String title = args.length > 2 ? args[2] : "LoopBridge soak";
        List<String> header = Arrays.asList(lines.get(0).split("\t"));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(Arrays.stream(line.split("\t")).mapToDouble(Double::parseDouble).toArray());
        }
        Files.writeString(Path.of(args[1]), svg(title, header, rows));
    }

    private static String svg(String title, List<String> header, List<double[]> rows) {
        int height = TOP + PANELS.size() * (PANEL_HEIGHT + 40) + 20;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
        int time = header.indexOf("seconds");
        double tMax = Math.max(1, rows.stream().mapToDouble(r -> r[time]).max().orElse(1));
        int y0 = TOP;
        for (Panel panel : PANELS) {
            int plotW = WIDTH - LEFT - RIGHT;
            double yMax = 0;
            for (String c : panel.columns()) {
                int i = header.indexOf(c);
                yMax = Math.max(yMax, rows.stream().mapToDouble(r -> r[i]).max().orElse(0));
            }
            yMax = niceCeiling(yMax);
            int top = y0 + 16;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT, y0 + 10,
                    escape(panel.title())));
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", LEFT, top,
                    plotW, PANEL_HEIGHT));
            for (int k = 0; k <= 4; k++) {
                double v = yMax * k / 4;
                double y = top + PANEL_HEIGHT - PANEL_HEIGHT * k / 4.0;
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                        LEFT, y, LEFT + plotW, y));
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
                        y + 4, label(v)));
            }
            for (int k = 0; k <= 6; k++) {
                double t = tMax * k / 6;
                double x = LEFT + plotW * k / 6.0;
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                        top + PANEL_HEIGHT + 14, t >= 120 ? label(t / 60) + " min" : label(t) + " s"));
            }
            for (int ci = 0; ci < panel.columns().length; ci++) {
                int i = header.indexOf(panel.columns()[ci]);
                StringBuilder points = new StringBuilder();
                for (double[] r : rows) {
                    double x = LEFT + plotW * r[time] / tMax;
                    double y = top + PANEL_HEIGHT - (yMax == 0 ? 0 : PANEL_HEIGHT * r[i] / yMax);
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                }
                s.append(String.format(Locale.ROOT,
                        "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                        COLOURS[ci % COLOURS.length], points.toString().trim()));
                if (panel.columns().length > 1) {
                    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\" text-anchor=\"end\">%s</text>%n",
                            LEFT + plotW - 4, top + 14 + 13 * ci, COLOURS[ci % COLOURS.length],
                            escape(panel.columns()[ci])));
                }
            }
            y0 += PANEL_HEIGHT + 40;
        }
        return s.append("</svg>\n").toString();
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

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
