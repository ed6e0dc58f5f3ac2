package dev.loopbridge.benchmarks;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.Transport;

/**
 * The LoopBridge side of the network benchmarks: one default loop running a TCP echo server on
 * 127.0.0.1 and one client connected to it, both through the transport/protocol API (the hot path,
 * no streams), TCP_NODELAY on both ends. {@link #start} and {@link #close} are called by a JMH
 * benchmark thread; the protocols run on the loop thread.
 *
 * <p>The client is free-running (see {@link Meter}): it starts writing in {@code connectionMade}
 * and goes on until the connection is closed. What it counts goes to {@link #meter}.
 */
final class LoopBridgeEcho implements AutoCloseable {

    final EventLoop loop;
    final Meter meter = new Meter();

    // Set during start, then read on the loop thread.
    private Server server;
    private Transport client;
    private Transport accepted;

    private LoopBridgeEcho(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Starts a loop, its echo server and a client whose protocol {@code newClient} makes from the
     * meter. Benchmark thread.
     */
    static LoopBridgeEcho start(String name, Function<Meter, Protocol> newClient) {
        return start(Fixtures.newLoop(name), newClient);
    }

    /**
     * Starts the echo server and a client on {@code loop} (a default, JavaFX or Swing loop), which
     * {@link #close} closes. Benchmark thread.
     */
    static LoopBridgeEcho start(EventLoop loop, Function<Meter, Protocol> newClient) {
        LoopBridgeEcho echo = new LoopBridgeEcho(loop);
        try {
            echo.connect(newClient.apply(echo.meter));
        } catch (RuntimeException e) {
            echo.close();
            throw e;
        }
        return echo;
    }

    private void connect(Protocol clientProtocol) {
        server = get(loop.createServer(() -> new EchoProtocol(t -> accepted = t),
                ServerOptions.bind("127.0.0.1", 0).withTcpNoDelay(true)), "the echo server to listen");
        SocketAddress address = onLoop(() -> server.addresses().get(0));
        client = get(loop.createConnection(() -> clientProtocol,
                ConnectOptions.to(address).withTcpNoDelay(true)), "the client to connect");
    }

    /**
     * Bytes written to the two transports and not yet taken by their sockets, as the loop thread
     * sees them between two callbacks. Benchmark thread.
     */
    long buffered() {
        return onLoop(() -> client.writeBufferSize() + (accepted == null ? 0 : accepted.writeBufferSize()));
    }

    /** Closes the client, the server and its connection, then the loop. Benchmark thread. */
    @Override
    public void close() {
        try {
            if (server != null) {
                onLoop(() -> {
                    if (client != null) {
                        client.close();
                    }
                    server.close();
                    server.closeConnections();
                    return null;
                });
                get(server.closed(), "the echo server to close");
            }
        } finally {
            Fixtures.close(loop);
        }
    }

    private <T> T onLoop(Callable<T> task) {
        return get(loop.submit(task), "a task on the loop");
    }

    private static <T> T get(CompletableFuture<T> future, String what) {
        try {
            return future.get(Fixtures.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("waited " + Fixtures.WAIT_SECONDS + " s for " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    /**
     * Writes chunks of {@code chunkSize} bytes (one direct buffer, written again and again) while
     * fewer than {@code window} chunks are unanswered and the transport has not paused it, and
     * counts the bytes echoed back.
     */
    static final class StreamClient implements Protocol {
        private final Meter meter;
        private final ByteBuffer chunk;
        private final long windowBytes;
        private Transport transport;
        private long sent;
        private long received;
        private boolean paused;

        StreamClient(Meter meter, int chunkSize, int window) {
            this.meter = meter;
            this.chunk = ByteBuffer.allocateDirect(chunkSize);
            for (int i = 0; i < chunkSize; i++) {
                chunk.put(i, (byte) i);
            }
            this.windowBytes = (long) chunkSize * window;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            pump();
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            int n = data.remaining();
            data.position(data.limit());
            received += n;
            meter.add(n);
            pump();
        }

        @Override
        public void pauseWriting() {
            paused = true;
        }

        @Override
        public void resumeWriting() {
            paused = false;
            pump();
        }

        @Override
        public void connectionLost(Throwable cause) {
            meter.fail(cause);
        }

        private void pump() {
            while (!paused && !transport.isClosing() && sent - received + chunk.capacity() <= windowBytes) {
                chunk.clear();
                transport.write(chunk);
                sent += chunk.capacity();
            }
        }
    }

    /** Writes one byte, and the next each time one comes back; counts the round trips. */
    static final class PingPongClient implements Protocol {
        private final Meter meter;
        private final ByteBuffer ping = ByteBuffer.allocateDirect(1);
        private Transport transport;

        PingPongClient(Meter meter) {
            this.meter = meter;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            send();
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            int n = data.remaining();
            data.position(data.limit());
            meter.add(n); // one byte in flight: n is 1
            send();
        }

        @Override
        public void connectionLost(Throwable cause) {
            meter.fail(cause);
        }

        private void send() {
            ping.clear();
            transport.write(ping);
        }
    }
}
