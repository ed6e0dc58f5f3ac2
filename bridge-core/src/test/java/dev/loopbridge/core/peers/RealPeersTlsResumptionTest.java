package dev.loopbridge.core.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.tck.TestCertificates;

/**
 * A LoopBridge TLS client resumes its session on the next connection to the same server, as the
 * JDK's own SSLSocket does with the same context ({@code openssl s_server} counts the cache hits).
 * Regression: the engine was created without the peer's port, and the JDK's client session cache
 * keeps no session under port -1, so every reconnect did a full handshake.
 */
class RealPeersTlsResumptionTest extends RealPeerTest {

    private static final Pattern ACCEPT = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern CACHE_HITS = Pattern.compile("\\s*(\\d+) session cache hits");

    private static Path keyAndCertificate() {
        TestCertificates certs = TestCertificates.get();
        Path pem = certs.keystore("server").resolveSibling("resumption.key-and-cert.pem");
        try (PeerProcess pkcs12 = PeerProcess.start(PeerTool.OPENSSL, "pkcs12", "-in", certs.keystore("server").toString(),
                "-passin", "pass:" + TestCertificates.password(), "-nodes", "-out", pem.toString())) {
            pkcs12.awaitExit(0);
        }
        return pem;
    }

    /** s_server -rev for two connections; returns how many of them resumed a session. */
    private int resumedOf2(String version, ConnectTwice client) throws IOException {
        PeerProcess server = start(PeerTool.OPENSSL, "s_server", "-accept", "127.0.0.1:0", "-cert",
                keyAndCertificate().toString(), "-naccept", "2", "-rev", version);
        int port = Integer.parseInt(server.awaitLine(ACCEPT).group(1));
        SSLContext context = TestCertificates.get().clientContext();
        client.connect(context, port);
        client.connect(context, port);
        int hits = Integer.parseInt(server.awaitLine(CACHE_HITS).group(1));
        server.awaitExit(0);
        return hits;
    }

    @FunctionalInterface
    private interface ConnectTwice {
        /** Makes one connection, exchanges a line, and closes it with "CLOSE". */
        void connect(SSLContext context, int port) throws IOException;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void aLoopBridgeClientResumesItsSessionOnTheNextConnection(String version) throws IOException {
        assertEquals(1, resumedOf2(version, (context, port) -> {
            StreamConnection c = await(loop.openConnection(ConnectOptions.to(new InetSocketAddress("127.0.0.1", port))
                    .withTls(TlsOptions.client(context).withServerName("localhost"))));
            assertEquals("olleh", onLoop(() -> {
                c.writer().writeLine("hello");
                return c.reader().readLine();
            }));
            onLoop(() -> {
                c.writer().writeLine("CLOSE");
                return c.reader().readLine();
            });
        }), "the second connection resumes the first one's session");
    }

    /** The control: the JDK's SSLSocket, same context, same server, resumes. */
    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void theJdksSslSocketResumesItsSessionOnTheNextConnection(String version) throws IOException {
        assertEquals(1, resumedOf2(version, (context, port) -> {
            try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(new Socket("127.0.0.1", port),
                    "localhost", port, true)) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals("olleh\n", new String(in.readNBytes(6), StandardCharsets.US_ASCII));
                out.write("CLOSE\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.readAllBytes();
            }
        }), "the second connection resumes the first one's session");
    }
}
