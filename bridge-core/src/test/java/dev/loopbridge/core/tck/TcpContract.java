package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.Transport;

/** Transports and protocols over TCP and Unix domain sockets. */
public interface TcpContract extends NetworkSupport {

    private void echoes(ServerOptions where) {
        Server server = listen(Echo::new, where);
        Recorder client = new Recorder();
        Transport t = await(loop().createConnection(() -> client, ConnectOptions.to(addressOf(server))));
        byte[] message = NetworkSupport.randomBytes(10_000, 1);
        byte[] back = await(onLoop(() -> {
            t.write(message);
            return client.bytes(message.length);
        }));
        assertArrayEquals(message, back);
        onLoop(t::close);
        assertNull(await(client.lost));
        assertEquals(1, client.lostCalls());
        assertFalse(client.ranOffTheLoopThread());
        onLoop(server::close);
    }

    @Test
    default void echoOverTcpOnIpv4() {
        echoes(ServerOptions.bind("127.0.0.1", 0));
    }

    @Test
    default void echoOverTcpOnIpv6() throws IOException {
        assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback on this machine");
        echoes(ServerOptions.bind("::1", 0));
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return s.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    default void echoOverAUnixDomainSocket() throws IOException {
        Path dir = Files.createTempDirectory("lb-unix");
        Path socket = dir.resolve("echo.sock");
        try {
            echoes(ServerOptions.bind(UnixDomainSocketAddress.of(socket)));
            assertFalse(Files.exists(socket), "the server's close removes its socket file");
        } finally {
            Files.deleteIfExists(socket);
            Files.delete(dir);
        }
    }

    @Test
    default void eightMegabytesWrittenAtOnceEchoBackIntact() {
        Server server = listen(Echo::new);
        Recorder client = new Recorder();
        Transport t = connect(server, client);
        byte[] big = NetworkSupport.randomBytes(8 << 20, 2);
        byte[] back = await(onLoop(() -> {
            t.write(big);
            return client.bytes(big.length);
        }));
        assertArrayEquals(big, back);
    }

    @Test
    default void closeFlushesWhatWasWrittenFirst() {
        byte[] big = NetworkSupport.randomBytes(4 << 20, 3);
        Server server = listen(() -> new Recorder() {
            @Override
            public void connectionMade(Transport t) {
                super.connectionMade(t);
                t.write(big);
                t.close();
            }
        });
        Recorder client = new Recorder();
        connect(server, client);
        await(client.eof);
        assertNull(await(client.lost));
        assertArrayEquals(big, onLoop(client::received));
    }

    @Test
    default void connectingToAClosedPortFailsNamingTheAddress() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LoopFuture<Transport> f = loop().createConnection(Recorder::new, ConnectOptions.to("127.0.0.1", port));
        CompletionException e = assertThrows(CompletionException.class, () -> await(f));
        ConnectException c = assertInstanceOf(ConnectException.class, e.getCause());
        assertTrue(c.getMessage().startsWith("cannot connect to 127.0.0.1:" + port + ": "), c.getMessage());
        assertTrue(c.getMessage().contains("refused"), c.getMessage());
    }

    @Test
    default void anUnresolvableHostFailsNamingTheHost() {
        LoopFuture<Transport> f = loop().createConnection(Recorder::new, ConnectOptions.to("no-such-host.invalid", 80));
        CompletionException e = assertThrows(CompletionException.class, () -> await(f));
        ConnectException c = assertInstanceOf(ConnectException.class, e.getCause());
        assertTrue(c.getMessage().contains("resolving no-such-host.invalid failed"), c.getMessage());
    }

    @Test
    default void aConnectThatHangsFailsAfterTheConnectTimeout() throws IOException {
        try (Backlogged hanging = Backlogged.open()) {
            LoopFuture<Transport> f = loop().createConnection(Recorder::new,
                    ConnectOptions.to(hanging.address()).withConnectTimeout(Duration.ofMillis(200)));
            CompletionException e = assertThrows(CompletionException.class, () -> await(f));
            ConnectException c = assertInstanceOf(ConnectException.class, e.getCause());
            assertTrue(c.getMessage().contains("timed out after PT0.2S"), c.getMessage());
        }
    }

    @Test
    default void cancellingAConnectStopsIt() throws IOException {
        try (Backlogged hanging = Backlogged.open()) {
            Recorder client = new Recorder();
            LoopFuture<Transport> f = loop().createConnection(() -> client, ConnectOptions.to(hanging.address()));
            onLoop(() -> { });
            assertTrue(f.cancel(false));
            await(loop().sleep(Duration.ofMillis(20)));
            assertFalse(client.made.isDone(), "a cancelled connect made a connection");
        }
    }

