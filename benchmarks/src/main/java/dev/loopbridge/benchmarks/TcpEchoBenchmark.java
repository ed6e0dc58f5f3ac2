package dev.loopbridge.benchmarks;


import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loopback TCP echo throughput: a client writes 64 KiB chunks to an echo server on 127.0.0.1 and
 * counts the bytes that come back, with at most {@code window} chunks unanswered; client and server
 * run on one thread, LoopBridge's default loop ({@link LoopBridgeEcho}) or one Netty NIO event-loop
 * thread ({@link NettyEcho}). Both honour flow control: the client stops writing while its
 * transport has paused it (LoopBridge) or its channel is not writable (Netty), the server stops
 * reading while its own write buffer is over the high-water mark.
 *
 * <p>The client runs freely, so the pipe never drains between measurements; an invocation waits
 * until {@value #MIB_PER_INVOCATION} MiB more have been echoed (see {@link Meter}). The score,
 * through {@code @OperationsPerInvocation}, is <b>MiB echoed per second</b> (one operation is one
 * MiB that went to the server and back; multiply by 1.048576 for MB/s). After each iteration the
 * bytes buffered in the transports must be at most the window: nothing grows without bound.
 *
 * <p>Two windows: 2 chunks (128 KiB), the least that keeps the one thread busy (one chunk is on
 * its way back while the next is written), and everything stays in the caches; and 16 chunks
 * (1 MiB), a bulk transfer with deep buffers, where the memory each contender touches per byte
 * starts to count. The contenders do not scale alike between the two, so both are reported.
 */
public class TcpEchoBenchmark extends PairedBenchmark {

    /** The size of each write of the client. */
    static final int CHUNK = 64 * 1024;

    /** MiB echoed per invocation, that is operations per invocation. */
    static final int MIB_PER_INVOCATION = 4;

    private static final long MIB = 1 << 20;

    /** A LoopBridge default loop with the echo server and the streaming client. */
    @State(Scope.Benchmark)
    public static class LoopBridgeState {
        /** The most chunks written and not yet echoed back (see the class comment). */
        @Param({"2", "16"})
        public int window;

        LoopBridgeEcho echo;

        @Setup(Level.Trial)
        public void start() {
            echo = LoopBridgeEcho.start("echo-bench", meter -> new LoopBridgeEcho.StreamClient(meter, CHUNK, window));
        }

        @TearDown(Level.Iteration)
        public void checkBounded() {
            echo.meter.checkAlive();
            checkBuffered("LoopBridge", echo.buffered(), window);
        }

        @TearDown(Level.Trial)
        public void close() {
            if (echo != null) {
                echo.close();
            }
        }
    }

    /** A Netty event-loop group of one thread with the echo server and the streaming client. */
    @State(Scope.Benchmark)
    public static class NettyState {
        /** The most chunks written and not yet echoed back (see the class comment). */
        @Param({"2", "16"})
        public int window;

        NettyEcho echo;

        @Setup(Level.Trial)
        public void start() {
            echo = NettyEcho.start("echo-netty", meter -> new NettyEcho.StreamClient(meter, CHUNK, window));
        }

        @TearDown(Level.Iteration)
        public void checkBounded() {
            echo.meter.checkAlive();
            checkBuffered("Netty", echo.buffered(), window);
        }

        @TearDown(Level.Trial)
        public void close() {
            if (echo != null) {
                echo.close();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(MIB_PER_INVOCATION)
    public void loopBridge(LoopBridgeState state, StallCounter stalls) {
        state.echo.meter.awaitNext(MIB_PER_INVOCATION * MIB, state.echo.loop, stalls);
    }

    @Benchmark
    @OperationsPerInvocation(MIB_PER_INVOCATION)
    public void netty(NettyState state, StallCounter stalls) {
        state.echo.meter.awaitNext(MIB_PER_INVOCATION * MIB, state.echo.loop, stalls);
    }

    private static void checkBuffered(String contender, long buffered, int window) {
        long limit = (long) CHUNK * window;
        if (buffered > limit) {
            throw new IllegalStateException(contender + " buffers " + buffered + " bytes in the client's and the"
                    + " server's transports after the iteration (expected: at most the window, " + limit + ")");
        }
    }
}
