package dev.loopbridge.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.tck.LoopsUnderTest;
import dev.loopbridge.core.tck.NetworkSupport;
import dev.loopbridge.core.tck.Recorder;
import dev.loopbridge.core.tck.TestCertificates;
import dev.loopbridge.core.testing.TestEventLoop;

/**
 * The TLS layer's transport side on the test loop, over loopback: the thread rule, reading paused
 * and resumed, what it reports about itself, and handshakes that cannot start or are cut short.
 * The rest of its behaviour is in the TCK's TlsContract. Test thread (the test loop's owner).
 */
class TlsLayerTest extends LoopsUnderTest implements NetworkSupport {

    @Override
    protected EventLoop createLoop(LoopOptions options) {
        return TestEventLoop.create(options);
    }

    @Override
    public boolean testThreadIsLoopThread() {
        return true;
    }

    @Override
    public boolean supportsNestedLoops() {
        return true;
    }

    private static TestCertificates certs() {
        return TestCertificates.get();
    }

    private record Pair(Transport client, Recorder clientSide, Recorder serverSide) {
    }

    private Pair connected() {
        Recorder serverSide = new Recorder();
        Server server = listen(() -> serverSide, ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs().serverContext())));
        Recorder clientSide = new Recorder();
        Transport t = await(loop().createConnection(() -> clientSide, ConnectOptions.to("localhost", portOf(server))
                .withTls(TlsOptions.client(certs().clientContext()))));
        await(serverSide.made);
        return new Pair(t, clientSide, serverSide);
    }

    @Test
    void everyMethodThatActsOnATlsTransportRefusesAnotherThread() {
        Transport t = connected().client();
        List<Executable> calls = List.of(() -> t.write("x".getBytes(StandardCharsets.US_ASCII)), t::close, t::abort,
                t::pauseReading, t::resumeReading, () -> t.setProtocol(new Recorder()));
        for (Executable call : calls) {
            Throwable thrown = awaitReal(inThread(() -> {
                try {
                    call.execute();
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            }));
            assertInstanceOf(IllegalStateException.class, thrown, "a TLS transport call was accepted off the loop");
        }
        assertFalse(onLoop(t::isClosing), "a refused close closed the transport");
        assertTrue(onLoop(t::isReading), "a refused pauseReading paused the layer");
    }

    @Test
    void readingPausedAndResumedDeliversWhatCameMeanwhile() {
        Pair p = connected();
        Transport server = await(p.serverSide().made);
        onLoop(() -> {
            p.client().pauseReading();
            p.client().pauseReading();
        });
        assertFalse(onLoop(p.client()::isReading));
        CompletableFuture<byte[]> got = p.clientSide().bytes(5);
        onLoop(() -> server.write("hello".getBytes(StandardCharsets.US_ASCII)));
        onLoop(p.client()::resumeReading);
        assertTrue(onLoop(p.client()::isReading));
        assertEquals("hello", new String(await(got), StandardCharsets.US_ASCII));
    }

    @Test
    void aTlsTransportSaysWhatItIs() {
        Pair p = connected();
        Transport t = p.client();
        assertFalse(onLoop(t::canWriteEof));
        assertTrue(onLoop(() -> t.tlsSession().isPresent()));
        assertEquals(Optional.empty(), onLoop(t::applicationProtocol), "no ALPN was asked for");
        assertEquals("TlsTransport[" + onLoop(t::localAddress) + " -> " + onLoop(t::remoteAddress) + "]",
                onLoop(t::toString));
        assertSame(p.clientSide(), onLoop(t::protocol));
        Recorder other = new Recorder();
        onLoop(() -> t.setProtocol(other));
        assertSame(other, onLoop(t::protocol));
        assertThrows(NullPointerException.class, () -> t.setProtocol(null)); // the test thread runs the test loop
        assertEquals(0, onLoop(t::writeBufferSize));
        onLoop(t::close);
        assertTrue(onLoop(t::isClosing));
    }

    @Test
    void aClientThatMustVerifyAHostnameButKnowsNoneFailsBeforeTheHandshake() {
        Server server = listen(Recorder::new, ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs().serverContext())));
        LoopFuture<Transport> f = loop().createConnection(Recorder::new, ConnectOptions.to(addressOf(server))
                .withTls(TlsOptions.client(certs().clientContext())));
        CompletionException e = assertThrows(CompletionException.class, () -> await(f));
        SSLHandshakeException cause = assertInstanceOf(SSLHandshakeException.class, e.getCause());
        assertTrue(cause.getMessage().contains("no host name is known"), cause.getMessage());
    }

    @Test
    void aPeerThatClosesDuringTheHandshakeFailsTheConnectWithAHandshakeError() throws IOException {
        try (ServerSocket closing = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
                try (Socket s = closing.accept()) {
                    s.getInputStream().read(); // the ClientHello has started: close without answering
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            });
            LoopFuture<Transport> f = loop().createConnection(Recorder::new,
                    ConnectOptions.to(new InetSocketAddress("127.0.0.1", closing.getLocalPort()))
                            .withTls(TlsOptions.client(certs().clientContext()).withServerName("localhost")));
            CompletionException e = assertThrows(CompletionException.class, () -> await(f));
            SSLHandshakeException cause = assertInstanceOf(SSLHandshakeException.class, e.getCause());
            assertTrue(cause.getMessage().contains("during the TLS handshake"), cause.getMessage());
            assertTrue(cause.getMessage().contains("localhost"), "the peer is not named: " + cause.getMessage());
            awaitReal(closed);
        }
    }

    @Test
    void abortResetsTheConnectionUnderneath() {
        Pair p = connected();
        onLoop(p.client()::abort);
        assertTrue(onLoop(p.client()::isClosing));
        await(p.serverSide().lost); // the peer sees the connection end
    }

    @Test
    void writeBufferSizeCountsWhatTheSocketHasNotTakenYet() {
        Pair p = connected();
        long size = onLoop(() -> {
            p.client().write(new byte[8 << 20]);
            return p.client().writeBufferSize();
        });
        assertTrue(size > 0, "8 MiB went out at once: nothing was buffered");
        await(p.serverSide().bytes(8 << 20));
    }

    /** A TLS server on a plain socket, so that the test decides what reaches the TCP layer. */
    private static SSLSocket serverSide(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) certs().serverContext().getSocketFactory()
                .createSocket(plain, null, plain.getPort(), false);
        tls.setUseClientMode(false);
        return tls;
    }

    @Test
    void aTcpEndWithoutCloseNotifyReachesTheApplicationAsTheEndOfTheStream() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket plain = listening.accept()) {
                    SSLSocket tls = serverSide(plain);
                    tls.startHandshake();
                    tls.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
                    tls.getOutputStream().flush();
                    plain.shutdownOutput(); // a FIN, and no close_notify before it
                    plain.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            });
            // Adopted: the test loop then waits for the server thread in real time instead of jumping
            // virtual time to the handshake timeout while that thread is slow.
            LoopFuture<Void> serving = loop().adopt(served);
            Recorder client = new Recorder();
            await(loop().createConnection(() -> client,
                    ConnectOptions.to(new InetSocketAddress("127.0.0.1", listening.getLocalPort()))
                            .withTls(TlsOptions.client(certs().clientContext()).withServerName("localhost"))));
            assertEquals("bye", new String(await(client.bytes(3)), StandardCharsets.US_ASCII));
            await(client.eof);
            await(client.lost); // no half-close over TLS: the end of the stream closes the connection
            await(serving);
        }
    }

    @Test
    void aPeerThatEndsTheStreamDuringTheHandshakeFailsTheConnectNamingIt() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket plain = listening.accept()) {
                    plain.shutdownOutput(); // a FIN before any answer to the ClientHello
                    plain.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // the client's abort may reset the connection
                }
            });
            LoopFuture<Void> serving = loop().adopt(served);
            LoopFuture<Transport> f = loop().createConnection(Recorder::new,
                    ConnectOptions.to(new InetSocketAddress("127.0.0.1", listening.getLocalPort()))
                            .withTls(TlsOptions.client(certs().clientContext()).withServerName("localhost")));
            CompletionException e = assertThrows(CompletionException.class, () -> await(f));
            SSLHandshakeException cause = assertInstanceOf(SSLHandshakeException.class, e.getCause());
            assertTrue(cause.getMessage().contains("closed by localhost (/127.0.0.1:" + listening.getLocalPort()
                    + ") during the TLS handshake"), cause.getMessage());
            await(serving); // runs the loop, which closes the failed connection
        }
    }

    @Test
    void aClientSendsTheHostNameAsSniAndKeysItsSessionByNameAndPort() {
        Recorder serverSide = new Recorder();
        Server server = listen(() -> serverSide, ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs().serverContext())));
        int port = portOf(server);
        Transport t = await(loop().createConnection(Recorder::new, ConnectOptions.to("localhost", port)
                .withTls(TlsOptions.client(certs().clientContext()))));
        assertEquals("localhost", onLoop(() -> t.tlsSession().get().getPeerHost()));
        assertEquals(port, onLoop(() -> t.tlsSession().get().getPeerPort()));
        Transport s = await(serverSide.made);
        ExtendedSSLSession session = (ExtendedSSLSession) onLoop(() -> s.tlsSession().get());
        assertEquals(List.of(new SNIHostName("localhost")), session.getRequestedServerNames());
    }

    @Test
    void noSniIsSentForAnIpAddress() {
        Recorder serverSide = new Recorder();
        Server server = listen(() -> serverSide, ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs().serverContext())));
        await(loop().createConnection(Recorder::new, ConnectOptions.to("127.0.0.1", portOf(server))
                .withTls(TlsOptions.client(certs().clientContext()).insecureSkipHostnameVerification())));
        Transport s = await(serverSide.made);
        ExtendedSSLSession session = (ExtendedSSLSession) onLoop(() -> s.tlsSession().get());
        assertEquals(List.of(), session.getRequestedServerNames(), "an IP address was sent as a host name");
    }

    @Test
    void aServerThatWantsAClientCertificateAsksForOneAndAcceptsClientsWithout() throws Exception {
        Recorder serverSide = new Recorder();
        Server server = listen(() -> serverSide, ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs().serverContext()).withClientAuth(TlsOptions.ClientAuth.WANT)));
        await(loop().createConnection(Recorder::new, ConnectOptions.to("localhost", portOf(server))
                .withTls(TlsOptions.client(certs().clientContextWithCertificate()))));
        Transport s = await(serverSide.made);
        assertTrue(onLoop(() -> s.tlsSession().get().getPeerCertificates().length) > 0,
                "the server did not ask for the client's certificate");
        Recorder second = new Recorder();
        Transport without = await(loop().createConnection(() -> second, ConnectOptions.to("localhost", portOf(server))
                .withTls(TlsOptions.client(certs().clientContext()))));
        assertTrue(onLoop(() -> without.tlsSession().isPresent()));
    }

    @Test
    void aFinishedHandshakeLeavesNoTimerBehind() {
        connected();
        assertEquals(0, loop().stats().pendingTimers(), "the handshake timeout is still scheduled");
    }

    @Test
    void aProtocolThatThrowsOnDataIsReportedAndItsConnectionAborted() {
        List<String> contexts = new CopyOnWriteArrayList<>();
        loop().setExceptionHandler((l, error, context) -> contexts.add(context));
        Recorder serverSide = new Recorder();
        Server server = listen(() -> serverSide, ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs().serverContext())));
        Recorder throwing = new Recorder() {
            @Override
            public void dataReceived(ByteBuffer data) {
                throw new IllegalStateException("cannot parse this");
            }
        };
        Transport t = await(loop().createConnection(() -> throwing, ConnectOptions.to("localhost", portOf(server))
                .withTls(TlsOptions.client(certs().clientContext()))));
        Transport s = await(serverSide.made);
        onLoop(() -> s.write("data".getBytes(StandardCharsets.US_ASCII)));
        await(serverSide.lost); // the client aborted
        assertTrue(onLoop(t::isClosing));
        assertTrue(contexts.stream().anyMatch(c -> c.contains("Protocol.dataReceived of TlsTransport[")
                && c.contains("threw; aborting the connection")), contexts.toString());
    }
}
