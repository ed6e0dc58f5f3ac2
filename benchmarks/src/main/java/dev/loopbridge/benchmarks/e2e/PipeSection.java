package dev.loopbridge.benchmarks.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;

import com.sun.management.OperatingSystemMXBean;

import dev.loopbridge.benchmarks.SubprocessThroughput;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.javafx.FxEventLoop;

/**
 * The subprocess-pipe section of the end-to-end run (issue 18):
 * {@code java ... PipeSection OUT.tsv [quick|full] PIPE_ASYNCIO_PY}. 1 GiB through {@code cat}
 * (64 KiB writes to its stdin, reads of its stdout, at once), four ways in each round: plain Java
 * (a thread writing the {@code Process}'s stdin stream, the main thread reading stdout), LoopBridge
 * on the default loop and on the JavaFX loop ({@code exec}, {@code drain()}-paced writes, reads of
 * up to 1 MiB), the default loop again reading with {@code readInto} into one reused 1 MiB array
 * (as plain Java reads into one), and
 * Python asyncio ({@code create_subprocess_exec}, the script beside run-all.sh). MiB per second of
 * each, the median over the rounds; each ratio is the median of the rounds' own ratios (contenders
 * of one round run back to back), with the lowest and highest of them as its interval. On the FX
 * loop, the longest pulse gap during the transfer (worst round). For the Java contenders also the
 * JVM's CPU seconds per GiB (median round), the steadier figure on a shared machine. The order of the contenders turns
 * each round, so none always runs first after the machine's other work.
 *
 * <p>Then lines per second: {@code seq 1 N} (5 million short lines by default, {@code -DpipeLines};
 * GNU seq writes some 70 million lines a second into a pipe here, far above every reader) read
 * line by line, the same four ways in turn: plain Java (the main thread, a {@code BufferedReader}
 * over the {@code Process}'s stdout), {@code forEachLine} on the child's stdout on the default and
 * the FX loop, and Python asyncio ({@code await proc.stdout.readline()} in a loop, the script's
 * {@code lines} mode). Main thread.
 */
public final class PipeSection {

    /** The contenders of the lines rounds; the bytes rounds also have {@code lb-into}. */
    private static final String[] IDS = {"plain", "lb-default", "lb-fx", "python"};

    private static final String[] BYTE_IDS = {"plain", "lb-default", "lb-into", "lb-fx", "python"};

    /** Warm-up rounds of 1 GiB (at most) of each Java contender before the measured rounds. */
    private static final int WARM_ROUNDS = 2;

    /** The default number of lines {@code seq} prints in each lines round. */
    private static final long LINES = 5_000_000;

    private PipeSection() {
    }

