package dev.loopbridge.core.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.tck.TestCertificates;

/**
 * LoopBridge's TLS against OpenSSL's: our client against {@code openssl s_server}, and
 * {@code openssl s_client} against our server, with the certificates of {@link TestCertificates}
 * verified on both sides, host name included.
 *
 * <p>{@code s_server -rev} answers each line with the line reversed and closes the connection
 * (close_notify first) when it reads {@code CLOSE}; with {@code -naccept 1} it then exits by itself.
 * {@code s_client -ign_eof} keeps reading after its standard input ends, until the server closes.
 */
class RealPeersOpensslTest extends RealPeerTest {

    private static final Pattern ACCEPT = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");
    private static Path serverKeyAndCertificate;

    /** A peer server and the port it printed. */
    private record Peer(PeerProcess process, int port) {
    }

    private static TestCertificates certs() {
        return TestCertificates.get();
    }

    /** The server's key and certificate as one PEM file, for openssl; converted once per JVM. */
    private static synchronized Path serverKeyAndCertificate() {
        if (serverKeyAndCertificate == null) {
            Path pem = certs().keystore("server").resolveSibling("server.key-and-cert.pem");
            try (PeerProcess pkcs12 = PeerProcess.start(PeerTool.OPENSSL, "pkcs12", "-in",
                    certs().keystore("server").toString(), "-passin", "pass:" + TestCertificates.password(),
                    "-nodes", "-out", pem.toString())) {
                pkcs12.awaitExit(0);
            }
            assertTrue(Files.isRegularFile(pem), "openssl pkcs12 wrote no " + pem);
            pem.toFile().deleteOnExit();
            serverKeyAndCertificate = pem;
        }
        return serverKeyAndCertificate;
    }

    /** Starts {@code openssl s_server -rev} for one connection and returns it with its port. */
    private Peer opensslReversingServer(String... moreArgs) {
        List<String> args = new ArrayList<>(List.of("s_server", "-accept", "127.0.0.1:0",
                "-cert", serverKeyAndCertificate().toString(), "-naccept", "1", "-rev"));
        args.addAll(Arrays.asList(moreArgs));
        PeerProcess server = start(PeerTool.OPENSSL, args.toArray(String[]::new));
        return new Peer(server, Integer.parseInt(server.awaitLine(ACCEPT).group(1)));
    }

    /** Connects to 127.0.0.1:{@code port}, trusting the server certificate as {@code localhost}. */
    private StreamConnection connectWithTls(int port, String... alpn) {
        TlsOptions tls = TlsOptions.client(certs().clientContext()).withServerName("localhost");
        if (alpn.length > 0) {
            tls = tls.withAlpn(alpn);
        }
        return await(loop.openConnection(ConnectOptions.to(new InetSocketAddress("127.0.0.1", port)).withTls(tls)));
    }

    /** Sends {@code line} and returns the line that comes back. */
    private String exchange(StreamConnection c, String line) {
        return onLoop(() -> {
            c.writer().writeLine(line);
            return c.reader().readLine();
        });
    }

    private void reversedLinesComeBackOver(String expectedProtocol, String... serverArgs) {
        Peer server = opensslReversingServer(serverArgs);
        StreamConnection c = connectWithTls(server.port());

        assertEquals("lssnepo olleh", exchange(c, "hello openssl"));
        assertEquals("egdirbpool morf enil dnoces a", exchange(c, "a second line from loopbridge"));
        assertEquals(expectedProtocol, await(loop.submit(() -> c.tlsSession().orElseThrow().getProtocol())));

        assertNull(exchange(c, "CLOSE"), "s_server closes the connection with close_notify after CLOSE");
        server.process().awaitExit(0);
        assertTrue(server.process().stderr().contains("Protocol version: " + expectedProtocol),
                server.process().transcript());
    }

    @Test
    void aLoopBridgeClientExchangesLinesWithOpensslOverTls13() {
        reversedLinesComeBackOver("TLSv1.3");
    }