    @Test
    default void everyAddressIsTriedUntilOneAccepts() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Server server = listen(Echo::new, ServerOptions.bind("127.0.0.1", 0));
        // "localhost" may resolve to ::1 and 127.0.0.1: whichever refuses, the other is tried.
        Recorder client = new Recorder();
        Transport t = await(loop().createConnection(() -> client, ConnectOptions.to("localhost", portOf(server))
                .withHappyEyeballs(Duration.ofMillis(50))));
        assertTrue(onLoop(() -> !t.isClosing()));
        LoopFuture<Transport> refused = loop().createConnection(Recorder::new, ConnectOptions.to("localhost", closedPort));
        CompletionException e = assertThrows(CompletionException.class, () -> await(refused));
        assertTrue(e.getCause().getSuppressed().length >= 1, "each address's failure is attached");
    }

    @Test
    default void aHalfClosedConnectionStillCarriesTheOtherDirection() {
        Server server = listen(() -> new Recorder() {
            private Transport transport;

            {
                keepOpenOnEof = true;
            }

            @Override
            public void connectionMade(Transport t) {
                super.connectionMade(t);
                transport = t;
            }

            @Override
            public boolean eofReceived() {
                super.eofReceived();
                transport.write("bye".getBytes());
                transport.close();
                return true;
            }
        });
        Recorder client = new Recorder();
        client.keepOpenOnEof = true;
        Transport t = connect(server, client);
        onLoop(() -> {
            assertTrue(t.canWriteEof());
            t.write("hello".getBytes());
            t.writeEof();
        });
        assertArrayEquals("bye".getBytes(), await(onLoop(() -> client.bytes(3))));
        await(client.eof);
        onLoop(t::close);
        assertNull(await(client.lost));
    }

    @Test
    default void theTransportClosesOnEofUnlessTheProtocolKeepsItOpen() {
        Recorder serverSide = new Recorder();
        Server server = listen(() -> serverSide);
        Recorder client = new Recorder();
        Transport t = connect(server, client);
        onLoop(t::writeEof);
        await(serverSide.eof);
        assertNull(await(serverSide.lost), "the server side closed itself after EOF");
        await(client.eof);
        assertNull(await(client.lost));
    }

    @Test
    default void abortResetsTheConnectionAndThePeerSeesTheError() {
        Server server = listen(() -> new Recorder() {
            @Override
            public void dataReceived(ByteBuffer data) {
                super.dataReceived(data);
                made.join().abort();
            }
        });
        Recorder client = new Recorder();
        Transport t = connect(server, client);
        onLoop(() -> t.write("trigger".getBytes()));
        Throwable cause = await(client.lost);
        if (cause != null) {
            assertInstanceOf(IOException.class, cause);
        } else {
            assertTrue(client.eof.isDone(), "the connection ended without an error or an EOF");
        }
        assertEquals(1, client.lostCalls());
    }

    @Test
    default void pauseWritingAndResumeWritingFollowTheWriteBuffer() {
        List<Transport> serverTransports = new ArrayList<>();
        Recorder serverSide = new Recorder() {
            @Override
            public void connectionMade(Transport t) {
                super.connectionMade(t);
                serverTransports.add(t);
                t.setWriteBufferLimits(64 * 1024, 16 * 1024);
            }
        };
        Server server = listen(() -> serverSide);
        Recorder client = new Recorder();
        Transport c = connect(server, client);
        onLoop(c::pauseReading);
        Transport s = await(serverSide.made);
        byte[] chunk = new byte[64 * 1024];
        long buffered = onLoop(() -> {
            for (int i = 0; i < 200 && serverSide.pauses() == 0; i++) {
                s.write(chunk);
            }
            return s.writeBufferSize();
        });
        assertEquals(1, serverSide.pauses(), "pauseWriting once the buffer passed 64 KiB");
        assertTrue(buffered > 64 * 1024, "buffered " + buffered);
        assertFalse(onLoop(c::isReading));
        onLoop(c::resumeReading);
        long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        while (serverSide.resumes() == 0 && System.nanoTime() - deadline < 0) {
            await(loop().sleep(Duration.ofMillis(5)));
        }
        assertEquals(1, serverSide.resumes(), "resumeWriting once the buffer drained to 16 KiB");
        assertTrue(onLoop(s::writeBufferSize) <= 16 * 1024);
    }

    @Test
    default void badWriteBufferLimitsAreRejectedWithTheRule() {
        Server server = listen(Echo::new);
        Transport t = connect(server, new Recorder());
        String message = onLoop(() -> {
            try {
                t.setWriteBufferLimits(10, 20);
                return "accepted";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        assertEquals("high: 10, low: 20 (expected: 0 <= low <= high)", message);
    }

    @Test
    default void transportMethodsOffTheLoopThreadThrowNamingTheLoopThread() {
        Server server = listen(Echo::new);
        Transport t = connect(server, new Recorder());
        String message = awaitReal(inThread(() -> {
            try {
                t.write(new byte[1]);
                return "wrote";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }));
        assertTrue(message.startsWith("Transport.write must be called on "), message);
        String serverMessage = awaitReal(inThread(() -> {
            try {
                server.close();
                return "closed";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }));
        assertTrue(serverMessage.startsWith("Server.close must be called on "), serverMessage);
    }

    @Test
    default void everyTransportMethodThatActsChecksTheThreadAndTheGettersDoNot() {
        // What Transport's doc promises, method by method.
        Server server = listen(Echo::new);
        Transport t = connect(server, new Recorder());
        Map<String, ThrowingRunnable> acting = new LinkedHashMap<>();
        acting.put("write", () -> t.write(new byte[1]));
        acting.put("writeEof", t::writeEof);
        acting.put("close", t::close);
        acting.put("abort", t::abort);
        acting.put("pauseReading", t::pauseReading);
        acting.put("resumeReading", t::resumeReading);
        acting.put("setWriteBufferLimits", () -> t.setWriteBufferLimits(10, 5));
        acting.put("setProtocol", () -> t.setProtocol(new Recorder()));
        List<String> unchecked = awaitReal(inThread(() -> {
            List<String> passed = new ArrayList<>();
            for (Map.Entry<String, ThrowingRunnable> m : acting.entrySet()) {
                try {
                    m.getValue().run();
                    passed.add(m.getKey());
                } catch (IllegalStateException expected) {
                    assertTrue(expected.getMessage().startsWith("Transport." + m.getKey() + " must be called on "),
                            expected.getMessage());
                }
            }
            // The getters answer anywhere (possibly stale): none of them throws.
            passed.add("getters: " + t.canWriteEof() + t.isClosing() + t.isReading() + t.writeBufferSize()
                    + t.localAddress() + t.remoteAddress() + t.tlsSession() + t.applicationProtocol() + t.protocol());
            return passed;
        }));
        assertEquals(1, unchecked.size(), "methods that did not check the thread: " + unchecked);
        assertTrue(unchecked.get(0).startsWith("getters: "), unchecked.get(0));
    }

    @Test
    default void aClosedServerRefusesNewConnectionsButKeepsOpenOnes() {
        Server server = listen(Echo::new);
        InetSocketAddress address = (InetSocketAddress) addressOf(server);
        Recorder client = new Recorder();
        Transport t = connect(server, client);
        // The connect completes once the kernel has the connection queued; an echo proves the
        // server accepted it (one still queued when the server closes is reset with the queue).
        assertArrayEquals("hello".getBytes(), await(onLoop(() -> {
            t.write("hello".getBytes());
            return client.bytes(5);
        })));
        onLoop(server::close);
        assertFalse(server.isServing());
        CompletionException e = assertThrows(CompletionException.class,
                () -> await(loop().createConnection(Recorder::new, ConnectOptions.to(address))));
        assertInstanceOf(ConnectException.class, e.getCause());
        assertFalse(server.closed().isDone(), "a connection is still open");
        byte[] back = await(onLoop(() -> {
            t.write("still here".getBytes());
            return client.bytes(15);
        }));
        assertArrayEquals("hellostill here".getBytes(), back);
        onLoop(server::closeConnections);
        await(server.closed());
        assertNull(await(client.lost));
    }

    @Test
    default void aServerKeepsAtMostMaxConnectionsOpen() {
        Server server = listen(Echo::new, ServerOptions.bind("127.0.0.1", 0).withMaxConnections(2));
        List<Recorder> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Recorder r = new Recorder();
            clients.add(r);
            connect(server, r);
        }
        Throwable third = await(clients.get(2).lost);
        assertTrue(third == null || third instanceof IOException);
        assertEquals(2, onLoop(server::connectionCount));
        assertFalse(clients.get(0).lost.isDone());
    }

    @Test
    default void aProtocolThatThrowsInDataReceivedLosesItsConnection() {
        loop().setExceptionHandler((l, e, c) -> { });
        Recorder failing = new Recorder() {
            @Override
            public void dataReceived(ByteBuffer data) {
                throw new IllegalStateException("cannot parse");
            }
        };
        Server server = listen(() -> failing);
        Transport t = connect(server, new Recorder());
        onLoop(() -> t.write("x".getBytes()));
        Throwable cause = await(failing.lost);
        assertInstanceOf(IllegalStateException.class, cause);
    }

    @Test
    default void closingTheLoopResetsOpenConnections() {
        Server server = listen(Echo::new);
        Recorder client = new Recorder();
        connect(server, client);
        if (testThreadIsLoopThread()) {
            loop().close();
        } else {
            awaitReal(inThread(() -> {
                loop().close();
                return null;
            }));
        }
        assertTrue(client.lost.isDone(), "connectionLost ran during the close");
        assertEquals(1, client.lostCalls());
    }

    /** A listening socket whose accept queue is full, so a further connect hangs. */
    final class Backlogged implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        private Backlogged(ServerSocket server) {
            this.server = server;
        }

        static Backlogged open() throws IOException {
            Backlogged b = new Backlogged(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            // Linux accepts backlog + 1 connections into the queue; the next SYNs are dropped.
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket();
                try {
                    s.connect(b.server.getLocalSocketAddress(), 100);
                    b.fillers.add(s);
                } catch (IOException full) {
                    s.close();
                    break;
                }
            }
            return b;
        }

        InetSocketAddress address() {
            return (InetSocketAddress) server.getLocalSocketAddress();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            server.close();
        }
    }
}
