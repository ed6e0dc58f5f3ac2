package dev.loopbridge.benchmarks.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The soak runs' sampler: every few seconds, on the calling thread, one TSV row with the time, the
 * heap after a GC, the JVM's threads and open descriptors, the machine's load average, then the
 * run's own columns. Shared by
 * {@link Soak} and {@link LoopChatSoak}; {@link SoakPlot} draws what it writes.
 */
final class Sampler {

    /** One column after the common ones: its TSV name and how to read it at each sample. */
    record Column(String name, Supplier<Object> value) {
    }

    private final List<Column> columns;

    /**
     * A sampler writing {@code seconds}, {@code heap_mib}, {@code threads}, {@code fds},
     * {@code load1}, then {@code columns} in order.
     */
    Sampler(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /**
     * Writes a row every {@code every} until {@code length} has passed (the last row at the end),
     * echoing each to stdout; {@code between} runs after each row (on this thread) and may take as
     * long as it likes: the next row is due on the original schedule, or at once if it is late.
     */
    void run(Path out, Duration length, Duration every, Runnable between) throws IOException, InterruptedException {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            w.println(String.join("\t", header()));
            long next = start;
            while (true) {
                List<String> row = row(start);
                w.println(String.join("\t", row));
                w.flush();
                System.out.println("soak: " + row);
                if (System.nanoTime() >= end) {
                    return;
                }
                between.run();
                next += every.toNanos();
                long wait = Math.min(next, end) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));  // the sampling period
                }
            }
        }
    }

    /** The TSV header. */
    List<String> header() {
        List<String> names = new ArrayList<>(List.of("seconds", "heap_mib", "threads", "fds", "load1"));
        columns.forEach(c -> names.add(c.name()));
        return names;
    }

    /** One row, its time counted from {@code start} ({@link System#nanoTime}). */
    List<String> row(long start) {
        List<String> row = new ArrayList<>();
        double heap = heapAfterGcMib();
        row.add(String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        row.add(String.format(Locale.ROOT, "%.2f", heap));
        row.add(String.valueOf(ManagementFactory.getThreadMXBean().getThreadCount()));
        row.add(String.valueOf(openDescriptors(Path.of("/proc/self/fd"))));
        row.add(loadAverage());
        for (Column c : columns) {
            Object v = c.value().get();
            row.add(v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(v));
        }
        return row;
    }

    /**
     * The least time between two forced collections ({@code -Dsoak.gcEverySeconds}, 60 by
     * default; 0: every sample). A full collection stops every thread of the process: in the
     * first hour-long LoopChat soak at load 13, the two forced every 5 s took 0.8 s (median) to
     * 8.9 s each on a 200 MiB heap, and were the driver's longest ticks and delivery delays.
     */
    private static final long GC_EVERY_NANOS = Long.getLong("soak.gcEverySeconds", 60) * 1_000_000_000L;

    /** When the last forced collection ran, and the heap it left (MiB); sampler thread only. */
    private static long lastGcAt;
    private static double lastHeapMib = -1;

    /**
     * The heap in use right after a {@code System.gc()}, in MiB: forced at most once per
     * {@link #GC_EVERY_NANOS}, the last figure repeated in between (the column moves in steps).
     */
    static double heapAfterGcMib() {
        long now = System.nanoTime();
        if (lastHeapMib < 0 || now - lastGcAt >= GC_EVERY_NANOS) {
            System.gc();
            lastGcAt = System.nanoTime();
            lastHeapMib = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
        }
        return lastHeapMib;
    }

    /** The machine's load average over the last minute ({@code /proc/loadavg}), or -1. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "-1";
        }
    }

    /** The entries in a {@code /proc/PID/fd} directory, or -1 if it cannot be read. */
    static long openDescriptors(Path fdDirectory) {
        try (var fds = Files.list(fdDirectory)) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code d} in milliseconds, as a number for the TSV. */
    static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    /** The first, min, max and last value of each of {@code columns} in a TSV this class wrote. */
    static String ranges(Path tsv, List<String> columns) throws IOException {
        List<String> lines = Files.readAllLines(tsv);
        List<String> header = List.of(lines.get(0).split("\t"));
        StringBuilder s = new StringBuilder("samples: " + (lines.size() - 1) + "; first / min / max / last:\n");
        for (String column : columns) {
            int i = header.indexOf(column);
            if (i < 0) {
                continue;
            }
            double[] v = lines.subList(1, lines.size()).stream().mapToDouble(l -> Double.parseDouble(l.split("\t")[i]))
                    .toArray();
            if (v.length > 0) {
                s.append(String.format(Locale.ROOT, "  %-18s %10.1f %10.1f %10.1f %10.1f%n", column, v[0],
                        Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0), v[v.length - 1]));
            }
        }
        return s.toString();
    }
}