    @Test
    void aLoopBridgeClientExchangesLinesWithOpensslRestrictedToTls12() {
        reversedLinesComeBackOver("TLSv1.2", "-tls1_2");
    }

    @Test
    void aLoopBridgeClientAgreesOnAlpnWithOpenssl() {
        Peer server = opensslReversingServer("-alpn", "irc");
        StreamConnection c = connectWithTls(server.port(), "h2", "irc");

        assertEquals(Optional.of("irc"), await(loop.submit(() -> c.writer().transport().applicationProtocol())));
        assertEquals("cri", exchange(c, "irc"));
        assertNull(exchange(c, "CLOSE"));
        server.process().awaitExit(0);
    }

    /**
     * Starts {@code openssl s_server} in its interactive mode for one connection: what it reads is
     * printed on its standard output, each line of its standard input is sent, except commands
     * such as {@code K} (a TLS 1.3 KeyUpdate asking for one back), {@code r} (a TLS 1.2
     * renegotiation) and {@code Q} (close and exit). With {@code -msg} it also prints every TLS
     * message it sends ({@code >>>}) and receives ({@code <<<}).
     */
    private Peer opensslInteractiveServer(String... moreArgs) {
        List<String> args = new ArrayList<>(List.of("s_server", "-accept", "127.0.0.1:0",
                "-cert", serverKeyAndCertificate().toString(), "-naccept", "1", "-msg"));
        args.addAll(Arrays.asList(moreArgs));
        PeerProcess server = start(PeerTool.OPENSSL, args.toArray(String[]::new));
        return new Peer(server, Integer.parseInt(server.awaitLine(ACCEPT).group(1)));
    }

    /** A line s_server prints, taken literally. */
    private static Pattern message(String line) {
        return Pattern.compile(Pattern.quote(line));
    }

    @Test
    void aLoopBridgeClientAnswersAKeyUpdateFromOpensslAndGoesOnBothWays() {
        Peer server = opensslInteractiveServer();
        StreamConnection c = connectWithTls(server.port());
        doOnLoop(() -> c.writer().writeLine("before the key update"));
        server.process().awaitLine(message("before the key update"));

        server.process().send("K\n"); // KeyUpdate with update_requested: the client must send one back
        server.process().awaitLine(message(">>> TLS 1.3, Handshake [length 0005], KeyUpdate"));
        server.process().awaitLine(message("<<< TLS 1.3, Handshake [length 0005], KeyUpdate"));
        server.process().send("sent with the new keys\n");
        assertEquals("sent with the new keys", onLoop(() -> c.reader().readLine()));
        doOnLoop(() -> c.writer().writeLine("answered with the new keys"));
        server.process().awaitLine(message("answered with the new keys"));

        server.process().send("Q\n");
        assertNull(onLoop(() -> c.reader().readLine()), "s_server closes with close_notify on Q");
        server.process().awaitExit(0);
    }

    @Test
    void aLoopBridgeClientFollowsARenegotiationThatOpensslStartsOverTls12() {
        Peer server = opensslInteractiveServer("-tls1_2");
        StreamConnection c = connectWithTls(server.port());
        doOnLoop(() -> c.writer().writeLine("before renegotiation"));
        server.process().awaitLine(message("before renegotiation"));

        server.process().send("r\n");
        server.process().awaitLine(message(">>> TLS 1.2, Handshake [length 0004], HelloRequest"));
        server.process().awaitLine(Pattern.compile(Pattern.quote("<<< TLS 1.2, Handshake [length ") + "\\p{XDigit}+"
                + Pattern.quote("], ClientHello")));
        server.process().awaitLine(message("<<< TLS 1.2, Handshake [length 0010], Finished"));
        server.process().send("after renegotiation\n");
        assertEquals("after renegotiation", onLoop(() -> c.reader().readLine()));
        doOnLoop(() -> c.writer().writeLine("still talking"));
        server.process().awaitLine(message("still talking"));

        server.process().send("Q\n");
        assertNull(onLoop(() -> c.reader().readLine()));
        server.process().awaitExit(0);
    }

