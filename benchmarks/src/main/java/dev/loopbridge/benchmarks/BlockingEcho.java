package dev.loopbridge.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Semaphore;

/**
 * The plain-Java peer of the network figures: blocking {@code java.net} sockets, one virtual thread
 * per socket and direction, as a Java 21 user writes a server without any event loop. An echo
 * server on 127.0.0.1 (a virtual thread per connection: read up to 64 KiB, write it back) and one
 * client, TCP_NODELAY on both ends. The client either streams {@code chunk}-byte writes with at
 * most {@code window} chunks unanswered (a writer and a reader thread) or plays ping-pong with one
 * byte (one thread). Its reader thread is the only one that counts into {@link #meter}.
 */
final class BlockingEcho implements AutoCloseable {

    final Meter meter = new Meter();
    private final ServerSocket server;
    private final Socket client;
    private volatile boolean closing;

    private BlockingEcho(boolean pingPong, int chunk, int window) throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("blocking-echo-acceptor").start(this::accept);
        client = new Socket();
        client.setTcpNoDelay(true);
        client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        if (pingPong) {
            Thread.ofVirtual().name("blocking-ping").start(this::pingPong);
        } else {
            Semaphore permits = new Semaphore(window);
            Thread.ofVirtual().name("blocking-writer").start(() -> write(chunk, permits));
            Thread.ofVirtual().name("blocking-reader").start(() -> read(chunk, permits));
        }
    }

    /** Starts the server and the client. Benchmark thread. */
    static BlockingEcho start(boolean pingPong, int chunk, int window) {
        try {
            return new BlockingEcho(pingPong, chunk, window);
        } catch (IOException e) {
            throw new UncheckedIOException("the blocking echo could not start", e);
        }
    }

    private void accept() {
        try {
            while (!closing) {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofVirtual().name("blocking-echo").start(() -> echo(s));
            }
        } catch (IOException e) {
            failUnlessClosing(e);
        }
    }

    private void echo(Socket s) {
        byte[] buffer = new byte[64 * 1024];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            failUnlessClosing(e);
        }
    }

    private void write(int chunk, Semaphore permits) {
        byte[] data = new byte[chunk];
        try {
            OutputStream out = client.getOutputStream();
            while (!closing) {
                permits.acquire();
                out.write(data);
            }
        } catch (IOException e) {
            failUnlessClosing(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(int chunk, Semaphore permits) {
        byte[] buffer = new byte[64 * 1024];
        long received = 0;
        long released = 0;
        try {
            InputStream in = client.getInputStream();
            for (int n; (n = in.read(buffer)) > 0; ) {
                received += n;
                meter.add(n);
                int chunks = (int) (received / chunk - released);
                if (chunks > 0) {
                    released += chunks;
                    permits.release(chunks);
                }
            }
        } catch (IOException e) {
            failUnlessClosing(e);
        }
    }

    private void pingPong() {
        try {
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            while (!closing) {
                out.write(1);
                if (in.read() < 0) {
                    break;
                }
                meter.add(1);
            }
        } catch (IOException e) {
            failUnlessClosing(e);
        }
    }

    private void failUnlessClosing(IOException e) {
        if (!closing) {
            meter.fail(e);
        }
    }

    /** Closes the client and the server; the threads end on their closed sockets. Benchmark thread. */
    @Override
    public void close() {
        closing = true;
        try (server; client) {
            client.shutdownOutput();
        } catch (IOException e) {
            // already closed: nothing left to release
        }
    }
}
