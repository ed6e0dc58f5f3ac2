package dev.loopbridge.benchmarks.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.LoopStats;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * A soak run: one default loop carrying a mixed load for a given time — repeating and cancelled
 * timers, {@code callSoon} floods from the loop and from another thread, TCP line echo and
 * WebSocket echo clients that reconnect now and then, and short subprocesses — while a sampler
 * thread writes, every few seconds, the heap after a GC, the JVM's threads and open descriptors,
 * and the loop's {@link LoopStats} (recent lag p99, longest tick) to a TSV. Leaks show as a slope.
 *
 * <p>{@code java -cp benchmarks.jar dev.loopbridge.benchmarks.soak.Soak MINUTES SAMPLE_SECONDS OUT.tsv};
 * {@code benchmarks/soak.sh} builds, runs it and plots the TSV with {@link SoakPlot}.
 */
public final class Soak {

    private static final int TCP_CLIENTS = 20;
    private static final int WS_CLIENTS = 10;
    private static final int REPEATING_TIMERS = 200;

    private final EventLoop loop;
    private final Random random = new Random(21);
    private final AtomicLong tcpEchoes = new AtomicLong();
    private final AtomicLong wsEchoes = new AtomicLong();
    private final AtomicLong timersFired = new AtomicLong();
    private final AtomicLong callbacks = new AtomicLong();
    private final AtomicLong processes = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running = true;
    private Server tcpServer;
    private Server wsServer;

    private Soak(EventLoop loop) {
        this.loop = loop;
        loop.setExceptionHandler((l, error, context) -> {
            errors.incrementAndGet();
            System.err.println("soak: reported: " + context + ": " + error);
        });
    }

