package dev.loopbridge.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes {@code DISPATCH-SPREAD.md} from the figures of many runs of the dispatch section
 * ({@code run-spread.sh} makes them): for each toolkit, every run's dispatch rates and latency
 * percentiles, each ratio's lowest, median and highest over the runs, and how many runs met each
 * target. One figure of one run says little on a 2-core machine: the peers' own speed moves by 2x
 * between JVMs. Runs on the main thread.
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.loopbridge.benchmarks.e2e.Spread RUNS_DIR OUT.md COMMIT
 * }</pre>
 * where RUNS_DIR holds {@code fx-N.tsv} and {@code swing-N.tsv}.
 */
public final class Spread {

    private final StringBuilder out = new StringBuilder();

    private Spread() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: Spread RUNS_DIR OUT.md COMMIT (RUNS_DIR holds fx-N.tsv and swing-N.tsv)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Spread s = new Spread();
        s.out.append("# Dispatch across runs\n\n`RESULTS.md` is one run; this file is ")
                .append("`benchmarks/run-spread.sh`: the dispatch section run again and again, a JVM each, at commit `")
                .append(args[2]).append("`. Each run posts 1,000,000 no-op callbacks from one thread (the median of ")
                .append("the measured rounds), then measures the post-to-run latency of lone callbacks, idle and under ")
                .append("load. Rates in millions of callbacks per second, latencies in microseconds.\n");
        s.toolkit(dir, "fx", "FxEventLoop", new String[] {"runlater", "Platform.runLater", "kotlin", "Dispatchers.JavaFx"});
        s.toolkit(dir, "swing", "SwingEventLoop",
                new String[] {"invokelater", "EventQueue.invokeLater", "kotlin", "Dispatchers.Swing"});
        Files.writeString(Path.of(args[1]), s.out.toString(), StandardCharsets.UTF_8);
    }

    private void toolkit(Path dir, String toolkit, String loopName, String[] peers) throws IOException {
        List<Map<String, Double>> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().matches(toolkit + "-\\d+\\.tsv")).sorted().toList()) {
                runs.add(read(p));
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        out.append("\n## ").append(loopName).append(" (").append(runs.size()).append(" runs)\n\n");
        out.append("| run | ").append(loopName).append(" | ").append(peers[1]).append(" | ratio | ").append(peers[3])
                .append(" | ratio | longest gap (ms) |\n|---|---:|---:|---:|---:|---:|---:|\n");
        double[][] ratios = new double[2][runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Map<String, Double> r = runs.get(i);
            double loop = r.getOrDefault(toolkit + ".dispatch.loopbridge.rate", Double.NaN);
            double a = r.getOrDefault(toolkit + ".dispatch." + peers[0] + ".rate", Double.NaN);
            double b = r.getOrDefault(toolkit + ".dispatch." + peers[2] + ".rate", Double.NaN);
            ratios[0][i] = loop / a;
            ratios[1][i] = loop / b;
            out.append(String.format(Locale.ROOT, "| %d | %.2f | %.3f | %.2fx | %.3f | %.2fx | %.1f |%n", i + 1,
                    loop / 1e6, a / 1e6, ratios[0][i], b / 1e6, ratios[1][i],
                    r.getOrDefault(toolkit + ".dispatch.loopbridge.gap", Double.NaN)));
        }
        for (int p = 0; p < 2; p++) {
            out.append(String.format(Locale.ROOT, "%n- Against %s: lowest %.2fx, median %.2fx, highest %.2fx; "
                    + "at least 10x in %d of %d runs.", peers[2 * p + 1], min(ratios[p]), median(ratios[p]),
                    Figures.max(ratios[p]), count(ratios[p], 10), runs.size()));
        }
        out.append("\n\nLatency p99 (us), LoopBridge against the best peer of each run; a ratio at or below 1.00 "
                + "means LoopBridge's p99 is no worse. Each ratio has its 99% interval (a paired bootstrap over the "
                + "probe rounds, the best peer chosen afresh in each resample) and a verdict only when the interval is "
                + "on one side of 1:\n\n| run | idle | best peer idle | ratio | verdict | load | best peer load | ratio | verdict |\n"
                + "|---|---:|---:|---:|---|---:|---:|---:|---|\n");
        double[][] latency = new double[2][runs.size()];
        String[][] verdicts = new String[2][runs.size()];
        String[] modes = {"idle", "load"};
        for (int i = 0; i < runs.size(); i++) {
            Map<String, Double> r = runs.get(i);
            out.append("| ").append(i + 1);
            for (int m = 0; m < 2; m++) {
                String k = toolkit + ".latency." + modes[m] + ".";
                double own = r.getOrDefault(k + "loopbridge.p99", Double.NaN);
                double best = Math.min(r.getOrDefault(k + peers[0] + ".p99", Double.NaN),
                        r.getOrDefault(k + peers[2] + ".p99", Double.NaN));
                latency[m][i] = own / best;
                P99Ratio.Interval interval = new P99Ratio.Interval(r.getOrDefault(k + "bestPeer", Double.NaN),
                        r.getOrDefault(k + "bestPeer.lo", Double.NaN), r.getOrDefault(k + "bestPeer.hi", Double.NaN));
                verdicts[m][i] = interval.verdict();
                out.append(String.format(Locale.ROOT, " | %.0f | %.0f | %.2f", own, best, latency[m][i]))
                        .append(Double.isNaN(interval.lo()) ? ""
                                : String.format(Locale.ROOT, " [%.2f, %.2f]", interval.lo(), interval.hi()))
                        .append(" | ").append(verdicts[m][i]);
            }
            out.append(" |\n");
        }
        out.append("\nLatency p50 (us), idle: LoopBridge's, the best peer's, and how much longer LoopBridge's lone "
                + "callback took at the median (its tick's work before the callback, and the offer's):\n\n"
                + "| run | LoopBridge | best peer | difference |\n|---|---:|---:|---:|\n");
        double[] p50Extra = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Map<String, Double> r = runs.get(i);
            String k = toolkit + ".latency.idle.";
            double own = r.getOrDefault(k + "loopbridge.p50", Double.NaN);
            double best = Math.min(r.getOrDefault(k + peers[0] + ".p50", Double.NaN),
                    r.getOrDefault(k + peers[2] + ".p50", Double.NaN));
            p50Extra[i] = own - best;
            out.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %+.1f |%n", i + 1, own, best, p50Extra[i]));
        }
        out.append(String.format(Locale.ROOT, "%n- p50 idle, LoopBridge minus the best peer: lowest %+.1f us, median "
                + "%+.1f us, highest %+.1f us.%n", min(p50Extra), median(p50Extra), Figures.max(p50Extra)));
        for (int m = 0; m < 2; m++) {
            long atMostOne = Arrays.stream(latency[m]).filter(v -> v <= 1).count();
            List<String> v = List.of(verdicts[m]);
            out.append(String.format(Locale.ROOT, "%n- p99 %s: LoopBridge / best peer lowest %.2f, median %.2f, "
                    + "highest %.2f; no worse than the best peer in %d of %d runs. Intervals: LoopBridge lower in %d, "
                    + "no difference in %d, LoopBridge higher in %d.", modes[m], min(latency[m]),
                    median(latency[m]), Figures.max(latency[m]), atMostOne, runs.size(), Collections.frequency(v, "lower"),
                    Collections.frequency(v, "no difference"), Collections.frequency(v, "higher")));
        }
        out.append('\n');
    }

    private static Map<String, Double> read(Path file) throws IOException {
        Map<String, Double> figures = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] kv = line.split("\t", 2);
            if (kv.length == 2) {
                try {
                    figures.put(kv[0], Double.parseDouble(kv[1]));
                } catch (NumberFormatException textFigure) {
                    // a note or a status, not a number
                }
            }
        }
        return figures;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN
                : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long count(double[] v, double atLeast) {
        return Arrays.stream(v).filter(x -> x >= atLeast).count();
    }
}
