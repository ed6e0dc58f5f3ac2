package dev.loopbridge.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * The many-connections section of the end-to-end run:
 * {@code java ... ManySection OUT.tsv [quick|full] [CONNECTIONS]} (10,000 by default, fewer if
 * the file-descriptor limit is lower). An echo server on the JavaFX loop (and its peer, Netty NIO
 * on one thread) takes {@code CONNECTIONS} connections from a client process
 * ({@link ManyClients}); measured: the accept rate (server side, first to last accept), the heap
 * and direct memory per idle connection (used heap after full GCs, before and after), and, while
 * every connection plays 64-byte ping-pong, the round trips per second and the longest gap between
 * JavaFX pulses. Main thread; every wait has a deadline.
 */
public final class ManySection {

    private ManySection() {
    }

    /** Opens a server. */
    @FunctionalInterface
    private interface ServerStart {
        ManyServers.Running start() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 1 && args[1].equals("quick");
        int wanted = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        long exchangeMillis = quick ? 3000 : 10_000;
        Figures figures = new Figures(Path.of(args[0]));
        long fdLimit = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        int count = (int) Math.min(wanted, fdLimit - 500);
        figures.put("conn.fdlimit", fdLimit);
        if (count < wanted) {
            figures.put("conn.note", "the open-files limit (" + fdLimit + ") allows " + count + " of the "
                    + wanted + " connections in one process");
        }
        Beats beats = UiToolkit.startFx();
        DispatchSection.guarded(figures, "conn.lb-fx", () -> measure("conn.lb-fx", ManyServers::loopBridgeFx,
                count, exchangeMillis, beats, figures));
        DispatchSection.guarded(figures, "conn.netty-nio", () -> measure("conn.netty-nio", ManyServers::nettyNio,
                count, exchangeMillis, beats, figures));
        Platform.exit();
        System.exit(0);
    }

    private static void measure(String key, ServerStart start, int count, long exchangeMillis, Beats beats,
            Figures figures) throws Exception {
        long heap0 = usedHeapAfterGc();
        long direct0 = directMemory();
        ManyServers.Running server = start.start();
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process client = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    ManyClients.class.getName(), String.valueOf(server.port()), String.valueOf(count))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BlockingQueue<String> lines = linesOf(client);
            try (OutputStream toClient = client.getOutputStream()) {
                String[] connected = expect(lines, "connected", 180).split(" ", 4);
                int opened = Integer.parseInt(connected[1]);
                figures.put(key + ".connections", opened);
                figures.put(key + ".connectMillis", Double.parseDouble(connected[2]));
                if (connected.length > 3) {
                    figures.put(key + ".clientError", connected[3]);
                }
                int accepted = server.awaitAccepted(opened, TimeUnit.SECONDS.toNanos(60));
                figures.put(key + ".accepted", accepted);
                figures.put(key + ".acceptRate", (accepted - 1) / ((server.lastAccept - server.firstAccept) / 1e9));
                Thread.sleep(500);
                long heap1 = usedHeapAfterGc();
                long direct1 = directMemory();
                figures.put(key + ".heapPerConn", (heap1 - heap0) / (double) accepted);
                figures.put(key + ".directPerConn", (direct1 - direct0) / (double) accepted);

                long t0 = System.nanoTime();
                send(toClient, "exchange " + exchangeMillis);
                long roundTrips = Long.parseLong(expect(lines, "exchanged", exchangeMillis / 1000 + 120).split(" ")[1]);
                long t1 = System.nanoTime();
                figures.put(key + ".roundTripRate", roundTrips / (exchangeMillis / 1e3));
                figures.put(key + ".gap", UiToolkit.call(Platform::runLater, () -> beats.longestGap(t0, t1)));
                send(toClient, "close");
            } finally {
                if (!client.waitFor(30, TimeUnit.SECONDS)) {
                    client.destroyForcibly();
                }
            }
        } finally {
            server.stop();
        }
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

    /** The next line of the client that starts with {@code word}, waiting at most {@code seconds}. */
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

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long directMemory() {
        long used = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                used += pool.getMemoryUsed();
            }
        }
        return used;
    }
}
