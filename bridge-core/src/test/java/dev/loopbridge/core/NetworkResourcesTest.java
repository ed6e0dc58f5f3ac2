package dev.loopbridge.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.tck.TestTimeouts;

/**
 * Resource hygiene of the network layer on the default loop: descriptors and threads after many
 * connections, and the heap while a fast peer sends to a slow reader.
 */
class NetworkResourcesTest {

    private final EventLoop loop = EventLoops.newDefault(LoopOptions.defaults().withName("hygiene"));

    @AfterEach
    void close() {
        loop.close();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static Set<String> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("hygiene")).collect(Collectors.toSet());
    }

    /** A protocol that closes its side as soon as the connection is made. */
    private static final class Closer implements Protocol {
        private final CompletableFuture<Void> gone;

        Closer(CompletableFuture<Void> gone) {
            this.gone = gone;
        }

        @Override
        public void connectionMade(Transport t) {
            t.close();
        }

        @Override
        public void dataReceived(ByteBuffer data) {
        }

        @Override
        public void connectionLost(Throwable cause) {
            gone.complete(null);
        }
    }

    @Test
    void tenThousandConnectCloseCyclesLeaveNoDescriptorsOrThreadsBehind() throws Exception {
        Server server = loop.runUntilComplete(loop.createServer(() -> new Closer(new CompletableFuture<>()),
                ServerOptions.bind("127.0.0.1", 0)));
        InetSocketAddress address = loop.runUntilComplete(loop.submit(() -> (InetSocketAddress) server.addresses().get(0)));
        // Warm up once so the selector, the read buffer and the classes exist before the baseline.
        CompletableFuture<Void> first = new CompletableFuture<>();
        loop.runUntilComplete(loop.createConnection(() -> new Closer(first), ConnectOptions.to(address)));
        loop.runUntilComplete(first);
        long descriptorsBefore = openDescriptors();
        Set<String> threadsBefore = loopThreads();

        int cycles = 10_000;
        int batch = 100;
        for (int done = 0; done < cycles; done += batch) {
            List<CompletableFuture<Void>> gone = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                CompletableFuture<Void> g = new CompletableFuture<>();
                gone.add(g);
                loop.createConnection(() -> new Closer(g), ConnectOptions.to(address));
            }
            loop.runUntilComplete(CompletableFuture.allOf(gone.toArray(CompletableFuture[]::new)));
        }
        loop.runUntilComplete(loop.submit(() -> {
            server.close();
            return null;
        }));
        loop.runUntilComplete(server.closed());

        // Closed sockets are released when the selector next runs; wait for that, bounded.
        long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        long descriptorsAfter = openDescriptors();
        while (descriptorsAfter > descriptorsBefore - 1 && System.nanoTime() - deadline < 0) {
            loop.runUntilComplete(loop.sleep(Duration.ofMillis(10)));
            descriptorsAfter = openDescriptors();
        }
        // The server's listening socket is gone too: one fewer than the baseline.
        assertEquals(descriptorsBefore - 1, descriptorsAfter, "descriptors left open after " + cycles + " cycles");
        assertEquals(threadsBefore, loopThreads(), "threads of the loop after the cycles");
        System.out.printf("%d connect/close cycles: %d descriptors before, %d after (the listener closed)%n",
                cycles, descriptorsBefore, descriptorsAfter);
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void aGigabyteSentToASlowReaderKeepsTheHeapFlat() throws Exception {
        Runtime memory = Runtime.getRuntime();
        long total = 1L << 30;
        int chunk = 64 * 1024;
        CompletableFuture<Socket> accepted = new CompletableFuture<>();
        // The fast peer is a plain blocking socket on a thread of its own, writing as fast as it can.
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sender = Thread.ofPlatform().name("fast-sender").start(() -> {
                try (Socket s = plain.accept(); OutputStream out = s.getOutputStream()) {
                    accepted.complete(s);
                    byte[] data = new byte[chunk];
                    for (long sent = 0; sent < total; sent += chunk) {
                        out.write(data);
                    }
                } catch (IOException e) {
                    accepted.completeExceptionally(e);
                }
            });
            StreamConnection conn = loop.runUntilComplete(loop.openConnection(
                    ConnectOptions.to(plain.getLocalSocketAddress())));
            System.gc();
            long baseline = (memory.totalMemory() - memory.freeMemory());
            long started = System.nanoTime();
            AtomicLong received = new AtomicLong();
            long peak = 0;
            long nextCheck = 0;
            while (received.get() < total) {
                long target = Math.min(total, received.get() + (128L << 20));
                loop.runUntilComplete(loop.submit(() -> readSlowly(conn, received, target)).thenCompose(f -> f));
                if (received.get() >= nextCheck) {
                    System.gc();
                    peak = Math.max(peak, (memory.totalMemory() - memory.freeMemory()) - baseline);
                    nextCheck += 128L << 20;
                }
            }
            sender.join(TestTimeouts.TIMEOUT.toMillis());
            System.out.printf("1 GiB through a slow reader in %d ms; heap peak %+d KiB over the baseline%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), peak >> 10);
            assertEquals(total, received.get());
            assertTrue(peak < 4L << 20, "the heap grew by " + (peak >> 20) + " MiB while 1 GiB went through");
        }
    }

    /** Reads 16 KiB at a time until {@code target}, resting 1 ms every 64 reads: slower than the sender. */
    private CompletableFuture<Void> readSlowly(StreamConnection conn, AtomicLong received, long target) {
        if (received.get() >= target) {
            return CompletableFuture.completedFuture(null);
        }
        return conn.reader().read(16 * 1024).thenCompose(bytes -> {
            if (bytes.length == 0) {
                return CompletableFuture.failedFuture(new IOException("early end after " + received.get() + " bytes"));
            }
            long n = received.addAndGet(bytes.length);
            CompletableFuture<Void> next = (n / (16 * 1024)) % 64 == 0
                    ? loop.sleep(Duration.ofMillis(1)).toCompletableFuture()
                    : CompletableFuture.completedFuture(null);
            return next.thenCompose(v -> readSlowly(conn, received, target));
        }).toCompletableFuture();
    }
}
