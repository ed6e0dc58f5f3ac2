package dev.loopbridge.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javafx.application.Platform;

import com.sun.management.UnixOperatingSystemMXBean;

import dev.loopbridge.benchmarks.ws.IdleClients;
import dev.loopbridge.benchmarks.ws.LoopBridgeWs;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.Server;
import dev.loopbridge.javafx.FxEventLoop;

/**
 * Idle WebSockets on the FX loop: {@code java ... WsIdleSection OUT.tsv [quick|full] [COUNT]}
 * (10,000 by default, fewer if the open-files limit is lower). A LoopBridge echo server on the
 * JavaFX loop (Monocle) takes {@code COUNT} WebSockets from a client process
 * ({@link IdleClients}); each handler waits in {@code receive()}. Measured in the server's JVM:
 * the used heap after full GCs with the sockets open and idle, minus the same before the server
 * started, divided by the sockets — once right after the handshakes, and once more after every
 * socket echoed one 64-byte message (idle again, after use); and the longest pulse gap while the
 * sockets connect. Twice: with permessage-deflate off, then with the defaults on both sides
 * (offered and accepted, as with a browser), figures under {@code wsidle.deflate.*}; the process's
 * resident memory per socket is recorded too, for what zlib holds outside the heap. Main thread.
 */
public final class WsIdleSection {

    private WsIdleSection() {
    }

    public static void main(String[] args) throws Exception {
        int wanted = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Figures figures = new Figures(Path.of(args[0]));
        long fdLimit = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        int count = (int) Math.min(wanted, fdLimit - 500);
        figures.put("wsidle.fdlimit", fdLimit);
        figures.put("wsidle.load.before", WsSection.loadAverage());
        if (count < wanted) {
            figures.put("wsidle.note", "the open-files limit (" + fdLimit + ") allows " + count + " of the "
                    + wanted + " WebSockets in one process");
        }
        Beats beats = UiToolkit.startFx();
        DispatchSection.guarded(figures, "wsidle", () -> measure("wsidle", false, count, beats, figures));
        DispatchSection.guarded(figures, "wsidle.deflate", () -> measure("wsidle.deflate", true, count, beats, figures));
        figures.put("wsidle.load.after", WsSection.loadAverage());
        Platform.exit();
        System.exit(0);
    }

    private static void measure(String key, boolean deflate, int count, Beats beats, Figures figures) throws Exception {
        EventLoop fx = FxEventLoop.create();
        long heap0 = usedHeapAfterGc();
        long rss0 = residentBytes();
        AtomicInteger open = new AtomicInteger();
        Server server = get(fx.submit(() -> dev.loopbridge.web.WebSockets.serve(fx,
                dev.loopbridge.core.ServerOptions.bind("127.0.0.1", 0),
                deflate ? dev.loopbridge.web.WebSocketOptions.defaults() : LoopBridgeWs.OPTIONS, ws -> {
                    open.incrementAndGet();
                    return LoopBridgeWs.echo(ws);
                })).thenCompose(f -> f));
        int port = LoopBridgeWs.port(fx, server);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process client = new ProcessBuilder(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                IdleClients.class.getName(), String.valueOf(port), String.valueOf(count), deflate ? "deflate" : "plain")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<String> lines = linesOf(client);
        try (OutputStream toClient = client.getOutputStream()) {
            long t0 = System.nanoTime();
            String[] connected = expect(lines, "connected", 300).split(" ", 4);
            long t1 = System.nanoTime();
            int opened = Integer.parseInt(connected[1]);
            figures.put(key + ".connected", opened);
            figures.put(key + ".connectMillis", Double.parseDouble(connected[2]));
            if (connected.length > 3) {
                figures.put(key + ".clientError", connected[3]);
            }
            figures.put(key + ".gap", UiToolkit.call(Platform::runLater, () -> beats.longestGap(t0, t1)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (open.get() < opened && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            figures.put(key + ".handlers", open.get());
            long heap1 = usedHeapAfterGc();
            figures.put(key + ".heapPerSocket", (heap1 - heap0) / (double) opened);
            figures.put(key + ".rssPerSocket", (residentBytes() - rss0) / (double) opened);
            send(toClient, "echo");
            expect(lines, "echoed", 180);
            long heap2 = usedHeapAfterGc();
            figures.put(key + ".heapPerSocketAfterUse", (heap2 - heap0) / (double) opened);
            figures.put(key + ".rssPerSocketAfterUse", (residentBytes() - rss0) / (double) opened);
            send(toClient, "close");
        } finally {
            if (!client.waitFor(60, TimeUnit.SECONDS)) {
                client.destroyForcibly();
            }
            get(fx.submit(() -> {
                server.close();
                return null;
            }));
            fx.close();
        }
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static BlockingQueue<String> linesOf(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("error " + e);
            }
            lines.add("exited");
        });
        return lines;
    }

    private static String expect(BlockingQueue<String> lines, String word, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("the client process said no '" + word + "' within " + seconds + " s");
            }
            if (line.startsWith(word + " ")) {
                return line;
            }
            if (line.equals("exited") || line.startsWith("error ")) {
                throw new IllegalStateException("the client process ended before '" + word + "': " + line);
            }
        }
    }

    /**
     * The process's resident memory (VmRSS), which counts what the heap does not: zlib's state
     * behind each {@code Deflater} and {@code Inflater}, socket buffers in the JDK. Coarse (the heap
     * grows and shrinks in it too): a cross-check, not the target's figure.
     */
    private static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return 0;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
