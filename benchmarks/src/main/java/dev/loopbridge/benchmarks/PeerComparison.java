package dev.loopbridge.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs benchmarks through JMH and reports LoopBridge against its peer: JMH's own result file
 * (whatever {@code -rf} / {@code -rff} ask for), then a text report of JMH's score table followed,
 * for each pair, by the ratio LoopBridge / peer. Runs on the main thread; JMH forks a VM for each
 * benchmark. Both {@code run-core-benchmarks.sh} and {@code run-network-benchmarks.sh} run it.
 *
 * <p>Arguments are JMH's command-line options (see {@code java -jar benchmarks.jar -h}), plus
 * {@code --report FILE} for where the text report goes besides standard output:
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.loopbridge.benchmarks.PeerComparison --report core.txt \
 *     -f 1 -wi 3 -i 5 -rf json -rff core.json 'CallSoonBenchmark'
 * }</pre>
 *
 * <p>A pair is two benchmarks of one class and the same parameters whose method names are
 * {@code loopBridge<Rest>} and {@code <peer><Rest>}, where {@code <peer>} names one of the
 * {@link Peer}s: {@code stpe} (a one-thread {@code ScheduledThreadPoolExecutor}),
 * {@code completableFuture} (plain {@code CompletableFuture}s on such a thread) or
 * {@code nettyDecoder} (Netty's frame decoders on an {@code EmbeddedChannel}, on such a thread),
 * for the core benchmarks; {@code netty} (Netty's NIO transport on one event-loop thread), for the
 * network benchmarks. For throughput a ratio above 1 means LoopBridge is faster. Each ratio comes
 * with the interval that the two scores' 99.9% confidence intervals allow (JMH's score errors),
 * and says "faster" or "slower" only when that whole interval is on one side of 1, "no
 * difference" otherwise: more forks and iterations narrow it. Each side's allocation per operation ({@code -prof gc})
 * and stall count ({@link StallCounter}) follow.
 *
 * <p>The exit status is 1 when a pair lacks one of its halves (a benchmark failed) or a benchmark
 * stalled, 0 otherwise.
 */
public final class PeerComparison {

    private static final String LOOPBRIDGE = "loopBridge";
    private static final String ALLOCATION = "gc.alloc.rate.norm";
    private static final String STALLS = "stalls";

    private PeerComparison() {
    }

    public static void main(String[] args) throws IOException {
        List<String> jmhArgs = new ArrayList<>(List.of(args));
        Path report = null;
        int at = jmhArgs.indexOf("--report");
        if (at >= 0) {
            if (at + 1 >= jmhArgs.size()) {
                throw new IllegalArgumentException("--report needs a file name (expected: --report FILE)");
            }
            report = Path.of(jmhArgs.remove(at + 1));
            jmhArgs.remove(at);
        }
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            System.err.println("bad JMH options " + jmhArgs + ": " + e.getMessage());
            System.exit(2);
            return;
        }

        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            System.err.println("JMH could not run: " + e);
            System.exit(2);
            return;
        }

        Map<String, Pair> pairs = pair(results);
        String text = scoreTable(results) + System.lineSeparator() + ratioTable(pairs);
        System.out.println();
        System.out.print(text);
        if (report != null) {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(report, text, StandardCharsets.UTF_8);
        }
        boolean complete = !pairs.isEmpty()
                && pairs.values().stream().allMatch(p -> p.loopBridge != null && p.peer != null);
        double stalls = results.stream().mapToDouble(r -> secondary(r, STALLS)).filter(v -> v > 0).sum();
        if (stalls > 0) {
            System.out.printf(Locale.ROOT, "%nSTALLS: %.0f waits stalled (see the STALL lines in the"
                    + " log): those scores include the stalls%n", stalls);
        }
        System.exit(complete && stalls == 0 ? 0 : 1);
    }

    /** JMH's own human-readable table of every score, secondary ones included. */
    private static String scoreTable(Collection<RunResult> results) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.TEXT, out).writeOut(results);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Groups the results into pairs, in the order JMH ran them. */
    private static Map<String, Pair> pair(Collection<RunResult> results) {
        Map<String, Pair> pairs = new LinkedHashMap<>();
        for (RunResult r : results) {
            BenchmarkParams params = r.getParams();
            String benchmark = params.getBenchmark();
            int dot = benchmark.lastIndexOf('.');
            String className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
            String method = benchmark.substring(dot + 1);
            boolean isLoopBridge = method.startsWith(LOOPBRIDGE);
            Peer peer = Peer.of(method);
            if (!isLoopBridge && peer == null) {
                continue;
            }
            String rest = method.substring(isLoopBridge ? LOOPBRIDGE.length() : peer.prefix.length());
            String paramText = params.getParamsKeys().stream()
                    .map(k -> k + "=" + params.getParam(k))
                    .collect(Collectors.joining(","));
            String name = className + ".*" + rest + (paramText.isEmpty() ? "" : " (" + paramText + ")");
            Pair p = pairs.computeIfAbsent(name, Pair::new);
            if (isLoopBridge) {
                p.loopBridge = r;
            } else {
                p.peer = r;
                p.peerKind = peer;
            }
        }
        return pairs;
    }

    /** One line per pair: both scores, their allocation per operation if measured, the ratio. */
    private static String ratioTable(Map<String, Pair> pairs) {
        StringBuilder out = new StringBuilder();
        out.append("LoopBridge (default loop) / peer; throughput ratio > 1: LoopBridge is faster")
                .append(System.lineSeparator());
        pairs.values().stream().map(p -> p.peerKind).filter(Objects::nonNull).distinct()
                .forEach(peer -> out.append(String.format(Locale.ROOT, "  peer %-17s %s%n", peer.prefix,
                        peer.description)));
        String format = "%-56s %-17s %26s %26s %34s %8s %10s %9s %11s%n";
        out.append(String.format(Locale.ROOT, format, "Pair", "Peer", "LoopBridge", "Peer score",
                "LoopBridge/peer [99.9%]", "LB B/op", "peer B/op", "LB stalls", "peer stalls"));
        for (Pair p : pairs.values()) {
            out.append(String.format(Locale.ROOT, format, p.name, p.peerKind == null ? "-" : p.peerKind.prefix,
                    score(p.loopBridge), score(p.peer), ratio(p),
                    secondaryText(p.loopBridge, ALLOCATION, "%.1f"), secondaryText(p.peer, ALLOCATION, "%.1f"),
                    secondaryText(p.loopBridge, STALLS, "%.0f"), secondaryText(p.peer, STALLS, "%.0f")));
        }
        return out.toString();
    }

    private static String score(RunResult r) {
        if (r == null) {
            return "MISSING (failed?)";
        }
        Result<?> s = r.getPrimaryResult();
        return String.format(Locale.ROOT, "%,.0f ± %,.0f %s", s.getScore(), s.getScoreError(),
                s.getScoreUnit());
    }

    /**
     * The ratio LoopBridge / peer with the interval it may lie in: from the lower end of
     * LoopBridge's 99.9% confidence interval over the upper end of the peer's, to the upper end
     * over the lower end. Then the verdict: "faster" or "slower" only when the whole interval is on
     * one side of 1, "no difference" when it spans 1 (the run cannot tell them apart).
     *
     * @param a LoopBridge's score
     * @param aError the half-width of its confidence interval
     * @param b the peer's score
     * @param bError the half-width of its confidence interval
     * @return the ratio, its interval and the verdict, as text
     */
    public static String ratio(double a, double aError, double b, double bError) {
        double ratio = a / b;
        if (Double.isNaN(aError) || Double.isNaN(bError)) {
            return String.format(Locale.ROOT, "%.2f [no interval: one iteration?]", ratio);
        }
        double low = (a - aError) / (b + bError);
        double high = b - bError > 0 ? (a + aError) / (b - bError) : Double.POSITIVE_INFINITY;
        String verdict = low > 1 ? "faster" : high < 1 ? "slower" : "no difference";
        return String.format(Locale.ROOT, "%.2f [%.2f, %s] %s", ratio, Math.max(0, low),
                Double.isInfinite(high) ? "inf" : String.format(Locale.ROOT, "%.2f", high), verdict);
    }

    private static String ratio(Pair p) {
        if (p.loopBridge == null || p.peer == null) {
            return "-";
        }
        Result<?> a = p.loopBridge.getPrimaryResult();
        Result<?> b = p.peer.getPrimaryResult();
        return ratio(a.getScore(), a.getScoreError(), b.getScore(), b.getScoreError());
    }

    private static String secondaryText(RunResult r, String label, String format) {
        double value = r == null ? Double.NaN : secondary(r, label);
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

    /** The score of the secondary result whose label ends with {@code label}, or NaN. */
    private static double secondary(RunResult r, String label) {
        // JMH's map has raw values: look keys up one by one rather than stream its entries.
        for (String key : r.getSecondaryResults().keySet()) {
            if (key.endsWith(label)) {
                Result<?> result = r.getSecondaryResults().get(key);
                return result.getScore();
            }
        }
        return Double.NaN;
    }

    /** The peers LoopBridge is compared with, by the prefix of their benchmark methods. */
    private enum Peer {
        STPE("stpe", "java.util.concurrent.ScheduledThreadPoolExecutor, 1 thread"),
        COMPLETABLE_FUTURE("completableFuture",
                "java.util.concurrent.CompletableFuture, on a ScheduledThreadPoolExecutor's 1 thread"),
        NETTY_DECODER("nettyDecoder", "Netty's LineBasedFrameDecoder + StringDecoder and"
                + " LengthFieldBasedFrameDecoder on an EmbeddedChannel,"
                + " on a ScheduledThreadPoolExecutor's 1 thread"),
        NETTY("netty", "Netty's NIO transport (MultiThreadIoEventLoopGroup + NioIoHandler), 1 event-loop thread");

        final String prefix;
        final String description;

        Peer(String prefix, String description) {
            this.prefix = prefix;
            this.description = description;
        }

        /**
         * The peer with the longest prefix that {@code method} starts with (for
         * {@code nettyDecoderLines}, {@code nettyDecoder}, not {@code netty}), or null.
         */
        static Peer of(String method) {
            Peer found = null;
            for (Peer p : values()) {
                boolean longer = found == null || p.prefix.length() > found.prefix.length();
                if (longer && method.startsWith(p.prefix)) {
                    found = p;
                }
            }
            return found;
        }
    }

    /** A LoopBridge benchmark and its peer's; either may be missing if it failed. */
    private static final class Pair {
        final String name;
        RunResult loopBridge;
        RunResult peer;
        Peer peerKind;

        Pair(String name) {
            this.name = name;
        }
    }
}
