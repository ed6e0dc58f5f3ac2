package dev.loopbridge.benchmarks.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The raw figures of one section of the end-to-end run: one {@code key<TAB>value} line per figure,
 * appended to the section's file as soon as it is measured, so that a section that fails or times
 * out half-way still leaves what it had measured. {@link Report} reads every section's file. The
 * section's main thread writes it; nothing here is thread-safe.
 */
final class Figures {

    private final Path file;
    private final Map<String, String> values = new LinkedHashMap<>();

    Figures(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Records one figure and echoes it on standard output. */
    void put(String key, double value) {
        put(key, String.format(Locale.ROOT, "%.6g", value));
    }

    /** Records one text figure (a note, a status) and echoes it. */
    void put(String key, String value) {
        values.put(key, value);
        String line = key + "\t" + value.replace('\t', ' ').replace('\n', ' ') + "\n";
        System.out.print("  " + line);
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Whether a figure was recorded under {@code key}. */
    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The number recorded under {@code key}, or NaN. */
    double get(String key) {
        try {
            return Double.parseDouble(values.getOrDefault(key, "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Records p50, p99 and max of {@code samples} (nanoseconds) in {@code unitNanos} units. */
    void putPercentiles(String key, long[] samples, int count, double unitNanos) {
        long[] s = Arrays.copyOf(samples, count);
        Arrays.sort(s);
        put(key + ".p50", percentile(s, 0.50) / unitNanos);
        put(key + ".p99", percentile(s, 0.99) / unitNanos);
        put(key + ".max", s.length == 0 ? Double.NaN : s[s.length - 1] / unitNanos);
    }

    /** The nearest-rank percentile of sorted samples, or NaN if there are none. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The largest of the values, or NaN if there are none. */
    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** The median of the values. */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    /** Reads every {@code *.tsv} in {@code dir} into one map, in file then line order. */
    static Map<String, String> readAll(Path dir) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) {
                        all.put(line.substring(0, tab), line.substring(tab + 1));
                    }
                }
            }
        }
        return all;
    }
}
