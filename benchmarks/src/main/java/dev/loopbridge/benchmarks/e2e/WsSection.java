package dev.loopbridge.benchmarks.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import javafx.application.Platform;

import org.apache.commons.math3.distribution.TDistribution;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;

import dev.loopbridge.benchmarks.PeerComparison;
import dev.loopbridge.benchmarks.ws.JdkWs;
import dev.loopbridge.benchmarks.ws.LoopBridgeWs;
import dev.loopbridge.benchmarks.ws.NettyWs;
import dev.loopbridge.benchmarks.ws.ProcessPeers;
import dev.loopbridge.benchmarks.ws.RoundTrips;
import dev.loopbridge.benchmarks.ws.Running;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.Server;
import dev.loopbridge.javafx.FxEventLoop;

/**
 * The WebSocket echo section: {@code java ... WsSection OUT.tsv [quick|full]}. Over loopback, one
 * client sends a binary message of 64 bytes or 64 KiB (random bytes, no compression) to an echo
 * server and sends the next when the echo is back: one message in flight, so messages per second
 * is the reciprocal of the mean round trip; with {@code -Dws.inFlight=N} the client keeps N in
 * flight (see {@link RoundTrips#IN_FLIGHT}). Measured per contender: messages per second in each
 * window after a warm-up (the mean of the windows, with its 99.9% confidence interval), the
 * round-trip p50/p99/max over the windows, and the longest pulse gap of the FX thread (on the rows
 * whose client is not there, a control: the FX thread idles), with the longest a thread of another
 * process woke late meanwhile ({@link MachineStalls}: what the machine took). Contenders
 * (client, then server):
 * <ul>
 * <li>{@code lb-default}: LoopBridge client and server on one default loop (one thread);
 * <li>{@code lb-fx}: LoopBridge client on the FX loop (JavaFX on Monocle, headless), server on a
 * default loop of its own;
 * <li>{@code netty}: Netty 4.2's WebSocket codec, client and server on one NIO event-loop thread;
 * {@code netty-2t} the same on two threads, one each (more CPU than the one-thread contenders get);
 * <li>{@code jdk-runlater}: the JDK's {@code java.net.http.WebSocket}, each message handed to the
 * FX thread with {@code Platform.runLater} and the next sent from there; server: LoopBridge on a
 * default loop of its own, as for {@code lb-fx};
 * <li>{@code lb-node}, {@code netty-node}: LoopBridge's client (default loop) and Netty's client
 * against Node.js {@code ws}'s echo server (another process);
 * <li>{@code lb-python}, {@code netty-python}: the same against Python {@code websockets};
 * <li>{@code lb-netty}, {@code netty-lb}: LoopBridge's client (default loop) against Netty's
 * server, and Netty's client against LoopBridge's server (default loop), each on a thread of its own.
 * </ul>
 * Ratios come with the interval the two means' 99.9% confidence intervals allow, and a verdict
 * only when it is on one side of 1 ({@link PeerComparison#ratio}). Main thread.
 */
public final class WsSection {

    private WsSection() {
    }

    /** Starts one contender's client (and whatever it needs) for a payload. */
    @FunctionalInterface
    private interface Starter {
        Running start(byte[] payload) throws Exception;
    }

    private record Contender(String id, String label, Starter starter, boolean onFxThread) {
    }

    /** The contenders and the ratios reported, in the order of the report. */
    static final String[][] CONTENDERS = {
        {"lb-default", "LoopBridge client + server, default loop (one thread)"},
        {"lb-fx", "LoopBridge client on the FX loop; LoopBridge server, default loop"},
        {"netty", "Netty 4.2 client + server, one NIO thread"},
        {"netty-2t", "Netty 4.2 client + server, two NIO threads (one each)"},
        {"jdk-runlater", "JDK java.net.http.WebSocket + Platform.runLater; LoopBridge server, default loop"},
        {"lb-node", "LoopBridge client, default loop -> Node.js ws server"},
        {"netty-node", "Netty client, one NIO thread -> Node.js ws server"},
        {"lb-python", "LoopBridge client, default loop -> Python websockets server"},
        {"netty-python", "Netty client, one NIO thread -> Python websockets server"},
        {"lb-netty", "LoopBridge client, default loop -> Netty server, one NIO thread"},
        {"netty-lb", "Netty client, one NIO thread -> LoopBridge server, default loop"},
    };

