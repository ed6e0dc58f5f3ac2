package dev.loopbridge.benchmarks.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code RESULTS.md} from the raw figures of every section ({@link Figures}) and the machine
 * facts the script recorded, then renders the charts ({@link Charts}):
 * {@code java ... Report RAW_DIR RESULTS.md CHARTS_DIR}. Every figure is shown with its ratio to
 * the peer it is compared with, and each target of issue 7 with PASS or MISS; a figure a section
 * did not deliver (it failed or timed out) is shown as such, and its target as MISS. Main thread.
 */
public final class Report {

    private final Map<String, String> f;
    private final StringBuilder out = new StringBuilder();
    private final List<String[]> targets = new ArrayList<>();

    private final Path resultsDir;

    private Report(Map<String, String> figures, Path resultsDir) {
        this.f = figures;
        this.resultsDir = resultsDir;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> figures = Figures.readAll(Path.of(args[0]));
        Path results = Path.of(args[1]);
        Report r = new Report(figures, results.toAbsolutePath().getParent());
        String md = r.render();
        Files.writeString(results, md, StandardCharsets.UTF_8);
        System.out.println("wrote " + results);
        if (args.length > 2) {
            Charts.render(figures, Path.of(args[2]));
        }
        System.exit(0);
    }

    // ---- figures ----

