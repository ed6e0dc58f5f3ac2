package dev.loopbridge.core.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy with a fault, for the fault-injection contract. It runs on its own
 * platform threads with blocking sockets (named {@code fault-proxy}), never on the loop, and
 * stops by itself: every accept and read gives up after {@link TestTimeouts#TIMEOUT}, and
 * {@link #close()} closes every socket and joins every thread.
 *
 * <p>The faults: {@link #resetAfter} forwards the first bytes from the upstream and then resets
 * the client (RST: {@code SO_LINGER 0}); {@link #stall} accepts and then neither reads nor writes
 * (a half-open peer); {@link #oneByteAtATime} forwards both directions one byte per write;
 * {@link #endAfter} forwards the first bytes and then ends the client's stream cleanly.
 */
public final class FaultProxy implements AutoCloseable {

    private enum Fault { RESET_AFTER, END_AFTER, STALL, ONE_BYTE_AT_A_TIME }

    private final ServerSocket server;
    private final SocketAddress upstream;
    private final Fault fault;
    private final long limit;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    /**
     * The byte a client sends first, once its connect has completed: the proxy (except a stalling
     * one) reads it, does not forward it, and only then relays, so that a fault it injects always
     * lands on an established connection.
     */
    public static final byte HELLO = 0x55;
    private final AtomicLong writesToClient = new AtomicLong();
    private final CompletableFuture<Void> faulted = new CompletableFuture<>();

    private FaultProxy(SocketAddress upstream, Fault fault, long limit) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.server.setSoTimeout((int) TestTimeouts.TIMEOUT.toMillis());
        this.upstream = upstream;
        this.fault = fault;
        this.limit = limit;
        spawn(this::acceptLoop);
    }

    /** Forwards {@code bytes} bytes from {@code upstream} to the client, then resets the client. */
    public static FaultProxy resetAfter(SocketAddress upstream, long bytes) throws IOException {
        return new FaultProxy(upstream, Fault.RESET_AFTER, bytes);
    }

    /** Forwards {@code bytes} bytes from {@code upstream} to the client, then ends its stream (FIN). */
    public static FaultProxy endAfter(SocketAddress upstream, long bytes) throws IOException {
        return new FaultProxy(upstream, Fault.END_AFTER, bytes);
    }

    /** Accepts connections and never reads or writes: a peer that went away without a word. */
    public static FaultProxy stall() throws IOException {
        return new FaultProxy(null, Fault.STALL, 0);
    }

    /** Forwards everything both ways, one byte per write (with {@code TCP_NODELAY}). */
    public static FaultProxy oneByteAtATime(SocketAddress upstream) throws IOException {
        return new FaultProxy(upstream, Fault.ONE_BYTE_AT_A_TIME, Long.MAX_VALUE);
    }

    /** Where clients connect. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** How many connections the proxy accepted. */
    public int accepted() {
        return accepted.get();
    }

    /** How many separate writes went to clients. */
    public long writesToClient() {
        return writesToClient.get();
    }

    /** Completes once the fault was applied (the reset sent, the stream ended). */
    public CompletableFuture<Void> faulted() {
        return faulted;
    }

    private void spawn(Runnable body) {
        Thread t = Thread.ofPlatform().daemon().name("fault-proxy").unstarted(body);
        threads.add(t);
        t.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closedOrTimedOut) {
                return;
            }
            sockets.add(client);
            accepted.incrementAndGet();
            if (fault == Fault.STALL) {
                continue;
            }
            try {
                client.setSoTimeout((int) TestTimeouts.TIMEOUT.toMillis());
                if (client.getInputStream().read() != HELLO) {
                    closeQuietly(client); // the client went away before its hello
                    continue;
                }
                client.setTcpNoDelay(true);
                Socket up = new Socket();
                sockets.add(up);
                up.setTcpNoDelay(true);
                up.connect(upstream, (int) TestTimeouts.TIMEOUT.toMillis());
                up.setSoTimeout((int) TestTimeouts.TIMEOUT.toMillis());
                client.setSoTimeout((int) TestTimeouts.TIMEOUT.toMillis());
                spawn(() -> toClient(up, client));
                spawn(() -> toUpstream(client, up));
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void toClient(Socket up, Socket client) {
        long sent = 0;
        try (InputStream in = up.getInputStream()) {
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[fault == Fault.ONE_BYTE_AT_A_TIME ? 1 : 8192];
            while (sent < limit) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - sent));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
                writesToClient.incrementAndGet();
                sent += n;
            }
            if (fault == Fault.RESET_AFTER) {
                client.setSoLinger(true, 0);
                client.close();
            } else {
                client.shutdownOutput();
            }
            faulted.complete(null);
        } catch (IOException e) {
            faulted.completeExceptionally(e);
            closeQuietly(client);
        }
    }

    private void toUpstream(Socket client, Socket up) {
        try (InputStream in = client.getInputStream()) {
            OutputStream out = up.getOutputStream();
            byte[] buffer = new byte[fault == Fault.ONE_BYTE_AT_A_TIME ? 1 : 8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            up.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(up);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    /** Closes every socket and waits for every proxy thread to end. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        List<Thread> all = new ArrayList<>(threads);
        for (Thread t : all) {
            try {
                t.join(TestTimeouts.TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while joining the proxy threads", e);
            }
            if (t.isAlive()) {
                throw new IOException("a fault-proxy thread did not stop within " + TestTimeouts.TIMEOUT);
            }
        }
    }
}
