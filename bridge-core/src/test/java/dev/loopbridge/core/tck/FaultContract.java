package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.IncompleteReadException;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.Transport;

/**
 * Fault injection: the network misbehaving between the loop and its peer, through a
 * {@link FaultProxy} on loopback — a reset in the middle of a transfer, a half-open peer, bytes
 * one at a time, connects refused or black-holed — and Happy Eyeballs over a host whose first
 * address never answers. Each test asserts how the futures fail and that the loop is left with
 * nothing behind: no timers, no descriptors, no threads.
 */
public interface FaultContract extends NetworkSupport {

    /** Random bytes a server sends to each connection before waiting for the peer to close. */
    int PAYLOAD = 200_000;

    private Server sending(byte[] payload) {
        return await(loop().startServer(c -> {
            c.writer().write(payload);
            return c.reader().read(1); // until the peer closes or resets
        }, ServerOptions.bind("127.0.0.1", 0)));
    }

    /**
     * Connects through a proxy with a connect timeout, whose timer must be gone once connected,
     * and sends the proxy its one-byte hello: it relays nothing before it, so that it can never
     * reset a connection whose completion the loop has not yet seen (the reset would then fail
     * the connect instead of the read under test).
     */
    private StreamConnection open(InetSocketAddress where) {
        StreamConnection c = await(loop().openConnection(ConnectOptions.to(where).withConnectTimeout(TestTimeouts.TIMEOUT)));
        onLoop(() -> c.writer().write(new byte[] {FaultProxy.HELLO}));
        return c;
    }