    private double v(String key) {
        String s = f.get(key);
        if (s == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private String text(String key, String otherwise) {
        return f.getOrDefault(key, otherwise);
    }

    static String num(double x, String format) {
        return Double.isNaN(x) ? "not measured" : String.format(Locale.ROOT, format, x);
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", a / b);
    }

    private void target(String what, String measured, boolean pass, boolean measuredAtAll) {
        targets.add(new String[] {what, measured, !measuredAtAll ? "MISS (not measured)" : pass ? "PASS" : "MISS"});
    }

    private void atLeast(String what, double lb, double peer, double factor) {
        double r = lb / peer;
        target(what, ratio(lb, peer), r >= factor, !Double.isNaN(r));
    }

    private void below(String what, double value, double limit, String unit) {
        target(what, num(value, "%.2f " + unit), value < limit, !Double.isNaN(value));
    }

    // ---- the document ----

    private String render() throws java.io.IOException {
        String mode = text("machine.mode", "?");
        out.append("# LoopBridge against its peers\n\n");
        out.append("Written by `benchmarks/run-all.sh").append(mode.equals("quick") ? " --quick" : "")
                .append("` (").append(mode).append(" mode); every figure below comes from this one run");
        if ("true".equals(f.get("ws.alone"))) {
            out.append(", except the WebSocket section's, measured alone on ").append(f.get("ws.date"))
                    .append(" (its own date, mode and load average are given there)");
        }
        out.append(".\n\n");
        if (f.containsKey("report.note")) {  // raw/note.tsv, written by hand when sections were rerun alone
            out.append(f.get("report.note")).append("\n\n");
        }
        out.append("| machine | |\n|---|---|\n");
        for (String[] m : new String[][] {{"date (UTC)", "machine.date"}, {"CPU", "machine.cpu"},
                {"cores", "machine.cores"}, {"memory", "machine.memory"}, {"OS", "machine.os"}, {"JDK", "machine.jdk"}, {"commit measured", "machine.commit"},
                {"open files (ulimit -n)", "machine.ulimit"}, {"load average before", "machine.load.before"},
                {"load average after", "machine.load.after"}, {"duration", "machine.duration"}}) {
            out.append("| ").append(m[0]).append(" | ").append(text(m[1], "?")).append(" |\n");
        }
        sections();
        targetsTable();
        moonshots();
        dispatch();
        latency();
        timers();
        network();
        many();
        pipes();
        webSockets();
        jmh("jmh-core", "run-all-core-jmh", "JMH, core: callSoon and timers against a one-thread ScheduledThreadPoolExecutor, futures against "
                + "CompletableFuture, stream reads against Netty's frame decoders");
        jmh("jmh-network", "run-all-network-jmh", "JMH, network: echo and ping-pong on the default loop against Netty NIO");
        if (f.containsKey("section.jmh-core.status") || f.containsKey("section.jmh-network.status")) {
            out.append("\nA JMH section whose status is FAILED with exit status 1 ran to its end but had a benchmark "
                + "fail or stall (a wait over 100 ms; see the STALL lines in its log and the stalls columns).\n");
        }
        out.append("\n## Charts\n");
        for (String c : Charts.NAMES) {
            out.append("\n![").append(c).append("](charts/").append(c).append(".png)\n");
        }
        return out.toString();
    }

    private void sections() {
        out.append("\n| section | status | seconds |\n|---|---|---:|\n");
        List<String> names = new ArrayList<>(List.of("fx", "swing", "net", "conn", "pipe", "ws", "wsidle", "jmh-core",
                "jmh-network"));
        f.keySet().stream().filter(k -> k.matches("section\\.ws\\d+\\.status")).map(k -> k.split("\\.")[1]).sorted()
                .forEach(names::add);  // the echo with more messages in flight (run-websocket-benchmarks.sh)
        for (String s : names) {
            if (f.containsKey("section." + s + ".status")) {
                out.append("| ").append(s).append(" | ").append(text("section." + s + ".status", "?")).append(" | ")
                        .append(text("section." + s + ".seconds", "?")).append(" |\n");
            }
        }
        List<String> errors = f.keySet().stream().filter(k -> k.endsWith(".error") || k.endsWith(".note")).toList();
        for (String k : errors) {
            out.append("\n- `").append(k).append("`: ").append(f.get(k));
        }
        if (!errors.isEmpty()) {
            out.append('\n');
        }
        out.append("\nThe machine has few cores and anything else running shows in these figures: compare the "
                + "load averages, and rerun on a quiet machine before drawing conclusions.\n");
    }

    private void targetsTable() {
        double fxLb = v("fx.dispatch.loopbridge.rate");
        double swLb = v("swing.dispatch.loopbridge.rate");
        atLeast("FX dispatch >= 10x Platform.runLater", fxLb, v("fx.dispatch.runlater.rate"), 10);
        atLeast("FX dispatch >= 10x Dispatchers.JavaFx", fxLb, v("fx.dispatch.kotlin.rate"), 10);
        below("FX: longest pulse gap while the backlog drains < 33 ms", v("fx.dispatch.loopbridge.gap"), 33, "ms");
        atLeast("Swing dispatch >= 10x EventQueue.invokeLater", swLb, v("swing.dispatch.invokelater.rate"), 10);
        atLeast("Swing dispatch >= 10x Dispatchers.Swing", swLb, v("swing.dispatch.kotlin.rate"), 10);
        below("Swing: longest frame gap while the backlog drains < 33 ms", v("swing.dispatch.loopbridge.gap"), 33, "ms");
        double p99 = v("fx.timer.loopbridge.p99");
        below("FX timer lateness p99 < 2 ms (idle loop)", p99, 2, "ms");
        double bestPeer = Double.POSITIVE_INFINITY;
        String bestName = "-";
        for (String peer : List.of("pause", "timeline", "stpe", "kotlin")) {
            double x = v("fx.timer." + peer + ".p99");
            if (Double.isNaN(x)) {
                bestPeer = Double.NaN;
                break;
            }
            if (x < bestPeer) {
                bestPeer = x;
                bestName = peer;
            }
        }
        target("FX timer lateness p99 below every timer peer", num(p99, "%.2f ms") + " vs best peer (" + bestName + ") "
                + num(bestPeer, "%.2f ms") + (f.containsKey("fx.timer.bestPeer.lo")
                        ? "; ratio " + p99Ratio("fx.timer.bestPeer") + ", " + p99Verdict("fx.timer.bestPeer") : ""),
                p99 < bestPeer, !Double.isNaN(p99) && !Double.isNaN(bestPeer));
        // Issue 15: LoopBridge's coroutine dispatcher (bridge-kotlin) against kotlinx's own UI dispatchers.
        atLeast("FX: LoopDispatchers dispatch >= 10x Dispatchers.JavaFx", v("fx.dispatch.kotlinloop.rate"),
                v("fx.dispatch.kotlin.rate"), 10);
        atLeast("Swing: LoopDispatchers dispatch >= 10x Dispatchers.Swing", v("swing.dispatch.kotlinloop.rate"),
                v("swing.dispatch.kotlin.rate"), 10);
        below("FX: delay on LoopDispatchers, lateness p99 < 2 ms", v("fx.timer.kotlinloop.p99"), 2, "ms");
        below("Swing: delay on LoopDispatchers, lateness p99 < 2 ms", v("swing.timer.kotlinloop.p99"), 2, "ms");
        double nioEcho = v("net.echo.netty-nio.rate");
        double nioPing = v("net.pingpong.netty-nio.rate");
        atLeast("default loop echo >= 0.8x Netty NIO", v("net.echo.lb-default.rate"), nioEcho, 0.8);
        atLeast("default loop ping-pong >= 0.8x Netty NIO", v("net.pingpong.lb-default.rate"), nioPing, 0.8);
        atLeast("FX loop echo >= 0.5x Netty NIO", v("net.echo.lb-fx.rate"), nioEcho, 0.5);
        atLeast("FX loop ping-pong >= 0.5x Netty NIO", v("net.pingpong.lb-fx.rate"), nioPing, 0.5);
        below("FX loop: longest pulse gap during echo < 33 ms", v("net.echo.lb-fx.gap"), 33, "ms");
        below("FX loop: longest pulse gap during ping-pong < 33 ms", v("net.pingpong.lb-fx.gap"), 33, "ms");
        double conns = v("conn.lb-fx.accepted");
        target("10,000 connections on the FX loop", num(conns, "%,.0f"), conns >= 10_000, !Double.isNaN(conns));
        double heap = v("conn.lb-fx.heapPerConn");
        target("heap per idle connection < 8 KiB", num(heap / 1024, "%.2f KiB"), heap < 8 * 1024, !Double.isNaN(heap));

        out.append("\n## Targets (issues 7 and 15)\n\n| target | measured | |\n|---|---|---|\n");
        for (String[] t : targets) {
            out.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]).append(" |\n");
        }
        long missed = targets.stream().filter(t -> !t[2].equals("PASS")).count();
        out.append(String.format(Locale.ROOT, "%n%d of %d targets met.%n", targets.size() - missed, targets.size()));
    }