    public static void main(String[] args) throws Exception {
        Figures figures = new Figures(Path.of(args[0]));
        boolean quick = args.length > 1 && args[1].equals("quick");
        Path script = Path.of(args.length > 2 ? args[2] : "benchmarks/pipe_asyncio.py");
        long mib = Long.getLong("pipeMiB", 1024);
        long lines = Long.getLong("pipeLines", LINES);
        int rounds = quick ? 3 : 5;
        figures.put("pipe.mib", mib);
        figures.put("pipe.lines.count", lines);
        figures.put("pipe.load.before", loadAverage());
        figures.put("pipe.date", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        Beats beats = UiToolkit.startFx();
        double[][] rates = new double[BYTE_IDS.length][rounds];
        double[][] cpu = new double[BYTE_IDS.length][rounds];
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] gaps = new double[rounds];
        try (EventLoop fx = FxEventLoop.create(UiToolkit.loopOptions("fx-pipe"))) {
            // A warm-up of each, not counted: the JIT, the first fork, Python's imports. Each Java
            // contender moves WARM_ROUNDS x 1 GiB first: its loops turn once per 64 KiB chunk, only
            // 16,384 times a GiB, so the JIT's thresholds take some GiB to reach (the default loop
            // used 1.4-2.9 s of CPU per GiB in its first GiB, about 0.8-1.1 s from the third on).
            long warm = Math.min(mib, 1024) << 20;
            for (int w = 0; w < WARM_ROUNDS; w++) {
                SubprocessThroughput.plain(warm);
                try (EventLoop loop = EventLoops.newDefault()) {
                    SubprocessThroughput.throughLoop(loop, warm);
                    SubprocessThroughput.throughLoopInto(loop, warm);
                }
                SubprocessThroughput.throughLoop(fx, warm);
            }
            python(script, Math.min(mib, 256));
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < BYTE_IDS.length; k++) {
                    int c = (k + r) % BYTE_IDS.length;
                    long cpu0 = os.getProcessCpuTime();
                    long start = System.nanoTime();
                    double rate = switch (BYTE_IDS[c]) {
                        case "plain" -> rate(SubprocessThroughput.plain(mib << 20), start);
                        case "lb-default" -> {
                            try (EventLoop loop = EventLoops.newDefault()) {
                                yield rate(SubprocessThroughput.throughLoop(loop, mib << 20), start);
                            }
                        }
                        case "lb-into" -> {
                            try (EventLoop loop = EventLoops.newDefault()) {
                                yield rate(SubprocessThroughput.throughLoopInto(loop, mib << 20), start);
                            }
                        }
                        case "lb-fx" -> {
                            double fxRate = rate(SubprocessThroughput.throughLoop(fx, mib << 20), start);
                            long end = System.nanoTime();
                            gaps[r] = UiToolkit.call(fx, () -> beats.longestGap(start, end));
                            long gapAt = UiToolkit.call(fx, () -> beats.longestGapStart(start, end));
                            // When, in JVM uptime, to line up with a GC log (-Xlog:gc:file=...:uptime).
                            long uptimeNanos = ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
                            long nowNanos = System.nanoTime();
                            System.out.printf("  round %d lb-fx longest pulse gap %.1f ms from uptime %.3f s (round %.3f-%.3f s)%n",
                                    r + 1, gaps[r], (uptimeNanos - (nowNanos - gapAt)) / 1e9,
                                    (uptimeNanos - (nowNanos - start)) / 1e9, (uptimeNanos - (nowNanos - end)) / 1e9);
                            yield fxRate;
                        }
                        default -> python(script, mib);
                    };
                    rates[c][r] = rate;
                    cpu[c][r] = (os.getProcessCpuTime() - cpu0) / 1e9 / (mib / 1024.0);
                    System.out.printf("  round %d %-10s %8.1f MiB/s%n", r + 1, BYTE_IDS[c], rate);
                }
            }
            lineRounds(figures, script, fx, beats, lines, rounds, os);
        }
        for (int c = 0; c < BYTE_IDS.length; c++) {
            figures.put("pipe." + BYTE_IDS[c] + ".rate", Figures.median(rates[c]));
            if (!BYTE_IDS[c].equals("python")) {
                figures.put("pipe." + BYTE_IDS[c] + ".cpuPerGiB", Figures.median(cpu[c]));
            }
        }
        List<String> bytes = List.of(BYTE_IDS);
        for (String lb : List.of("lb-default", "lb-into", "lb-fx")) {
            ratios(figures, "pipe." + lb + ".vsPlain", rates[bytes.indexOf(lb)], rates[bytes.indexOf("plain")]);
            ratios(figures, "pipe." + lb + ".vsPython", rates[bytes.indexOf(lb)], rates[bytes.indexOf("python")]);
        }
        figures.put("pipe.lb-fx.gap", max(gaps));
        figures.put("pipe.lb-fx.gapMedian", Figures.median(gaps));
        figures.put("pipe.load.after", loadAverage());
        Platform.exit();
        System.exit(0);
    }

    /** The lines rounds: {@code seq 1 lines} read line by line four ways; figures under pipe.lines. */
    private static void lineRounds(Figures figures, Path script, EventLoop fx, Beats beats, long lines, int rounds,
            OperatingSystemMXBean os) throws Exception {
        long warm = Math.min(lines, 1_000_000);
        checkLines(SubprocessThroughput.plainLines(warm), warm, "plain");
        try (EventLoop loop = EventLoops.newDefault()) {
            checkLines(SubprocessThroughput.linesOnLoop(loop, warm), warm, "lb-default");
        }
        checkLines(SubprocessThroughput.linesOnLoop(fx, warm), warm, "lb-fx");
        pythonLines(script, warm);
        double[][] rates = new double[IDS.length][rounds];
        double[][] cpu = new double[IDS.length][rounds];
        double[] gaps = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < IDS.length; k++) {
                int c = (k + r) % IDS.length;
                long cpu0 = os.getProcessCpuTime();
                long start = System.nanoTime();
                double rate = switch (IDS[c]) {
                    case "plain" -> lineRate(checkLines(SubprocessThroughput.plainLines(lines), lines, "plain"), start);
                    case "lb-default" -> {
                        try (EventLoop loop = EventLoops.newDefault()) {
                            yield lineRate(checkLines(SubprocessThroughput.linesOnLoop(loop, lines), lines, "lb-default"), start);
                        }
                    }
                    case "lb-fx" -> {
                        double fxRate = lineRate(checkLines(SubprocessThroughput.linesOnLoop(fx, lines), lines, "lb-fx"), start);
                        long end = System.nanoTime();
                        gaps[r] = UiToolkit.call(fx, () -> beats.longestGap(start, end));
                        yield fxRate;
                    }
                    default -> pythonLines(script, lines);
                };
                rates[c][r] = rate;
                cpu[c][r] = (os.getProcessCpuTime() - cpu0) / 1e9 / (lines / 1e6);
                System.out.printf("  lines round %d %-10s %6.2f M lines/s%n", r + 1, IDS[c], rate / 1e6);
            }
        }
        for (int c = 0; c < IDS.length; c++) {
            figures.put("pipe.lines." + IDS[c] + ".rate", Figures.median(rates[c]));
            if (!IDS[c].equals("python")) {
                figures.put("pipe.lines." + IDS[c] + ".cpuPerMLines", Figures.median(cpu[c]));
            }
        }
        for (String lb : List.of("lb-default", "lb-fx")) {
            ratios(figures, "pipe.lines." + lb + ".vsPlain", rates[index(lb)], rates[index("plain")]);
            ratios(figures, "pipe.lines." + lb + ".vsPython", rates[index(lb)], rates[index("python")]);
        }
        figures.put("pipe.lines.lb-fx.gap", max(gaps));
    }

    private static long checkLines(long got, long expected, String who) {
        if (got != expected) {
            throw new IllegalStateException(who + " read " + got + " lines of seq's " + expected);
        }
        return got;
    }

    private static double lineRate(long lines, long start) {
        return lines / ((System.nanoTime() - start) / 1e9);
    }

    /** Runs the asyncio script's lines mode for {@code lines} lines and returns the lines per second it timed itself. */
    private static double pythonLines(Path script, long lines) throws IOException, InterruptedException {
        String[] parts = runPython(script, "lines", Long.toString(lines));
        checkLines(Long.parseLong(parts[parts.length - 2]), lines, "python3 " + script);
        return lines / Double.parseDouble(parts[parts.length - 1]);
    }

    private static double rate(long bytes, long start) {
        return (bytes / (double) (1 << 20)) / ((System.nanoTime() - start) / 1e9);
    }

    /** Runs the asyncio script for {@code mib} MiB and returns the MiB per second it timed itself. */
    private static double python(Path script, long mib) throws IOException, InterruptedException {
        String[] parts = runPython(script, Long.toString(mib));
        long bytes = Long.parseLong(parts[parts.length - 2]);
        if (bytes != mib << 20) {
            throw new IllegalStateException("python3 " + script + " read " + bytes + " bytes of " + (mib << 20));
        }
        return (bytes / (double) (1 << 20)) / Double.parseDouble(parts[parts.length - 1]);
    }

    /** Runs the asyncio script with {@code args} and returns the words of what it printed. */
    private static String[] runPython(Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out.split("\\s+");
    }

    /** The median of the rounds' ratios a/b, with the lowest and highest. */
    private static void ratios(Figures figures, String key, double[] a, double[] b) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            r.add(a[i] / b[i]);
        }
        double[] each = r.stream().mapToDouble(Double::doubleValue).toArray();
        figures.put(key, Figures.median(each));
        figures.put(key + ".lo", r.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
        figures.put(key + ".hi", max(each));
    }

    private static double max(double[] values) {
        double m = Double.NaN;
        for (double v : values) {
            m = Double.isNaN(m) ? v : Math.max(m, v);
        }
        return m;
    }

    private static int index(String id) {
        return List.of(IDS).indexOf(id);
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