    /**
     * Runs the soak.
     *
     * @param args minutes, seconds between samples, the TSV to write
     * @throws Exception if the run cannot start or the TSV cannot be written
     */
    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path out = Path.of(args.length > 2 ? args[2] : "soak.tsv");
        EventLoop loop = EventLoops.newDefault(LoopOptions.defaults().withName("soak"));
        Soak soak = new Soak(loop);
        try {
            soak.start();
            soak.sample(out, Duration.ofMillis((long) (minutes * 60_000)), Duration.ofSeconds(every));
        } finally {
            soak.running = false;
            loop.submit(() -> {
                soak.tcpServer.close();
                soak.tcpServer.closeConnections();
                soak.wsServer.close();
                soak.wsServer.closeConnections();
                return null;
            }).get(10, TimeUnit.SECONDS);
            loop.close();
        }
        System.out.println("soak: errors reported: " + soak.errors.get());
        System.exit(soak.errors.get() == 0 ? 0 : 1);
    }

    private void start() throws Exception {
        loop.submit(() -> {
            for (int i = 0; i < REPEATING_TIMERS; i++) {
                repeat();
            }
            loop.callLater(Duration.ofMillis(100), this::churnTimers);
            loop.callLater(Duration.ofMillis(200), this::floodFromLoop);
            loop.callLater(Duration.ofSeconds(1), this::spawn);
            return null;
        }).get(10, TimeUnit.SECONDS);
        tcpServer = loop.startServer(conn -> conn.reader().forEachLine(line -> conn.writer().writeLine(line)),
                ServerOptions.bind("127.0.0.1", 0)).get(10, TimeUnit.SECONDS);
        wsServer = WebSockets.serve(loop, ServerOptions.bind("127.0.0.1", 0), WebSocketOptions.defaults(),
                ws -> echoMessages(ws)).get(10, TimeUnit.SECONDS);
        int tcpPort = port(tcpServer);
        int wsPort = port(wsServer);
        loop.submit(() -> {
            for (int i = 0; i < TCP_CLIENTS; i++) {
                tcpClient(tcpPort, i);
            }
            for (int i = 0; i < WS_CLIENTS; i++) {
                wsClient(wsPort, i);
            }
            return null;
        }).get(10, TimeUnit.SECONDS);
        Thread flooder = new Thread(this::floodFromOutside, "soak-flooder");
        flooder.setDaemon(true);
        flooder.start();
    }

    private int port(Server server) throws Exception {
        return loop.submit(() -> ((InetSocketAddress) server.addresses().get(0)).getPort()).get(10, TimeUnit.SECONDS);
    }

    // ---- the load, on the loop thread ----

    /** A timer that fires every 1-50 ms. */
    private void repeat() {
        if (running) {
            loop.callLater(Duration.ofMillis(1 + random.nextInt(50)), () -> {
                timersFired.incrementAndGet();
                repeat();
            });
        }
    }

    /** 1,000 timers every 100 ms, half of them cancelled before they fire. */
    private void churnTimers() {
        if (!running) {
            return;
        }
        for (int i = 0; i < 1000; i++) {
            var t = loop.callLater(Duration.ofMillis(10 + random.nextInt(500)), timersFired::incrementAndGet);
            if (i % 2 == 0) {
                t.cancel();
            }
        }
        loop.callLater(Duration.ofMillis(100), this::churnTimers);
    }

    /** 10,000 callSoon from the loop thread every 200 ms. */
    private void floodFromLoop() {
        if (!running) {
            return;
        }
        for (int i = 0; i < 10_000; i++) {
            loop.callSoon(callbacks::incrementAndGet);
        }
        loop.callLater(Duration.ofMillis(200), this::floodFromLoop);
    }

    /** 10,000 callSoon from another thread every 200 ms. */
    private void floodFromOutside() {
        while (running) {
            for (int i = 0; i < 10_000 && running; i++) {
                loop.callSoon(callbacks::incrementAndGet);
            }
            try {
                Thread.sleep(200);  // a load generator's pace, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A short subprocess every 500 ms: {@code cat} echoes a line and exits at the end of its input. */
    private void spawn() {
        if (!running) {
            return;
        }
        loop.exec(new ProcessBuilder("cat")).thenCompose(p -> {
            p.stdin().writeLine("soak");
            p.stdin().close();
            return p.stdout().readLine().thenCompose(line -> {
                if (!"soak".equals(line)) {
                    throw new IllegalStateException("cat answered " + line);
                }
                return p.exited();
            });
        }).whenComplete((code, error) -> {
            if (error != null && running) {
                loop.reportError(error, "soak: subprocess");
            } else {
                processes.incrementAndGet();
            }
            loop.callLater(Duration.ofMillis(500), this::spawn);
        });
    }

    /** A TCP client that echoes lines, and reconnects after a random number of them. */
    private void tcpClient(int port, int id) {
        if (!running) {
            return;
        }
        loop.openConnection(ConnectOptions.to("127.0.0.1", port)).thenAccept(conn -> tcpRound(conn, port, id,
                200 + random.nextInt(2000))).whenComplete((v, error) -> {
                    if (error != null && running) {
                        loop.reportError(error, "soak: TCP connect");
                    }
                });
    }

    private void tcpRound(StreamConnection conn, int port, int id, int left) {
        if (!running) {
            conn.close();
            return;
        }
        if (left == 0) {
            conn.close();
            reconnects.incrementAndGet();
            tcpClient(port, id);
            return;
        }
        String line = "client " + id + " line " + left;
        conn.writer().writeLine(line);
        conn.reader().readLine().whenComplete((echo, error) -> {
            if (error != null || !line.equals(echo)) {
                if (running) {
                    loop.reportError(error != null ? error : new IllegalStateException("echo " + echo),
                            "soak: TCP echo");
                }
                conn.close();
                return;
            }
            tcpEchoes.incrementAndGet();
            tcpRound(conn, port, id, left - 1);
        });
    }

    private CompletableFuture<Void> echoMessages(WebSocket ws) {
        return ws.receive().thenCompose(m -> {
            if (m == null) {
                return CompletableFuture.completedFuture(null);
            }
            LoopFuture<Void> sent = m instanceof Message.Text t ? ws.send(t.text()) : ws.send(((Message.Binary) m).data());
            return sent.thenCompose(v -> echoMessages(ws));
        });
    }

    /** A WebSocket client that echoes text, and reconnects after a random number of messages. */
    private void wsClient(int port, int id) {
        if (!running) {
            return;
        }
        WebSockets.connect(loop, URI.create("ws://127.0.0.1:" + port + "/echo")).thenAccept(ws -> wsRound(ws, port,
                id, 200 + random.nextInt(2000))).whenComplete((v, error) -> {
                    if (error != null && running) {
                        loop.reportError(error, "soak: WebSocket connect");
                    }
                });
    }

    private void wsRound(WebSocket ws, int port, int id, int left) {
        if (!running) {
            ws.close();
            return;
        }
        if (left == 0) {
            ws.close(1000, "soak reconnect").whenComplete((s, e) -> {
                reconnects.incrementAndGet();
                wsClient(port, id);
            });
            return;
        }
        String text = "ws " + id + " message " + left;
        ws.send(text).thenCompose(v -> ws.receive()).whenComplete((m, error) -> {
            if (error != null || !(m instanceof Message.Text t) || !t.text().equals(text)) {
                if (running) {
                    loop.reportError(error != null ? error : new IllegalStateException("echo " + m),
                            "soak: WebSocket echo");
                }
                ws.close();
                return;
            }
            wsEchoes.incrementAndGet();
            wsRound(ws, port, id, left - 1);
        });
    }

    // ---- the sampler, on the main thread ----

    private void sample(Path out, Duration length, Duration every) throws IOException, InterruptedException {
        new Sampler(List.of(
                new Sampler.Column("lag_p99_ms", () -> Sampler.ms(loop.stats().lagP99())),
                new Sampler.Column("recent_lag_p99_ms", () -> Sampler.ms(loop.stats().recentLagP99())),
                new Sampler.Column("longest_tick_ms", () -> Sampler.ms(loop.stats().longestTick())),
                new Sampler.Column("pending_timers", () -> loop.stats().pendingTimers()),
                new Sampler.Column("tcp_echoes", tcpEchoes::get),
                new Sampler.Column("ws_echoes", wsEchoes::get),
                new Sampler.Column("timers_fired", timersFired::get),
                new Sampler.Column("callbacks", callbacks::get),
                new Sampler.Column("processes", processes::get),
                new Sampler.Column("reconnects", reconnects::get),
                new Sampler.Column("errors", errors::get))).run(out, length, every, () -> { });
    }
}