    /** Issue 13's moonshots: reported every run, not counted among the targets. */
    private void moonshots() {
        out.append("\n## Moonshots (issue 13)\n\nNot targets: where this run stands against them.\n\n"
                + "| moonshot | measured | |\n|---|---|---|\n");
        double fx = v("fx.dispatch.loopbridge.rate") / v("fx.dispatch.runlater.rate");
        moonshot("FX dispatch >= 30x Platform.runLater", num(fx, "%.2fx"), fx >= 30);
        double gap = v("fx.backlog.loopbridge.gap");
        moonshot("FX: longest pulse gap while a 1 s backlog drains (2,000 callbacks of 0.5 ms, queued from one "
                + "loop callback after the dispatch part's flood; worst of 3) < 17 ms", num(gap, "%.2f ms")
                + ", median round " + num(v("fx.backlog.loopbridge.gapMedian"), "%.2f ms")
                + "; control, the same time with nothing queued: " + num(v("fx.backlog.loopbridge.idleGap"), "%.2f ms")
                + stalled("fx.backlog.loopbridge", "during the worst round"),
                gap < 17);
        for (String tk : List.of("fx", "swing")) {
            double p99 = v(tk + ".timer.loopbridge.p99");
            moonshot((tk.equals("fx") ? "FX" : "Swing") + " timer lateness p99 < 0.5 ms (idle loop)",
                    num(p99, "%.2f ms"), p99 < 0.5);
        }
        out.append("\nSwing, the same backlog: longest frame gap ").append(num(v("swing.backlog.loopbridge.gap"), "%.2f ms"))
                .append(" (a frame is a tick of the 16 ms `javax.swing.Timer`; control, nothing queued: ")
                .append(num(v("swing.backlog.loopbridge.idleGap"), "%.2f ms"))
                .append(stalled("swing.backlog.loopbridge", "during the worst round")).append("); drained in ")
                .append(num(v("fx.backlog.loopbridge.seconds"), "%.2f s")).append(" on FX, ")
                .append(num(v("swing.backlog.loopbridge.seconds"), "%.2f s")).append(" on Swing (median round).\n");
    }

    /**
     * The stall control of a gap ({@link MachineStalls}): "; another process's thread woke up to X
     * ms late {@code when}" (or "never woke more than 2 ms late"), or nothing for a run from
     * before the control.
     */
    private String stalled(String key, String when) {
        if (!f.containsKey(key + ".stall")) {
            return "";
        }
        double stall = v(key + ".stall");
        return stall > 0
                ? "; another process's thread woke up to " + num(stall, "%.1f ms") + " late " + when
                : "; another process's thread never woke more than " + MachineStalls.LATE_NANOS / 1_000_000
                        + " ms late " + when;
    }

    private void moonshot(String what, String measured, boolean met) {
        out.append("| ").append(what).append(" | ").append(measured).append(" | ")
                .append(measured.startsWith("not measured") ? "not measured" : met ? "met" : "not met").append(" |\n");
    }

    private void dispatch() {
        out.append("\n## Dispatch throughput onto the UI thread\n\n1,000,000 no-op callbacks posted from one "
                + "background thread as fast as it can; callbacks run per second (the median round, after warm-up rounds "
                + "for at least 1 s, the same time for each contender), and the longest "
                + "time without a frame while they drain (worst round). A frame is a JavaFX pulse, or on Swing "
                + "a tick of a 16 ms `javax.swing.Timer`. Ratio: LoopBridge / that row (higher is better for "
                + "LoopBridge).\n\n| toolkit | contender | callbacks/s | LoopBridge / this | longest frame gap | median round's |\n"
                + "|---|---|---:|---:|---:|---:|\n");
        for (String[] c : dispatchers()) {
            String k = c[0] + ".dispatch." + c[1];
            out.append("| ").append(c[0]).append(" | ").append(c[2]).append(" | ").append(num(v(k + ".rate"), "%,.0f"))
                    .append(" | ").append(ratio(v(c[0] + ".dispatch.loopbridge.rate"), v(k + ".rate"))).append(" | ")
                    .append(num(v(k + ".gap"), "%.1f ms")).append(" | ").append(num(v(k + ".gapMedian"), "%.1f ms"))
                    .append(" |\n");
        }
        for (String tk : List.of("fx", "swing")) {
            String k = tk + ".dispatch.loopbridge.";
            if (f.containsKey(k + "callbacksPerTick")) {
                out.append(String.format(Locale.ROOT, "%nLoopBridge on %s: %.0f callbacks per tick on average during "
                        + "the measured rounds, longest tick %.1f ms (the budget is 8 ms; a longer tick is a callback or "
                        + "the thread losing its core).", tk, v(k + "callbacksPerTick"), v(k + "longestTickMillis")));
            }
        }
        out.append('\n');
    }

    /** The ratio table of a JMH set run in this run ({@code run-*-benchmarks.sh}), if there is one. */
    private void jmh(String section, String name, String title) throws java.io.IOException {
        Path txt = resultsDir.resolve(name + ".txt");
        if (!f.containsKey("section." + section + ".status") || !Files.exists(txt)) {
            return;
        }
        String text = Files.readString(txt, StandardCharsets.UTF_8);
        int at = text.indexOf("LoopBridge (default loop) / peer");
        out.append("\n## ").append(title).append("\n\nFrom `results/").append(name).append(".txt` (JMH, 3 forks of 2 "
                + "warm-up and 6 measured iterations; scores with JMH's 99.9% error, each ratio with the interval they allow "
                + "and a verdict only when that interval is on one side of 1; the whole table and log beside it)."
                + "\n\n```\n").append(at >= 0 ? text.substring(at) : text).append("```\n");
    }

