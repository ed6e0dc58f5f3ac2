package dev.loopbridge.benchmarks;


import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loopback TCP round trips: a client writes one byte to an echo server on 127.0.0.1, and the next
 * byte each time one comes back; client and server run on one thread, LoopBridge's default loop
 * ({@link LoopBridgeEcho}) or one Netty NIO event-loop thread ({@link NettyEcho}), TCP_NODELAY on
 * both ends. Each round trip is a write, a readiness event and a read at each end: this measures
 * the per-event cost of the loop, not bandwidth.
 *
 * <p>The client runs freely, driven by its callbacks; an invocation waits until
 * {@value #ROUND_TRIPS} more round trips are done (see {@link Meter}), so the benchmark thread
 * blocks once per batch, not per round trip. The score, through {@code @OperationsPerInvocation},
 * is <b>round trips per second</b>.
 */
public class TcpPingPongBenchmark extends PairedBenchmark {

    /** Round trips per invocation. */
    static final int ROUND_TRIPS = 1000;

    /** A LoopBridge default loop with the echo server and the ping-pong client. */
    @State(Scope.Benchmark)
    public static class LoopBridgeState {
        LoopBridgeEcho echo;

        @Setup(Level.Trial)
        public void start() {
            echo = LoopBridgeEcho.start("pingpong-bench", LoopBridgeEcho.PingPongClient::new);
        }

        @TearDown(Level.Iteration)
        public void checkAlive() {
            echo.meter.checkAlive();
        }

        @TearDown(Level.Trial)
        public void close() {
            if (echo != null) {
                echo.close();
            }
        }
    }

    /** A Netty event-loop group of one thread with the echo server and the ping-pong client. */
    @State(Scope.Benchmark)
    public static class NettyState {
        NettyEcho echo;

        @Setup(Level.Trial)
        public void start() {
            echo = NettyEcho.start("pingpong-netty", NettyEcho.PingPongClient::new);
        }

        @TearDown(Level.Iteration)
        public void checkAlive() {
            echo.meter.checkAlive();
        }

        @TearDown(Level.Trial)
        public void close() {
            if (echo != null) {
                echo.close();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void loopBridge(LoopBridgeState state, StallCounter stalls) {
        state.echo.meter.awaitNext(ROUND_TRIPS, state.echo.loop, stalls);
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void netty(NettyState state, StallCounter stalls) {
        state.echo.meter.awaitNext(ROUND_TRIPS, state.echo.loop, stalls);
    }
}