    /** What the LoopBridge server saw of one connection. */
    private record Seen(String line, String protocol, List<SNIServerName> serverNames, Optional<String> alpn) {
    }

    /** A TLS server that answers one line with "echo " and the line, then closes; reports what it saw. */
    private Server echoOnceServer(TlsOptions tls, CompletableFuture<Seen> seen, AtomicInteger handled) {
        return await(loop.startServer(conn -> {
            handled.incrementAndGet();
            return conn.reader().readLine().thenAccept(line -> {
                SSLSession session = conn.tlsSession().orElseThrow();
                seen.complete(new Seen(line, session.getProtocol(),
                        ((ExtendedSSLSession) session).getRequestedServerNames(),
                        conn.writer().transport().applicationProtocol()));
                conn.writer().writeLine("echo " + line);
            });
        }, ServerOptions.bind("127.0.0.1", 0).withTls(tls)));
    }

    /** {@code openssl s_client} to {@code port}, verifying the chain against {@code caFile} and the name localhost. */
    private PeerProcess opensslClient(int port, Path caFile, String... moreArgs) {
        List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost", "-verify_hostname", "localhost", "-CAfile", caFile.toString(),
                "-verify_return_error", "-ign_eof"));
        args.addAll(Arrays.asList(moreArgs));
        return start(PeerTool.OPENSSL, args.toArray(String[]::new));
    }

    @Test
    void opensslSClientVerifiesALoopBridgeServerAndReadsItsEcho() {
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        Server server = echoOnceServer(TlsOptions.server(certs().serverContext()), seen, new AtomicInteger());

        PeerProcess client = opensslClient(portOf(server), certs().certificatePem("server"), "-brief");
        client.send("hello from openssl\n");
        client.closeInput();
        client.awaitExit(0);

        assertEquals(List.of("echo hello from openssl"), client.stdout());
        assertTrue(client.stderr().contains("Verification: OK"), client.transcript());
        assertTrue(client.stderr().contains("Verified peername: localhost"), client.transcript());
        assertTrue(client.stderr().contains("Protocol version: TLSv1.3"), client.transcript());
        Seen s = await(seen);
        assertEquals("hello from openssl", s.line());
        assertEquals("TLSv1.3", s.protocol());
        assertEquals(List.of(new SNIHostName("localhost")), s.serverNames());
    }

    @Test
    void opensslSClientRefusesALoopBridgeServerWhoseCertificateItDoesNotTrust() {
        AtomicInteger handled = new AtomicInteger();
        Server server = echoOnceServer(TlsOptions.server(certs().serverContext()), new CompletableFuture<>(), handled);

        PeerProcess client = opensslClient(portOf(server), certs().certificatePem("stranger"), "-brief");
        client.closeInput();
        int code = client.awaitExit();

        assertNotEquals(0, code, client.transcript());
        assertTrue(client.stderr().stream().anyMatch(l -> l.contains("verify error")), client.transcript());
        assertFalse(client.stdout().stream().anyMatch(l -> l.startsWith("echo")), client.transcript());
        assertEquals(0, handled.get(), "the handler ran for a connection whose handshake the client aborted");
    }

    @Test
    void opensslSClientAgreesOnAlpnWithALoopBridgeServer() {
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        Server server = echoOnceServer(TlsOptions.server(certs().serverContext()).withAlpn("irc"), seen,
                new AtomicInteger());

        // Without -brief, s_client prints the session to stdout, ALPN included, before the data.
        PeerProcess client = opensslClient(portOf(server), certs().certificatePem("server"), "-alpn", "h2,irc");
        client.send("alpn\n");
        client.closeInput();
        client.awaitExit(0);

        assertTrue(client.stdout().contains("ALPN protocol: irc"), client.transcript());
        assertTrue(client.stdout().contains("echo alpn"), client.transcript());
        assertEquals(Optional.of("irc"), await(seen).alpn());
    }
}