    /** One run of {@link WsSection}: its figures under {@code p}, its targets added to {@code wsTargets}. */
    private void wsEcho(String p, List<String[]> wsTargets) {
        String inFlight = ", " + text(p + ".inFlight", "1") + " in flight";
        out.append("\n### Echo, ").append(text(p + ".inFlight", "1")).append(text(p + ".inFlight", "1").equals("1") ? " message" : " messages")
                .append(" in flight\n\nMeasured ").append(text(p + ".date", "?")).append(" UTC by `")
                .append("WsSection` (").append(text(p + ".mode", "?")).append(" mode), load average ")
                .append(text(p + ".load.before", "?")).append(" before and ").append(text(p + ".load.after", "?"))
                .append(" after (2 cores shared with other work: indicative figures). JDK ").append(text(p + ".jdk", "?"))
                .append(", Netty ").append(text(p + ".netty", "?")).append(", Node.js ws ")
                .append(text(p + ".node.version", "?")).append(", Python websockets ").append(text(p + ".python.version", "?"))
                .append(".\n\n").append(text(p + ".inFlight", "1").equals("1")
                ? "One client over loopback sends a binary message (random bytes, no compression) and "
                + "the next when the echo is back: one message in flight, so messages/s is the reciprocal of the mean "
                + "round trip. "
                : "One client over loopback keeps " + text(p + ".inFlight", "?") + " binary messages (random bytes, no "
                + "compression) in flight (`-Dws.inFlight`): it sends that many, then one more per echo; each round trip "
                + "is timed from its own message's send, so it includes the wait behind the messages ahead of it. ")
                .append("Messages/s: the mean of the measured windows after a warm-up, with its 99.9% confidence "
                + "interval; round trips in microseconds over those windows; the longest JavaFX pulse gap meanwhile "
                + "(in parentheses on the rows whose client is not on the FX thread: that thread idles there, so its gap "
                + "is a control for the share of the cores the machine leaves the process). The server of the LoopBridge FX and JDK rows is LoopBridge on a default loop of its own "
                + "thread; the Node.js and Python servers run in processes of their own.\n");
        for (Object[] size : WsSection.SIZES) {
            String sz = (String) size[0];
            out.append("\n| ").append(sz.equals("64B") ? "64 B" : "64 KiB").append(" messages: client -> server "
                    + "| messages/s | ± 99.9% | p50 us | p99 us | max us | pulse gap |\n|---|---:|---:|---:|---:|---:|---:|\n");
            for (String[] c : WsSection.CONTENDERS) {
                String k = p + "." + sz + "." + c[0];
                out.append("| ").append(c[1]).append(" | ").append(num(v(k + ".rate"), "%,.0f")).append(" | ")
                        .append(num(v(k + ".err"), "%,.0f")).append(" | ").append(num(v(k + ".p50"), "%,.0f"))
                        .append(" | ").append(num(v(k + ".p99"), "%,.0f")).append(" | ").append(num(v(k + ".max"), "%,.0f"))
                        .append(" | ").append(!f.containsKey(k + ".gap") ? "-" : c[0].equals("lb-fx") || c[0].equals("jdk-runlater")
                                ? num(v(k + ".gap"), "%.1f ms") : "(" + num(v(k + ".gap"), "%.1f ms") + ")").append(" |\n");
            }
            out.append("\nRatios of messages/s, with the interval the two 99.9% intervals allow:\n\n");
            for (String[] r : WsSection.RATIOS) {
                out.append("- ").append(r[0]).append(" / ").append(r[1]).append(": ")
                        .append(text(p + "." + sz + ".ratio." + r[0] + "/" + r[1], "not measured")).append('\n');
            }
        }
        for (Object[] size : WsSection.SIZES) {
            String sz = (String) size[0];
            double lbDefault = v(p + "." + sz + ".lb-default.rate");
            double lbFx = v(p + "." + sz + ".lb-fx.rate");
            double netty = v(p + "." + sz + ".netty.rate");
            double netty2t = v(p + "." + sz + ".netty-2t.rate");
            double jdk = v(p + "." + sz + ".jdk-runlater.rate");
            double gap = v(p + "." + sz + ".lb-fx.gap");
            wsTargets.add(verdict("default loop >= 1.0x Netty, " + sz + inFlight, ratio(lbDefault, netty), lbDefault / netty >= 1.0));
            wsTargets.add(verdict("FX loop >= 0.8x Netty, " + sz + inFlight, ratio(lbFx, netty), lbFx / netty >= 0.8));
            // Like for like: the FX row's client and server are on two threads, as are netty-2t's.
            wsTargets.add(verdict("FX loop >= 0.8x Netty on two threads (client and server apart, as on the FX row), "
                    + sz + inFlight, ratio(lbFx, netty2t), lbFx / netty2t >= 0.8));
            wsTargets.add(verdict("FX loop: longest pulse gap < 33 ms, " + sz + inFlight, num(gap, "%.1f ms")
                    + stalled(p + "." + sz + ".lb-fx", "meanwhile"), gap < 33));
            wsTargets.add(verdict("FX loop >= 3x JDK client + runLater, " + sz + inFlight, ratio(lbFx, jdk), lbFx / jdk >= 3));
        }
    }