    /** Ratio pairs: {numerator, denominator}. */
    static final String[][] RATIOS = {
        {"lb-default", "netty"}, {"lb-default", "netty-2t"}, {"lb-fx", "netty"}, {"lb-fx", "jdk-runlater"}, {"lb-node", "netty-node"},
        {"lb-python", "netty-python"}, {"lb-netty", "netty"}, {"netty-lb", "netty"},
    };

    /**
     * The prefix of this run's figures: {@code ws} with one message in flight, {@code wsN} with N
     * ({@code -Dws.inFlight}), so that the report can show both runs side by side.
     */
    static final String P = RoundTrips.IN_FLIGHT == 1 ? "ws" : "ws" + RoundTrips.IN_FLIGHT;

    /** The payload sizes: figure id and bytes. */
    static final Object[][] SIZES = {{"64B", 64}, {"64KiB", 64 * 1024}};

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 1 && args[1].equals("quick");
        long warmupMillis = quick ? 3000 : 5000;
        int windows = quick ? 5 : 10;
        long windowMillis = quick ? 500 : 1000;
        Figures figures = new Figures(Path.of(args[0]));
        figures.put(P + ".mode", quick ? "quick" : "full");
        figures.put(P + ".inFlight", String.valueOf(RoundTrips.IN_FLIGHT));
        if (Boolean.getBoolean("ws.alone")) {  // run-websocket-benchmarks.sh, not run-all.sh
            figures.put(P + ".alone", "true");
        }
        figures.put(P + ".date", java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        figures.put(P + ".load.before", loadAverage());
        figures.put(P + ".jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        figures.put(P + ".netty", String.join(",", io.netty.util.Version.identify().values().stream()
                .map(io.netty.util.Version::artifactVersion).distinct().toList()));
        for (String[] peer : new String[][] {{"node", P + ".node.version"}, {"python", P + ".python.version"}}) {
            DispatchSection.guarded(figures, peer[1], () -> {
                try (ProcessPeers.Peer p = peer[0].equals("node") ? ProcessPeers.nodeWs() : ProcessPeers.pythonWebsockets()) {
                    figures.put(peer[1], p.version());
                }
            });
        }
        Beats beats = UiToolkit.startFx();
        MachineStalls stalls = MachineStalls.start();
        List<Contender> contenders = contenders();
        String sizes = System.getProperty("ws.sizes", "64B,64KiB");  // -Dws.sizes=64KiB: one size only
        for (Object[] size : SIZES) {
            String sizeId = (String) size[0];
            if (!List.of(sizes.split(",")).contains(sizeId)) {
                continue;
            }
            byte[] payload = new byte[(Integer) size[1]];
            new Random(42).nextBytes(payload);
            for (Contender c : contenders) {
                String key = P + "." + sizeId + "." + c.id();
                DispatchSection.guarded(figures, key, () -> measure(c, payload, warmupMillis, windows, windowMillis,
                        beats, stalls, figures, key));
            }
            for (String[] r : RATIOS) {
                String a = P + "." + sizeId + "." + r[0];
                String b = P + "." + sizeId + "." + r[1];
                if (figures.has(a + ".rate") && figures.has(b + ".rate")) {
                    figures.put(P + "." + sizeId + ".ratio." + r[0] + "/" + r[1], PeerComparison.ratio(
                            figures.get(a + ".rate"), figures.get(a + ".err"), figures.get(b + ".rate"),
                            figures.get(b + ".err")));
                }
            }
        }
        figures.put(P + ".load.after", loadAverage());
        stalls.close();
        Platform.exit();
        System.exit(0);
    }

    private static List<Contender> contenders() {
        List<Contender> list = new ArrayList<>();
        list.add(new Contender("lb-default", label("lb-default"), payload -> {
            EventLoop loop = EventLoops.newDefault();
            Server server = LoopBridgeWs.server(loop);
            return LoopBridgeWs.client(loop, uri(LoopBridgeWs.port(loop, server)), payload, () -> closeServer(loop, server));
        }, false));
        list.add(new Contender("lb-fx", label("lb-fx"), payload -> {
            EventLoop serverLoop = EventLoops.newDefault();
            Server server = LoopBridgeWs.server(serverLoop);
            EventLoop fx = FxEventLoop.create();
            return LoopBridgeWs.client(fx, uri(LoopBridgeWs.port(serverLoop, server)), payload, () -> {
                fx.close();
                closeServer(serverLoop, server);
            });
        }, true));
        list.add(new Contender("netty", label("netty"), payload -> {
            EventLoopGroup group = NettyWs.group("ws-netty");
            Channel server = NettyWs.server(group);
            return NettyWs.client(group, uri(NettyWs.port(server)), payload, () -> {
                server.close().sync();
                group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).sync();
            });
        }, false));
        list.add(new Contender("netty-2t", label("netty-2t"), payload -> {
            EventLoopGroup group = NettyWs.group("ws-netty-2t", 2);
            Channel server = NettyWs.server(group);
            return NettyWs.client(group, uri(NettyWs.port(server)), payload, () -> {
                server.close().sync();
                group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).sync();
            });
        }, false));
        list.add(new Contender("jdk-runlater", label("jdk-runlater"), payload -> {
            EventLoop serverLoop = EventLoops.newDefault();
            Server server = LoopBridgeWs.server(serverLoop);
            return JdkWs.client(uri(LoopBridgeWs.port(serverLoop, server)), payload, () -> closeServer(serverLoop, server));
        }, true));
        list.add(new Contender("lb-node", label("lb-node"), payload -> {
            ProcessPeers.Peer peer = ProcessPeers.nodeWs();
            EventLoop loop = EventLoops.newDefault();
            return LoopBridgeWs.client(loop, uri(peer.port()), payload, () -> {
                loop.close();
                peer.close();
            });
        }, false));
        list.add(new Contender("netty-node", label("netty-node"), payload -> {
            ProcessPeers.Peer peer = ProcessPeers.nodeWs();
            EventLoopGroup group = NettyWs.group("ws-netty-client");
            return NettyWs.client(group, uri(peer.port()), payload, () -> {
                group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).sync();
                peer.close();
            });
        }, false));
        list.add(new Contender("lb-python", label("lb-python"), payload -> {
            ProcessPeers.Peer peer = ProcessPeers.pythonWebsockets();
            EventLoop loop = EventLoops.newDefault();
            return LoopBridgeWs.client(loop, uri(peer.port()), payload, () -> {
                loop.close();
                peer.close();
            });
        }, false));
        list.add(new Contender("netty-python", label("netty-python"), payload -> {
            ProcessPeers.Peer peer = ProcessPeers.pythonWebsockets();
            EventLoopGroup group = NettyWs.group("ws-netty-client");
            return NettyWs.client(group, uri(peer.port()), payload, () -> {
                group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).sync();
                peer.close();
            });
        }, false));
        list.add(new Contender("lb-netty", label("lb-netty"), payload -> {
            EventLoopGroup group = NettyWs.group("ws-netty-server");
            Channel server = NettyWs.server(group);
            EventLoop loop = EventLoops.newDefault();
            return LoopBridgeWs.client(loop, uri(NettyWs.port(server)), payload, () -> {
                loop.close();
                server.close().sync();
                group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).sync();
            });
        }, false));
        list.add(new Contender("netty-lb", label("netty-lb"), payload -> {
            EventLoop serverLoop = EventLoops.newDefault();
            Server server = LoopBridgeWs.server(serverLoop);
            EventLoopGroup group = NettyWs.group("ws-netty-client");
            return NettyWs.client(group, uri(LoopBridgeWs.port(serverLoop, server)), payload, () -> {
                group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).sync();
                closeServer(serverLoop, server);
            });
        }, false));
        // -Dws.only=id,id... runs only those contenders (to look at one by hand).
        String only = System.getProperty("ws.only", "");
        if (!only.isEmpty()) {
            List<String> ids = List.of(only.split(","));
            list.removeIf(c -> !ids.contains(c.id()));
        }
        return list;
    }

    private static String label(String id) {
        for (String[] c : CONTENDERS) {
            if (c[0].equals(id)) {
                return c[1];
            }
        }
        throw new IllegalArgumentException("no contender " + id);
    }

    private static URI uri(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/echo");
    }

    private static void closeServer(EventLoop loop, Server server) {
        try {
            loop.submit(() -> {
                server.close();
                return null;
            }).get(30, java.util.concurrent.TimeUnit.SECONDS);
            server.closed().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("closing the server failed: " + e, e);
        } finally {
            loop.close();
        }
    }

    private static void measure(Contender c, byte[] payload, long warmupMillis, int windows, long windowMillis,
            Beats beats, MachineStalls stalls, Figures figures, String key) throws Exception {
        System.gc();
        try (Running running = c.starter().start(payload)) {
            RoundTrips trips = running.roundTrips();
            Thread.sleep(warmupMillis);
            trips.checkAlive();
            if (trips.done() == 0) {
                throw new IllegalStateException("the client did nothing in the " + warmupMillis + " ms warm-up");
            }
            double[] rates = new double[windows];
            double worstGap = 0;
            long[] spans = new long[windows * 2];
            trips.recording(true);
            for (int i = 0; i < windows; i++) {
                long t0 = System.nanoTime();
                long d0 = trips.done();
                Thread.sleep(windowMillis);
                long d1 = trips.done();
                long t1 = System.nanoTime();
                trips.checkAlive();
                rates[i] = (d1 - d0) / ((t1 - t0) / 1e9);
                spans[2 * i] = t0;
                spans[2 * i + 1] = t1;
                // On every row: where the client is not on the FX thread, that thread idles and its
                // gap is a control for the share of the cores the machine leaves the process.
                worstGap = Math.max(worstGap, UiToolkit.call(Platform::runLater, () -> beats.longestGap(t0, t1)));
            }
            trips.recording(false);
            double worstStall = 0;
            for (int i = 0; i < windows; i++) { // the control for the gap: how late another process woke
                worstStall = Math.max(worstStall, stalls.longest(spans[2 * i], spans[2 * i + 1]));
            }
            double[] meanAndError = meanAndError(rates);
            figures.put(key + ".rate", meanAndError[0]);
            figures.put(key + ".err", meanAndError[1]);
            figures.put(key + ".windows", String.join(" ", java.util.Arrays.stream(rates)
                    .mapToObj(r -> String.format(Locale.ROOT, "%.0f", r)).toList()));
            long[] sorted = trips.sorted();
            figures.put(key + ".p50", Figures.percentile(sorted, 0.50) / 1e3);
            figures.put(key + ".p99", Figures.percentile(sorted, 0.99) / 1e3);
            figures.put(key + ".max", sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e3);
            figures.put(key + ".gap", worstGap);
            figures.put(key + ".stall", worstStall);
        }
    }

    /** The mean and the half-width of its 99.9% confidence interval (Student's t, as JMH computes it). */
    static double[] meanAndError(double[] values) {
        int n = values.length;
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - 0.001 / 2);
        return new double[] {mean, t * sd / Math.sqrt(n)};
    }

    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
