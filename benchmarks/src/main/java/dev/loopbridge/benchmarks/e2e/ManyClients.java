package dev.loopbridge.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client process of {@link ManySection}, in a JVM of its own so that the server's process
 * holds only the server's sockets (and its own file-descriptor budget):
 * {@code java ... ManyClients PORT COUNT}. It opens {@code COUNT} connections to 127.0.0.1:PORT
 * (512 connects in flight at most) and prints {@code connected N MILLIS}; on the line
 * {@code exchange MILLIS} from standard input, every connection plays ping-pong with 64-byte
 * messages on its own virtual thread for that long, and it prints {@code exchanged ROUNDTRIPS};
 * on {@code close} (or the end of input) it closes them all and exits. Runs on its main thread
 * plus one virtual thread per connection while connecting and exchanging.
 */
public final class ManyClients {

    private static final int MESSAGE = 64;

    private ManyClients() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        ConcurrentLinkedQueue<SocketChannel> open = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Semaphore inFlight = new Semaphore(512);
        long start = System.nanoTime();
        List<Thread> connecting = new ArrayList<>(count);
        for (int i = 0; i < count && failure.get() == null; i++) {
            inFlight.acquire();
            connecting.add(Thread.ofVirtual().start(() -> {
                try {
                    SocketChannel ch = SocketChannel.open(server);
                    ch.socket().setTcpNoDelay(true);
                    open.add(ch);
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Thread t : connecting) {
            t.join();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<SocketChannel> channels = new ArrayList<>(open);
        System.out.println("connected " + channels.size() + " " + millis
                + (failure.get() == null ? "" : " " + failure.get()));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("exchange ")) {
                System.out.println("exchanged " + exchange(channels, Long.parseLong(line.substring(9))));
            } else if (line.equals("close")) {
                break;
            }
        }
        for (SocketChannel ch : channels) {
            ch.close();
        }
        System.exit(0);
    }

    /** Ping-pong on every connection for {@code millis}; returns the round trips done. */
    private static long exchange(List<SocketChannel> channels, long millis) throws InterruptedException {
        AtomicLong roundTrips = new AtomicLong();
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<Thread> threads = new ArrayList<>(channels.size());
        for (SocketChannel ch : channels) {
            threads.add(Thread.ofVirtual().start(() -> {
                ByteBuffer out = ByteBuffer.allocate(MESSAGE);
                ByteBuffer back = ByteBuffer.allocate(MESSAGE);
                long n = 0;
                try {
                    while (System.nanoTime() < deadline) {
                        out.clear();
                        while (out.hasRemaining()) {
                            ch.write(out);
                        }
                        back.clear();
                        while (back.hasRemaining()) {
                            if (ch.read(back) < 0) {
                                throw new IOException("the server closed the connection");
                            }
                        }
                        n++;
                    }
                } catch (IOException e) {
                    System.err.println("exchange failed: " + e);
                } finally {
                    roundTrips.addAndGet(n);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return roundTrips.get();
    }
}