    /** The WebSocket sections ({@link WsSection}, {@link WsIdleSection}), with the targets of issue 14. */
    private void webSockets() {
        List<String> prefixes = new ArrayList<>();
        if (f.containsKey("ws.mode")) {
            prefixes.add("ws");
        }
        f.keySet().stream().filter(k -> k.matches("ws\\d+\\.mode")).map(k -> k.substring(0, k.indexOf('.'))).sorted()
                .forEach(prefixes::add);
        if (prefixes.isEmpty() && !f.containsKey("wsidle.fdlimit")) {
            return;
        }
        out.append("\n## WebSockets (issue 14)\n");
        List<String[]> wsTargets = new ArrayList<>();
        for (String p : prefixes) {
            wsEcho(p, wsTargets);
        }
        double heap = v("wsidle.heapPerSocket");
        double heapUsed = v("wsidle.heapPerSocketAfterUse");
        double sockets = v("wsidle.connected");
        wsTargets.add(verdict("10,000 idle WebSockets on the FX loop", num(sockets, "%,.0f"), sockets >= 10_000));
        wsTargets.add(verdict("heap per idle WebSocket < 8 KiB (after the handshake)", num(heap / 1024, "%.2f KiB"),
                heap < 8 * 1024));
        wsTargets.add(verdict("heap per idle WebSocket < 8 KiB (after one echo each)", num(heapUsed / 1024, "%.2f KiB"),
                heapUsed < 8 * 1024));
        double heapDeflate = v("wsidle.deflate.heapPerSocket");
        wsTargets.add(verdict("heap per idle WebSocket < 8 KiB, permessage-deflate agreed",
                num(heapDeflate / 1024, "%.2f KiB"), heapDeflate < 8 * 1024));
        out.append("\nIdle WebSockets (`WsIdleSection`, load average ").append(text("wsidle.load.before", "?"))
                .append(" before, ").append(text("wsidle.load.after", "?")).append(" after): a LoopBridge echo server on "
                + "the FX loop takes the sockets from a client process (LoopBridge, 256 handshakes in flight), each "
                + "handler waiting in `receive()`; used heap after full GCs, minus the same before the server started, "
                + "divided by the sockets; measured right after the handshakes and again after every socket echoed one "
                + "64-byte message; twice: permessage-deflate off, then agreed (the defaults on both sides, as with a "
                + "browser).\n\n| idle WebSockets | compression off | permessage-deflate "
                + "agreed |\n|---|---:|---:|\n");
        for (String[] row : new String[][] {{"sockets", "connected", "%,.0f", "1"}, {"heap per socket (KiB)", "heapPerSocket", "%.2f", "1024"},
                {"heap per socket after one echo (KiB)", "heapPerSocketAfterUse", "%.2f", "1024"},
                {"resident memory per socket (KiB; coarse: VmRSS)", "rssPerSocket", "%.1f", "1024"},
                {"resident memory per socket after one echo (KiB)", "rssPerSocketAfterUse", "%.1f", "1024"},
                {"connect time for all (ms)", "connectMillis", "%,.0f", "1"}, {"longest pulse gap while connecting (ms)", "gap", "%.1f", "1"}}) {
            double unit = Double.parseDouble(row[3]);
            out.append("| ").append(row[0]).append(" | ").append(num(v("wsidle." + row[1]) / unit, row[2])).append(" | ")
                    .append(num(v("wsidle.deflate." + row[1]) / unit, row[2])).append(" |\n");
        }
        out.append("\nThe echo is 64 bytes, below the compression threshold (128 B): with deflate agreed it leaves the "
                + "zlib state unmade, as on a socket that only ever carries small messages.\n\n"
                + "| target (issue 14) | measured | |\n|---|---|---|\n");
        for (String[] t : wsTargets) {
            out.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]).append(" |\n");
        }
    }

    private static String[] verdict(String what, String measured, boolean pass) {
        return new String[] {what, measured, measured.equals("-") || measured.startsWith("not measured")
                ? "MISS (not measured)" : pass ? "PASS" : "MISS"};
    }

    static String[][] dispatchers() {
        return new String[][] {{"fx", "loopbridge", "FxEventLoop.execute"}, {"fx", "runlater", "Platform.runLater"},
            {"fx", "kotlin", "Dispatchers.JavaFx"}, {"fx", "kotlinloop", "LoopDispatchers.of(loop)"},
            {"swing", "loopbridge", "SwingEventLoop.execute"}, {"swing", "invokelater", "EventQueue.invokeLater"},
            {"swing", "kotlin", "Dispatchers.Swing"}, {"swing", "kotlinloop", "LoopDispatchers.of(loop)"}};
    }

    static String[][] timerContenders() {
        return new String[][] {{"fx", "loopbridge", "FxEventLoop.callLater"}, {"fx", "pause", "PauseTransition"},
            {"fx", "timeline", "Timeline"}, {"fx", "stpe", "STPE + runLater"}, {"fx", "kotlin", "delay, Dispatchers.JavaFx"},
            {"fx", "kotlinloop", "delay, LoopDispatchers.of(loop)"},
            {"swing", "loopbridge", "SwingEventLoop.callLater"}, {"swing", "swingtimer", "javax.swing.Timer"},
            {"swing", "stpe", "STPE + invokeLater"}, {"swing", "kotlin", "delay, Dispatchers.Swing"},
            {"swing", "kotlinloop", "delay, LoopDispatchers.of(loop)"}};
    }

    static String[][] netContenders() {
        return new String[][] {{"lb-default", "LoopBridge, default loop"}, {"lb-fx", "LoopBridge, FX loop"},
            {"lb-swing", "LoopBridge, Swing loop"}, {"netty-nio", "Netty NIO"}, {"netty-epoll", "Netty epoll"},
            {"vthreads", "blocking sockets, virtual threads"}};
    }

    private void latency() {
        out.append("\n## Dispatch latency from another thread\n\nOne callback at a time, posted 0.5-1.5 ms apart ("
                + count("latency") + " per contender, idle and again under load), "
                + "the contenders taking turns probe by probe (in a new order each round); post-to-run time in microseconds. Idle: nothing else "
                + "runs. Under load: another thread posts 100 callbacks of 5 us of work every millisecond, its bursts "
                + "through each contender in turn (the UI thread about half busy). Ratio: LoopBridge p99 / that row's p99 (lower is better for LoopBridge), "
                + "with its " + P99_INTERVAL + ".\n\n"
                + "| toolkit | contender | idle p50 | p99 | max | LB/this p99 | loaded p50 | p99 | max | LB/this p99 |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String[] c : dispatchers()) {
            out.append("| ").append(c[0]).append(" | ").append(c[2]);
            for (String load : List.of("idle", "load")) {
                String k = c[0] + ".latency." + load + "." + c[1];
                out.append(" | ").append(num(v(k + ".p50"), "%,.0f")).append(" | ").append(num(v(k + ".p99"), "%,.0f"))
                        .append(" | ").append(num(v(k + ".max"), "%,.0f")).append(" | ")
                        .append(c[1].equals("loopbridge") ? "-" : p99Ratio(k + ".lbRatio"));
            }
            out.append(" |\n");
        }
        out.append("\nLoopBridge's p99 over the best peer's (the lower of the peers' p99s, chosen afresh in each "
                + "resample; `LoopDispatchers` is LoopBridge's own):\n");
        for (String tk : List.of("fx", "swing")) {
            for (String load : List.of("idle", "load")) {
                String k = tk + ".latency." + load + ".bestPeer";
                if (f.containsKey(k)) {
                    out.append("\n- ").append(tk.equals("fx") ? "JavaFX" : "Swing").append(", ")
                            .append(load.equals("idle") ? "idle" : "under load").append(": ").append(p99Ratio(k))
                            .append(", ").append(p99Verdict(k)).append('.');
                }
            }
        }
        out.append('\n');
    }

    /** How the p99 ratios' intervals are made (see P99Ratio). */
    private static final String P99_INTERVAL = "99% interval (a paired bootstrap over the rounds, "
            + P99Ratio.REPLICATES + " resamples), and a verdict only when that interval is on one side of 1";

    /** A p99 ratio recorded under {@code key} with its interval, or the old point ratio's "-". */
    private String p99Ratio(String key) {
        return f.containsKey(key + ".lo") ? ratioWithInterval(key) : "-";
    }

    /** "LoopBridge lower", "LoopBridge higher" or "no difference", as the interval of {@code key} allows. */
    private String p99Verdict(String key) {
        String verdict = new P99Ratio.Interval(v(key), v(key + ".lo"), v(key + ".hi")).verdict();
        return verdict.equals("no difference") || verdict.equals("not measured") ? verdict : "LoopBridge " + verdict;
    }

    /**
     * How many samples each contender gave in a part of the dispatch sections ({@code "timer"},
     * {@code "latency"}), as the sections recorded it ("FX n, Swing m" when they differ).
     */
    private String count(String part) {
        String fx = num(v("fx." + part + ".count"), "%,.0f");
        String swing = num(v("swing." + part + ".count"), "%,.0f");
        return fx.equals(swing) ? fx : "FX " + fx + ", Swing " + swing;
    }

    private void timers() {
        out.append("\n## Timer lateness\n\nAfter a warm-up of 20,000 timers of 1 ms started in batches of 500 "
                + "(so that each contender's start path is compiled), one-shot 10 ms timers (" + count("timer") + " per contender) started on the UI "
                + "thread at a random phase, one at a time, the contenders taking turns timer by timer (in a new order each round); how late each fired, in milliseconds. Ratio: LoopBridge p99 / that row's p99 (lower "
                + "is better for LoopBridge), with its " + P99_INTERVAL + ".\n\n| toolkit | timer | p50 | p99 | max | LB/this p99 |\n"
                + "|---|---|---:|---:|---:|---:|\n");
        for (String[] c : timerContenders()) {
            String k = c[0] + ".timer." + c[1];
            out.append("| ").append(c[0]).append(" | ").append(c[2]).append(" | ").append(num(v(k + ".p50"), "%.2f"))
                    .append(" | ").append(num(v(k + ".p99"), "%.2f")).append(" | ").append(num(v(k + ".max"), "%.2f"))
                    .append(" | ").append(c[1].equals("loopbridge") ? "-" : p99Ratio(k + ".lbRatio")).append(" |\n");
        }
        for (String tk : List.of("fx", "swing")) {
            String k = tk + ".timer.bestPeer";
            if (f.containsKey(k)) {
                out.append("\n- ").append(tk.equals("fx") ? "JavaFX" : "Swing").append(": LoopBridge's p99 over the best "
                        + "timer peer's ").append(p99Ratio(k)).append(", ").append(p99Verdict(k)).append('.');
            }
        }
        out.append('\n');
    }

    private void network() {
        out.append("\n## TCP over loopback\n\nAn echo server and one client on one thread. Echo: 64 KiB writes, 2 "
                + "in flight, MiB echoed per second. Ping-pong: 1 byte, round trips per second. Median of the "
                + "measured windows after a warm-up; on the toolkit loops, the longest frame gap meanwhile. Ratio: "
                + "that row / Netty NIO (higher is better).\n\n"
                + "| contender | echo MiB/s | / Netty NIO | frame gap | ping-pong round trips/s | / Netty NIO | frame gap |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (String[] c : netContenders()) {
            out.append("| ").append(c[1]);
            for (String test : List.of("echo", "pingpong")) {
                String k = "net." + test + "." + c[0];
                out.append(" | ").append(num(v(k + ".rate"), test.equals("echo") ? "%,.1f" : "%,.0f")).append(" | ")
                        .append(ratio(v(k + ".rate"), v("net." + test + ".netty-nio.rate"))).append(" | ")
                        .append(f.containsKey(k + ".gap") ? num(v(k + ".gap"), "%.1f ms") : "-");
            }
            out.append(" |\n");
        }
    }

    private void many() {
        out.append("\n## Many connections\n\nConnections from a separate client process (512 connects in flight) to "
                + "an echo server on the JavaFX loop, and to Netty NIO on one thread. Accept rate: server side, first "
                + "to last accept. Memory per idle connection: used heap (and direct buffers) after full GCs, with "
                + "the connections open minus before the server started, divided by the connections. Then every "
                + "connection plays 64-byte ping-pong from its own virtual thread in the client process: round trips "
                + "per second, and the longest JavaFX pulse gap meanwhile (the client process shares the cores). "
                + "Ratio: LoopBridge / Netty.\n\n| | LoopBridge, FX loop | Netty NIO | LoopBridge / Netty |\n"
                + "|---|---:|---:|---:|\n");
        for (String[] row : new String[][] {{"connections accepted", "accepted", "%,.0f"},
                {"accept rate (connections/s)", "acceptRate", "%,.0f"}, {"heap per idle connection (bytes)", "heapPerConn", "%,.0f"},
                {"direct memory per idle connection (bytes)", "directPerConn", "%,.0f"},
                {"round trips/s, all exchanging", "roundTripRate", "%,.0f"},
                {"longest pulse gap while all exchange (ms; Netty's column: the FX thread that Netty leaves alone, a control for the machine's share)", "gap", "%.1f"}}) {
            double a = v("conn.lb-fx." + row[1]);
            double b = v("conn.netty-nio." + row[1]);
            out.append("| ").append(row[0]).append(" | ").append(num(a, row[2])).append(" | ").append(num(b, row[2]))
                    .append(" | ").append(Math.abs(b) < 1 ? "-" : ratio(a, b)).append(" |\n");
        }
    }

    /** The ratio {@code key} with its interval, as "0.85x [0.70, 0.97]", or "-". */
    private String ratioWithInterval(String key) {
        double r = v(key);
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx [%.2f, %.2f]", r, v(key + ".lo"), v(key + ".hi"));
    }

    private void pipes() {
        if (!f.containsKey("section.pipe.status") && !f.containsKey("pipe.plain.rate")) {
            return;
        }
        out.append("\n## Subprocess pipes (issue 18)\n\n").append(num(v("pipe.mib"), "%,.0f"))
                .append(" MiB through `cat`: 64 KiB writes to its stdin while its stdout is read, each round "
                + "plain Java (a thread writing the `Process`'s stdin stream, another reading stdout), LoopBridge's "
                + "`exec` on the default and the JavaFX loop (writes paced by `drain()`, reads of up to 1 MiB, a new "
                + "array each), the default loop again reading with `readInto` into one reused 1 MiB array (as plain "
                + "Java reads), and Python asyncio "
                + "(`create_subprocess_exec`, `benchmarks/pipe_asyncio.py`) back to back, after a warm-up of 2 GiB through each Java contender (its loops turn once per 64 KiB chunk, so the JIT takes some GiB to compile them). MiB/s: the median round. "
                + "Ratio: the median of the rounds' own ratios LoopBridge / that row, [lowest, highest] round. "
                + "Measured at " + text("pipe.date", "?") + " UTC (the section may have run on its own: compare with the "
                + "date above); load average around the section: ")
                .append(text("pipe.load.before", "?")).append(" before, ").append(text("pipe.load.after", "?"))
                .append(" after: on a loaded machine these are indicative only.\n\n"
                + "| contender | MiB/s | JVM CPU s per GiB | default loop / this | FX loop / this |\n|---|---:|---:|---:|---:|\n");
        for (String[] c : new String[][] {{"plain", "plain Java, a thread per pipe"}, {"lb-default", "LoopBridge, default loop"},
            {"lb-into", "LoopBridge, default loop, `readInto` one reused array"},
            {"lb-fx", "LoopBridge, FX loop"}, {"python", "Python asyncio"}}) {
            if (c[0].equals("lb-into") && !f.containsKey("pipe.lb-into.rate")) {
                continue;
            }
            String vs = c[0].equals("plain") ? "vsPlain" : c[0].equals("python") ? "vsPython" : null;
            out.append("| ").append(c[1]).append(" | ").append(num(v("pipe." + c[0] + ".rate"), "%,.0f")).append(" | ")
                    .append(c[0].equals("python") ? "-" : num(v("pipe." + c[0] + ".cpuPerGiB"), "%.2f")).append(" | ")
                    .append(vs == null ? "-" : ratioWithInterval("pipe.lb-default." + vs)).append(" | ")
                    .append(vs == null ? "-" : ratioWithInterval("pipe.lb-fx." + vs)).append(" |\n");
        }
        out.append("\nFX loop: longest pulse gap during the transfer ").append(num(v("pipe.lb-fx.gap"), "%.1f ms"))
                .append(" (worst round; median round ").append(num(v("pipe.lb-fx.gapMedian"), "%.1f ms")).append(").\n");
        boolean lines = f.containsKey("pipe.lines.plain.rate");
        if (lines) {
            pipeLines();
        }
        out.append("\n| target (issue 18) | measured | |\n|---|---|---|\n");
        pipeTarget("default loop >= 1.0x plain Java", "pipe.lb-default.vsPlain", 1.0);
        pipeTarget("default loop >= 2x Python asyncio", "pipe.lb-default.vsPython", 2.0);
        if (f.containsKey("pipe.lb-into.rate")) {
            pipeTarget("default loop, `readInto` >= 1.0x plain Java", "pipe.lb-into.vsPlain", 1.0);
            pipeTarget("default loop, `readInto` >= 2x Python asyncio", "pipe.lb-into.vsPython", 2.0);
        }
        pipeTarget("FX loop >= 1.0x plain Java", "pipe.lb-fx.vsPlain", 1.0);
        if (lines) {
            pipeTarget("lines: default loop >= 1.0x plain Java", "pipe.lines.lb-default.vsPlain", 1.0);
            pipeTarget("lines: default loop >= 2x Python asyncio", "pipe.lines.lb-default.vsPython", 2.0);
            pipeTarget("lines: FX loop >= 1.0x plain Java", "pipe.lines.lb-fx.vsPlain", 1.0);
        }
        double gap = v("pipe.lb-fx.gap");
        out.append("| FX loop: longest pulse gap < 33 ms | ").append(num(gap, "%.1f ms")).append(" | ")
                .append(Double.isNaN(gap) ? "MISS (not measured)" : gap < 33 ? "PASS" : "MISS").append(" |\n");
    }

    /** The lines-per-second table of the pipe section. */
    private void pipeLines() {
        out.append("\nLines per second: `seq 1 ").append(num(v("pipe.lines.count"), "%,.0f"))
                .append("` (short lines; seq alone writes some 70 million a second into a pipe, far above every reader) "
                + "read line by line, each round plain Java (a `BufferedReader` over the `Process`'s stdout, "
                + "`readLine` on one thread), `forEachLine` on the child's stdout on the default and the JavaFX loop, "
                + "and Python asyncio (`await proc.stdout.readline()` in a loop, `pipe_asyncio.py lines N`) back to "
                + "back, in the same run as the table above.\n\n"
                + "| contender | M lines/s | JVM CPU s per M lines | default loop / this | FX loop / this |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (String[] c : new String[][] {{"plain", "plain Java, BufferedReader.readLine"},
            {"lb-default", "LoopBridge, default loop, forEachLine"}, {"lb-fx", "LoopBridge, FX loop, forEachLine"},
            {"python", "Python asyncio, readline()"}}) {
            String vs = c[0].equals("plain") ? "vsPlain" : c[0].equals("python") ? "vsPython" : null;
            out.append("| ").append(c[1]).append(" | ").append(num(v("pipe.lines." + c[0] + ".rate") / 1e6, "%.2f"))
                    .append(" | ").append(c[0].equals("python") ? "-" : num(v("pipe.lines." + c[0] + ".cpuPerMLines"), "%.2f"))
                    .append(" | ").append(vs == null ? "-" : ratioWithInterval("pipe.lines.lb-default." + vs))
                    .append(" | ").append(vs == null ? "-" : ratioWithInterval("pipe.lines.lb-fx." + vs)).append(" |\n");
        }
        out.append("\nFX loop: longest pulse gap while the lines stream in ")
                .append(num(v("pipe.lines.lb-fx.gap"), "%.1f ms")).append(" (worst round).\n");
    }

    /** A ratio target, PASS only when the median round meets it. */
    private void pipeTarget(String what, String key, double factor) {
        double r = v(key);
        out.append("| ").append(what).append(" | ").append(ratioWithInterval(key)).append(" | ")
                .append(Double.isNaN(r) ? "MISS (not measured)" : r >= factor ? "PASS" : "MISS").append(" |\n");
    }
}
