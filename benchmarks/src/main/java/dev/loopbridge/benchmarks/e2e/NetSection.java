package dev.loopbridge.benchmarks.e2e;

import java.awt.EventQueue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import javafx.application.Platform;

import dev.loopbridge.benchmarks.EchoPeers;
import dev.loopbridge.benchmarks.EchoPeers.Running;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.javafx.FxEventLoop;
import dev.loopbridge.swing.SwingEventLoop;

/**
 * The network section of the end-to-end run: {@code java ... NetSection OUT.tsv [quick|full]}.
 * Loopback TCP, an echo server and one client on one thread (see {@link EchoPeers}): echo
 * throughput with 64 KiB writes and 2 chunks in flight (MiB echoed per second), and 1-byte
 * ping-pong (round trips per second), for LoopBridge on its default, JavaFX and Swing loops, Netty
 * on one NIO and one native-epoll event-loop thread, and blocking sockets on virtual threads. The
 * client runs freely; after a warm-up the main thread reads its count at the start and the end of
 * each measured window (no hop per operation); the figure is the median window. On the toolkit
 * loops the longest frame gap over the measured windows is recorded too.
 */
public final class NetSection {

    private static final int WINDOW = 2;

    private NetSection() {
    }

    /** A network contender: how to start it, and the frames of its UI thread (or null). */
    private record Contender(String id, String label, Starter starter, UiToolkitFrames frames) {
    }

    @FunctionalInterface
    private interface Starter {
        Running start(boolean pingPong);
    }

    /** The frames of a UI thread and how to read them there. */
    private record UiToolkitFrames(Beats beats, Executor ui) {
        double longestGap(long from, long to) throws Exception {
            return UiToolkit.call(ui, () -> beats.longestGap(from, to));
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 1 && args[1].equals("quick");
        long warmupMillis = quick ? 1000 : 3000;
        int rounds = quick ? 3 : 5;
        long roundMillis = quick ? 1000 : 2000;
        Figures figures = new Figures(Path.of(args[0]));
        UiToolkitFrames fx = new UiToolkitFrames(UiToolkit.startFx(), Platform::runLater);
        UiToolkitFrames swing = new UiToolkitFrames(UiToolkit.startSwing(), EventQueue::invokeLater);
        String epollMissing = EchoPeers.epollUnavailability();
        List<Contender> contenders = new ArrayList<>(List.of(
                new Contender("lb-default", "LoopBridge, default loop",
                        pp -> EchoPeers.loopBridge(EventLoops.newDefault(), pp, WINDOW), null),
                new Contender("lb-fx", "LoopBridge, FX loop",
                        pp -> EchoPeers.loopBridge(FxEventLoop.create(), pp, WINDOW), fx),
                new Contender("lb-swing", "LoopBridge, Swing loop",
                        pp -> EchoPeers.loopBridge(SwingEventLoop.create(), pp, WINDOW), swing),
                new Contender("netty-nio", "Netty NIO", pp -> EchoPeers.netty(false, pp, WINDOW), null)));
        if (epollMissing == null) {
            contenders.add(new Contender("netty-epoll", "Netty epoll", pp -> EchoPeers.netty(true, pp, WINDOW), null));
        } else {
            figures.put("net.netty-epoll.note", "Netty's native epoll transport does not load here: " + epollMissing);
        }
        contenders.add(new Contender("vthreads", "blocking sockets, virtual threads",
                pp -> EchoPeers.blocking(pp, WINDOW), null));
        for (String test : List.of("echo", "pingpong")) {
            boolean pingPong = test.equals("pingpong");
            for (Contender c : contenders) {
                String key = "net." + test + "." + c.id();
                DispatchSection.guarded(figures, key, () -> measure(c, pingPong, warmupMillis, rounds, roundMillis,
                        figures, key));
            }
        }
        Platform.exit();
        System.exit(0);
    }

    private static void measure(Contender c, boolean pingPong, long warmupMillis, int rounds, long roundMillis,
            Figures figures, String key) throws Exception {
        System.gc();
        Running running = c.starter().start(pingPong);
        try {
            awaitProgress(running::done, warmupMillis);
            double[] rates = new double[rounds];
            double worstGap = 0;
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                long d0 = running.done();
                Thread.sleep(roundMillis);
                long d1 = running.done();
                long t1 = System.nanoTime();
                running.checkAlive();
                double perSecond = (d1 - d0) / ((t1 - t0) / 1e9);
                rates[i] = pingPong ? perSecond : perSecond / (1 << 20);
                if (c.frames() != null) {
                    worstGap = Math.max(worstGap, c.frames().longestGap(t0, t1));
                }
            }
            figures.put(key + ".rate", Figures.median(rates));
            if (c.frames() != null) {
                figures.put(key + ".gap", worstGap);
            }
        } finally {
            running.close();
        }
    }

    /** Warms up for {@code millis}; fails if the client made no progress at all by then. */
    private static void awaitProgress(LongSupplier done, long millis) throws InterruptedException {
        Thread.sleep(millis);
        if (done.getAsLong() == 0) {
            throw new IllegalStateException("the client did nothing in the " + millis + " ms warm-up");
        }
    }
}