    private static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
    }

    /** Timers pending, as the loop's stats saw them at the end of its last tick (read in the next one). */
    private long pendingTimers() {
        return onLoop(() -> loop().stats().pendingTimers());
    }

    private static Set<String> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("tck") && !n.equals("tck-helper")).collect(Collectors.toSet());
    }

    /**
     * Runs {@code scenario} once to warm the loop up (its selector, its executor), then three
     * times more, and asserts that the repetitions left no descriptor, timer or loop thread behind.
     */
    private void leavesNothingBehind(ThrowingRunnable scenario) {
        try {
            scenario.run();
            long timers = pendingTimers();
            long fds = openDescriptors();
            Set<String> threads = loopThreads();
            for (int i = 0; i < 3; i++) {
                scenario.run();
            }
            // A closed channel's descriptor is released when the selector next deregisters it.
            long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
            while (openDescriptors() > fds && System.nanoTime() - deadline < 0) {
                await(loop().sleep(Duration.ofMillis(5)));
            }
            assertEquals(fds, Math.max(fds, openDescriptors()), "descriptors left open by three runs");
            assertEquals(timers, pendingTimers(), "timers left pending");
            assertTrue(threads.containsAll(loopThreads()), "new loop threads: " + loopThreads() + " (were " + threads + ")");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    default void aResetInTheMiddleOfATransferFailsTheReadWithTheConnectionsIOException() {
        byte[] payload = NetworkSupport.randomBytes(PAYLOAD, 7);
        Server server = sending(payload);
        leavesNothingBehind(() -> {
            try (FaultProxy proxy = FaultProxy.resetAfter(addressOf(server), 1_000)) {
                StreamConnection c = open(proxy.address());
                LoopFuture<byte[]> read = onLoop(() -> c.reader().readExactly(PAYLOAD));
                CompletionException e = assertThrows(CompletionException.class, () -> await(read));
                assertInstanceOf(IOException.class, e.getCause());
                assertFalse(e.getCause() instanceof IncompleteReadException,
                        "a reset is a lost connection, not an end of stream: " + e.getCause());
                // What arrived before the reset stays readable; after it, every read fails with the same loss.
                byte[] rest = await(onLoop(() -> c.reader().read(PAYLOAD).exceptionally(x -> new byte[0])));
                assertTrue(rest.length <= 1_000, rest.length + " bytes arrived, past the 1000 the proxy forwarded");
                assertArrayEquals(Arrays.copyOf(payload, rest.length), rest);
                if (rest.length > 0) {
                    LoopFuture<byte[]> after = onLoop(() -> c.reader().read(PAYLOAD));
                    CompletionException again = assertThrows(CompletionException.class, () -> await(after));
                    assertEquals(e.getCause(), again.getCause());
                }
                LoopFuture<String> later = onLoop(() -> c.reader().readLine());
                CompletionException again = assertThrows(CompletionException.class, () -> await(later));
                assertEquals(e.getCause(), again.getCause(), "every later read fails with the same loss");
                await(c.writer().closed().handle((v, x) -> null));
                assertTrue(onLoop(() -> c.writer().isClosing()));
            }
        });
    }

    @Test
    default void anEndInTheMiddleOfReadExactlyFailsWithIncompleteReadHoldingWhatArrived() {
        byte[] payload = NetworkSupport.randomBytes(PAYLOAD, 8);
        Server server = sending(payload);
        leavesNothingBehind(() -> {
            try (FaultProxy proxy = FaultProxy.endAfter(addressOf(server), 1_000)) {
                StreamConnection c = open(proxy.address());
                LoopFuture<byte[]> read = onLoop(() -> c.reader().readExactly(PAYLOAD));
                CompletionException e = assertThrows(CompletionException.class, () -> await(read));
                IncompleteReadException incomplete = assertInstanceOf(IncompleteReadException.class, e.getCause());
                assertArrayEquals(Arrays.copyOf(payload, 1_000), incomplete.partial());
                assertEquals(PAYLOAD, incomplete.expected());
                assertEquals(0, await(onLoop(() -> c.reader().read(10))).length, "after the end, reads see the end");
                onLoop(c::close);
            }
        });
    }

    @Test
    default void bytesArrivingOneAtATimeMakeTheSameLinesAndExactReads() throws IOException {
        Server server = await(loop().startServer(c -> NetworkSupport.answerLines(c, "echo: "),
                ServerOptions.bind("127.0.0.1", 0)));
        FaultProxy proxy = FaultProxy.oneByteAtATime(addressOf(server));
        try (proxy) {
            StreamConnection c = open(proxy.address());
            String line = "héllo, one byte at a time";
            String back = await(onLoop(() -> {
                c.writer().writeLine(line);
                return c.reader().readLine();
            }));
            assertEquals("echo: " + line, back);
            byte[] exact = await(onLoop(() -> {
                c.writer().writeLine("0123456789");
                return c.reader().readExactly(17);
            }));
            assertEquals("echo: 0123456789\n", new String(exact, StandardCharsets.UTF_8));
            onLoop(c::close);
        }
        // Counted once the proxy's threads are joined: the last byte may be read before it is counted.
        long expectedWrites = ("echo: héllo, one byte at a time\n").getBytes(StandardCharsets.UTF_8).length + 17;
        assertEquals(expectedWrites, proxy.writesToClient(), "the proxy wrote one byte per write");
    }

    @Test
    default void aHalfOpenPeerTimesReadsAndDrainOutAndAbortReleasesTheConnection() {
        leavesNothingBehind(() -> {
            try (FaultProxy proxy = FaultProxy.stall()) {
                StreamConnection c = open(proxy.address());
                LoopFuture<String> line = onLoop(() -> c.reader().readLine().orTimeout(100, TimeUnit.MILLISECONDS));
                CompletionException e = assertThrows(CompletionException.class, () -> await(line));
                assertInstanceOf(TimeoutException.class, e.getCause());
                // The peer never reads: the kernel buffers fill, then ours; drain cannot finish.
                LoopFuture<Void> drained = onLoop(() -> {
                    c.writer().write(new byte[16 * 1024 * 1024]);
                    return c.writer().drain().orTimeout(100, TimeUnit.MILLISECONDS);
                });
                CompletionException d = assertThrows(CompletionException.class, () -> await(drained));
                assertInstanceOf(TimeoutException.class, d.getCause());
                assertTrue(onLoop(() -> c.writer().transport().writeBufferSize()) > 0, "the unsent bytes wait");
                onLoop(() -> c.writer().transport().abort());
                await(c.writer().closed().handle((v, x) -> null));
                assertEquals(0L, (long) onLoop(() -> c.writer().transport().writeBufferSize()),
                        "abort released the write buffer");
                assertEquals(1, proxy.accepted());
            }
        });
    }

    @Test
    default void refusedAndBlackHoledConnectsFailWithConnectExceptionAndLeaveNothingBehind() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        // One black hole for every run: an attempt left open would hold a descriptor while it lasts.
        try (TcpContract.Backlogged hole = TcpContract.Backlogged.open()) {
            leavesNothingBehind(() -> {
                LoopFuture<Transport> refused = loop().createConnection(Recorder::new,
                        ConnectOptions.to(new InetSocketAddress("127.0.0.1", closedPort)));
                CompletionException r = assertThrows(CompletionException.class, () -> await(refused));
                assertInstanceOf(ConnectException.class, r.getCause());
                // Read before the call: the loop may start the connect, and its timeout, before
                // createConnection returns to this thread.
                long start = loop().time();
                LoopFuture<Transport> hangs = loop().createConnection(Recorder::new,
                        ConnectOptions.to(hole.address()).withConnectTimeout(Duration.ofMillis(150)));
                CompletionException h = assertThrows(CompletionException.class, () -> await(hangs));
                assertTrue(loop().time() - start >= Duration.ofMillis(150).toNanos(), "failed before the timeout");
                ConnectException c = assertInstanceOf(ConnectException.class, h.getCause());
                assertTrue(c.getMessage().contains("timed out after PT0.15S"), c.getMessage());
            });
        }
    }

    @Test
    default void happyEyeballsStartsTheSecondAddressAfterTheDelayWhenTheFirstIsBlackHoled() throws IOException {
        // 127.0.0.1:port drops SYNs (its accept queue is full); 127.0.0.2:port answers.
        try (TcpContract.Backlogged hole = TcpContract.Backlogged.open()) {
            int port = hole.address().getPort();
            assertEquals(InetAddress.getByName("127.0.0.1"), hole.address().getAddress());
            Server server = listen(Echo::new, ServerOptions.bind("127.0.0.2", port));
            Duration delay = Duration.ofMillis(300);
            long timers = pendingTimers();
            long start = loop().time();
            Transport t = await(loop().createConnection(Recorder::new,
                    ConnectOptions.to(TestResolver.TWO_ADDRESSES, port).withHappyEyeballs(delay))
                    .orTimeout(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            long took = loop().time() - start;
            assertEquals(new InetSocketAddress("127.0.0.2", port), onLoop(t::remoteAddress));
            assertTrue(took >= delay.toNanos(), "the second attempt started after " + took / 1_000_000
                    + " ms, before the " + delay + " stagger");
            assertTrue(took < delay.plus(TestTimeouts.TIMEOUT).toNanos(), "took " + took / 1_000_000 + " ms");
            assertEquals(timers, pendingTimers(), "the stagger timer is gone once connected");
            onLoop(t::close);
            onLoop(server::close);
        }
    }

    @Test
    default void withoutHappyEyeballsABlackHoledFirstAddressHoldsTheConnectUntilTheTimeout() throws IOException {
        try (TcpContract.Backlogged hole = TcpContract.Backlogged.open()) {
            int port = hole.address().getPort();
            Server server = listen(Echo::new, ServerOptions.bind("127.0.0.2", port));
            CompletableFuture<Transport> f = loop().createConnection(Recorder::new,
                    ConnectOptions.to(TestResolver.TWO_ADDRESSES, port).withConnectTimeout(Duration.ofMillis(300)));
            CompletionException e = assertThrows(CompletionException.class, () -> await(f));
            ConnectException c = assertInstanceOf(ConnectException.class, e.getCause());
            assertTrue(c.getMessage().contains("timed out"), c.getMessage());
            onLoop(server::close);
        }
    }
}
