package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.Transport;

/** TLS over any transport: handshakes, verification, ALPN, client certificates, STARTTLS, close. */
public interface TlsContract extends NetworkSupport {

    private static TestCertificates certs() {
        return TestCertificates.get();
    }

    private Server tlsEchoServer(TlsOptions server) {
        return await(loop().startServer(conn -> echoLines(conn),
                ServerOptions.bind("127.0.0.1", 0).withTls(server)));
    }

    private static CompletableFuture<Void> echoLines(StreamConnection conn) {
        return conn.reader().readLine().thenCompose(line -> {
            if (line == null) {
                return CompletableFuture.completedFuture(null);
            }
            conn.writer().writeLine("echo " + line);
            return echoLines(conn);
        }).toCompletableFuture();
    }

    private ConnectOptions to(Server server, TlsOptions client) {
        return ConnectOptions.to("localhost", portOf(server)).withTls(client);
    }

    @Test
    default void streamsEchoOverTlsWithTheHostnameVerified() {
        Server server = tlsEchoServer(TlsOptions.server(certs().serverContext()));
        StreamConnection c = await(loop().openConnection(to(server, TlsOptions.client(certs().clientContext()))));
        String reply = await(onLoop(() -> {
            c.writer().writeLine("secret");
            return c.reader().readLine();
        }));
        assertEquals("echo secret", reply);
        assertTrue(onLoop(() -> c.tlsSession().isPresent()));
        assertTrue(onLoop(() -> c.tlsSession().get().getProtocol()).startsWith("TLS"));
        onLoop(c::close);
        await(onLoop(() -> c.writer().closed()));
    }

    @Test
    default void aWriteInsideTheConnectFuturesCompletionReachesThePeerIntact() {
        Server server = tlsEchoServer(TlsOptions.server(certs().serverContext()));
        ConnectOptions options = to(server, TlsOptions.client(certs().clientContext()));
        LoopFuture<String> reply = onLoop(() -> loop().openConnection(options)
                .thenCompose(c -> {
                    // Runs as the handshake finishes, inside the TLS layer's own processing.
                    c.writer().writeLine("first");
                    c.writer().writeLine("second");
                    return c.reader().readLine().thenCombine(c.reader().readLine(), (a, b) -> a + "|" + b)
                            .whenComplete((v, e) -> c.close());
                }));
        assertEquals("echo first|echo second", await(reply));
    }

    @Test
    default void aWriteInsideTheServersConnectionCallbackReachesTheClientIntact() {
        Server server = await(loop().startServer(conn -> {
            conn.writer().writeLine("hello from the server");
            return echoLines(conn);
        }, ServerOptions.bind("127.0.0.1", 0).withTls(TlsOptions.server(certs().serverContext()))));
        StreamConnection c = await(loop().openConnection(to(server, TlsOptions.client(certs().clientContext()))));
        assertEquals("hello from the server", await(onLoop(() -> c.reader().readLine())));
        assertEquals("echo ping", await(onLoop(() -> {
            c.writer().writeLine("ping");
            return c.reader().readLine();
        })));
        onLoop(c::close);
    }

