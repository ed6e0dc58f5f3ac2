package dev.loopbridge.benchmarks;

import io.netty.channel.epoll.Epoll;

import dev.loopbridge.core.EventLoop;

/**
 * The network contenders, for the end-to-end run ({@code dev.loopbridge.benchmarks.e2e}): a
 * loopback echo server and one free-running client (64 KiB chunks with a window, or 1-byte
 * ping-pong) on LoopBridge's loop of any kind, on one Netty event-loop thread (NIO or native
 * epoll), or on blocking sockets with virtual threads. The section's main thread calls these.
 */
public final class EchoPeers {

    /** The size of each streaming write. */
    public static final int CHUNK = TcpEchoBenchmark.CHUNK;

    private EchoPeers() {
    }

    /** A running echo pair whose client counts bytes (streaming) or round trips (ping-pong). */
    public interface Running extends AutoCloseable {
        /** Bytes echoed back or round trips done so far. Any thread. */
        long done();

        /** Fails if the client's connection ended. Any thread. */
        void checkAlive();

        @Override
        void close();
    }

    /** LoopBridge on {@code loop}, which {@link Running#close} closes. */
    public static Running loopBridge(EventLoop loop, boolean pingPong, int window) {
        LoopBridgeEcho echo = LoopBridgeEcho.start(loop, meter -> pingPong
                ? new LoopBridgeEcho.PingPongClient(meter)
                : new LoopBridgeEcho.StreamClient(meter, CHUNK, window));
        return running(echo.meter, echo);
    }

    /** Netty on one event-loop thread: native epoll if {@code epoll}, else NIO. */
    public static Running netty(boolean epoll, boolean pingPong, int window) {
        NettyEcho echo = NettyEcho.start(epoll ? "echo-epoll" : "echo-nio", epoll, meter -> pingPong
                ? new NettyEcho.PingPongClient(meter)
                : new NettyEcho.StreamClient(meter, CHUNK, window));
        return running(echo.meter, echo);
    }

    /** Blocking sockets on virtual threads. */
    public static Running blocking(boolean pingPong, int window) {
        BlockingEcho echo = BlockingEcho.start(pingPong, CHUNK, window);
        return running(echo.meter, echo);
    }

    /** Null if Netty's native epoll transport loads here, else why not. */
    public static String epollUnavailability() {
        return Epoll.isAvailable() ? null : String.valueOf(Epoll.unavailabilityCause());
    }

    private static Running running(Meter meter, AutoCloseable echo) {
        return new Running() {
            @Override
            public long done() {
                return meter.done();
            }

            @Override
            public void checkAlive() {
                meter.checkAlive();
            }

            @Override
            public void close() {
                try {
                    echo.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + echo + " failed", e);
                }
            }
        };
    }
}