    @Test
    default void aWriteFromPauseWritingGoesOutAfterTheWriteThatFilledTheBuffer() {
        Server server = listen(Echo::new, ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs().serverContext())));
        byte[] marker = "MARK".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Transport[] self = new Transport[1];
        Recorder client = new Recorder() {
            @Override
            public void pauseWriting() {
                super.pauseWriting();
                if (pauses() == 1) {
                    self[0].write(marker); // while the TLS layer is writing the records of big
                }
            }
        };
        Transport t = await(loop().createConnection(() -> client, to(server, TlsOptions.client(certs().clientContext()))));
        byte[] big = NetworkSupport.randomBytes(8 << 20, 5);
        byte[] tail = NetworkSupport.randomBytes(1000, 6);
        byte[] back = await(onLoop(() -> {
            self[0] = t;
            t.setWriteBufferLimits(64 << 10, 16 << 10);
            t.write(big);
            t.write(tail);
            return client.bytes(big.length + marker.length + tail.length);
        }));
        assertTrue(client.pauses() > 0, "the write buffer never filled: the test did not test anything");
        byte[] expected = new byte[back.length];
        System.arraycopy(big, 0, expected, 0, big.length);
        System.arraycopy(marker, 0, expected, big.length, marker.length);
        System.arraycopy(tail, 0, expected, big.length + marker.length, tail.length);
        assertArrayEquals(expected, back);
        onLoop(t::close);
    }

    @Test
    default void aMegabyteCrossesTlsIntact() {
        Server server = listen(Echo::new, ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs().serverContext())));
        Recorder client = new Recorder();
        Transport t = await(loop().createConnection(() -> client, to(server, TlsOptions.client(certs().clientContext()))));
        byte[] big = NetworkSupport.randomBytes(1 << 20, 9);
        byte[] back = await(onLoop(() -> {
            t.write(big);
            return client.bytes(big.length);
        }));
        assertArrayEquals(big, back);
    }

    @Test
    default void aCertificateForAnotherNameFailsTheConnectWithAHandshakeError() {
        Server server = tlsEchoServer(TlsOptions.server(certs().serverContext()));
        LoopFuture<StreamConnection> f = loop().openConnection(to(server,
                TlsOptions.client(certs().clientContext()).withServerName("example.org")));
        CompletionException e = assertThrows(CompletionException.class, () -> await(f));
        assertInstanceOf(SSLHandshakeException.class, e.getCause());
    }

    @Test
    default void skippingHostnameVerificationAcceptsTheCertificateUnderAnotherName() {
        Server server = tlsEchoServer(TlsOptions.server(certs().serverContext()));
        StreamConnection c = await(loop().openConnection(to(server,
                TlsOptions.client(certs().clientContext()).withServerName("example.org")
                        .insecureSkipHostnameVerification())));
        assertTrue(onLoop(() -> c.tlsSession().isPresent()));
    }

    @Test
    default void anUntrustedCertificateFailsTheConnect() {
        Server server = tlsEchoServer(TlsOptions.server(certs().serverContext()));
        LoopFuture<StreamConnection> f = loop().openConnection(to(server,
                TlsOptions.client(certs().distrustingClientContext())));
        CompletionException e = assertThrows(CompletionException.class, () -> await(f));
        assertInstanceOf(SSLException.class, e.getCause());
    }

    @Test
    default void alpnAgreesOnTheFirstProtocolBothSidesKnow() {
        Recorder serverSide = new Recorder();
        Server server = listen(() -> serverSide, ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs().serverContext()).withAlpn("h2", "irc")));
        Transport t = await(loop().createConnection(Recorder::new,
                to(server, TlsOptions.client(certs().clientContext()).withAlpn("irc", "http/1.1"))));
        assertEquals(Optional.of("irc"), onLoop(t::applicationProtocol));
        Transport serverTransport = await(serverSide.made);
        assertEquals(Optional.of("irc"), onLoop(serverTransport::applicationProtocol));
    }

    @Test
    default void aServerRequiringAClientCertificateRejectsClientsWithoutOne() {
        Server server = tlsEchoServer(TlsOptions.server(certs().serverContext())
                .withClientAuth(TlsOptions.ClientAuth.NEED));
        StreamConnection good = await(loop().openConnection(to(server,
                TlsOptions.client(certs().clientContextWithCertificate()))));
        String reply = await(onLoop(() -> {
            good.writer().writeLine("with certificate");
            return good.reader().readLine();
        }));
        assertEquals("echo with certificate", reply);
        // In TLS 1.3 the client may finish its handshake before the server rejects it; then the
        // rejection ends the connection at the first read instead.
        CompletionException e = assertThrows(CompletionException.class, () -> await(
                loop().openConnection(to(server, TlsOptions.client(certs().clientContext()))).thenCompose(c -> {
                    c.writer().writeLine("without certificate");
                    return c.reader().readLine().thenApply(line -> {
                        if (line == null) {
                            throw new CompletionException(new SSLException("closed without a reply"));
                        }
                        return line;
                    });
                })));
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    default void startTlsUpgradesALiveConnection() {
        TlsOptions serverTls = TlsOptions.server(certs().serverContext());
        Server server = await(loop().startServer(conn -> conn.reader().readLine().thenCompose(line -> {
            conn.writer().writeLine("OK " + line);
            return conn.startTls(serverTls);
        }).thenCompose(v -> echoLines(conn)), ServerOptions.bind("127.0.0.1", 0)));
        StreamConnection c = await(loop().openConnection(ConnectOptions.to("localhost", portOf(server))));
        String ok = await(onLoop(() -> {
            c.writer().writeLine("STARTTLS");
            return c.reader().readLine();
        }));
        assertEquals("OK STARTTLS", ok);
        assertFalse(onLoop(() -> c.tlsSession().isPresent()));
        await(onLoop(() -> c.startTls(TlsOptions.client(certs().clientContext()))));
        assertTrue(onLoop(() -> c.tlsSession().isPresent()));
        String reply = await(onLoop(() -> {
            c.writer().writeLine("now encrypted");
            return c.reader().readLine();
        }));
        assertEquals("echo now encrypted", reply);
    }

    @Test
    default void closeSendsCloseNotifyAndThePeerSeesACleanEnd() {
        Recorder serverSide = new Recorder();
        Server server = listen(() -> serverSide, ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs().serverContext())));
        Transport t = await(loop().createConnection(Recorder::new, to(server, TlsOptions.client(certs().clientContext()))));
        await(serverSide.made);
        onLoop(() -> {
            t.write("last words".getBytes());
            t.close();
        });
        await(serverSide.eof);
        assertNull(await(serverSide.lost), "a close_notify ends the connection without an error");
        assertArrayEquals("last words".getBytes(), onLoop(serverSide::received));
    }

    @Test
    default void aServerThatNeverAnswersTheHandshakeTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            });
            LoopFuture<Transport> f = loop().createConnection(Recorder::new,
                    ConnectOptions.to(new InetSocketAddress("127.0.0.1", silent.getLocalPort()))
                            .withTls(TlsOptions.client(certs().clientContext()).withServerName("localhost")
                                    .withHandshakeTimeout(Duration.ofMillis(200))));
            CompletionException e = assertThrows(CompletionException.class, () -> await(f));
            assertInstanceOf(SSLHandshakeException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("did not finish within PT0.2S"), e.getCause().getMessage());
            awaitReal(accepted).close();
        }
    }

    @Test
    default void writeEofIsRefusedOverTls() {
        Server server = listen(Echo::new, ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs().serverContext())));
        Transport t = await(loop().createConnection(Recorder::new, to(server, TlsOptions.client(certs().clientContext()))));
        assertFalse(onLoop(t::canWriteEof));
        String message = onLoop(() -> {
            try {
                t.writeEof();
                return "accepted";
            } catch (UnsupportedOperationException expected) {
                return expected.getMessage();
            }
        });
        assertTrue(message.contains("not supported over TLS"), message);
    }
}
