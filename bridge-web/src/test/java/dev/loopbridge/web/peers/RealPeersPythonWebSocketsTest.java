package dev.loopbridge.web.peers;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopbridge.core.Server;
import dev.loopbridge.core.peers.PeerProcess;
import dev.loopbridge.core.peers.PeerTool;
import dev.loopbridge.core.tck.TestCertificates;

/**
 * LoopBridge WebSockets against Python's {@code websockets} (Debian's python3-websockets, 10.4 on
 * bookworm, checked), both ways, with compression on and off, and over TLS with the test
 * certificate both ways: text, binary, fragments, 16 MiB messages, pings both ways, close codes both ways.
 * The scripts exit when their standard input ends.
 */
class RealPeersPythonWebSocketsTest extends WebPeerTest {

    private static final String SERVER = """
            import asyncio, os, sys, threading, websockets
            threading.Thread(target=lambda: (sys.stdin.read(), os._exit(3)), daemon=True).start()

            async def handler(ws):
                try:
                    async for msg in ws:
                        if msg == 'fragments':
                            await ws.send(['frag', 'ment', 'ed \\u20ac'])
                        elif msg == 'big':
                            await ws.send(b'x' * (16 << 20))
                        elif msg == 'ping':
                            await (await ws.ping(b'py'))
                            await ws.send('pong received')
                        elif msg == 'close-me':
                            await ws.close(4002, 'python says bye')
                        else:
                            await ws.send(msg)
                finally:
                    print('server saw close', ws.close_code, ws.close_reason)

            async def main(compression, cert, key):
                tls = None
                if cert:
                    import ssl
                    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                    tls.load_cert_chain(cert, key)
                async with websockets.serve(handler, '127.0.0.1', 0, max_size=32 << 20, ping_interval=None, ssl=tls,
                                            compression='deflate' if compression else None) as server:
                    print('version', websockets.__version__)
                    print('listening on', server.sockets[0].getsockname()[1])
                    await asyncio.Future()

            asyncio.run(main(sys.argv[1] == 'on', *(sys.argv[2:4] if len(sys.argv) > 3 else (None, None))))
            """;

    private static final String CLIENT = """
            import asyncio, os, sys, threading, websockets
            threading.Thread(target=lambda: (sys.stdin.read(), os._exit(3)), daemon=True).start()

            async def main(uri, compression, ca):
                tls = None
                if ca:
                    import ssl
                    tls = ssl.create_default_context(cafile=ca)
                async with websockets.connect(uri, max_size=32 << 20, ping_interval=None, ssl=tls,
                                              compression='deflate' if compression else None) as ws:
                    print('extensions', ','.join(e.name for e in ws.extensions) or 'none')
                    await ws.send('h\\u00e9llo \\u20ac')
                    assert await ws.recv() == 'h\\u00e9llo \\u20ac'
                    data = bytes(range(256)) * 4096
                    await ws.send(data)
                    assert await ws.recv() == data
                    await ws.send(['frag', 'ment', 'ed \\u20ac'])
                    assert await ws.recv() == 'fragmented \\u20ac'
                    await ws.send('big')
                    big = await ws.recv()
                    assert big == b'x' * (16 << 20)
                    await ws.send(big)
                    assert len(await ws.recv()) == 16 << 20
                    await (await ws.ping(b'py'))
                    await ws.send('ping')
                    assert await ws.recv() == 'pong received'
                    await ws.send('close-me')
                    try:
                        await ws.recv()
                        print('no close')
                    except websockets.ConnectionClosed as e:
                        print('closed', e.rcvd.code, e.rcvd.reason)

            asyncio.run(main(sys.argv[1], sys.argv[2] == 'on', sys.argv[3] if len(sys.argv) > 3 else None))
            """;

    /**
     * The version the peer tests were written against: Debian bookworm's python3-websockets. Another
     * one fails here, by name, rather than the scenarios failing in some other way.
     */
    static final String VERSION = "10.4";

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {true, false})
    void ourClientTalksToAWebsocketsServer(boolean compression) {
        PeerProcess server = start(PeerTool.SYSTEM_PYTHON_WEBSOCKETS, "-c", SERVER, compression ? "on" : "off");
        server.awaitLine(Pattern.compile("version " + Pattern.quote(VERSION)));
        int port = Integer.parseInt(server.awaitLine(LISTENING).group(1));
        ourClientAgainstPeerServer(server, port, compression, "python says bye");
    }

    @Test
    void ourClientTalksToAWebsocketsServerOverTlsWithTheTestCertificate(@TempDir Path dir) throws Exception {
        Path[] pem = serverPems(dir);
        PeerProcess server = start(PeerTool.SYSTEM_PYTHON_WEBSOCKETS, "-c", SERVER, "on", pem[0].toString(),
                pem[1].toString());
        int port = Integer.parseInt(server.awaitLine(LISTENING).group(1));
        ourClientAgainstPeerServer(server, URI.create("wss://localhost:" + port + "/tls"), tlsOptions(), "python says bye");
    }

    /**
     * The test server's certificate chain and its private key (PKCS#8), as PEM files in {@code dir}
     * for Python's {@code ssl} module, which reads no PKCS#12: {certificates, key}.
     */
    private static Path[] serverPems(Path dir) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] password = TestCertificates.password().toCharArray();
        try (InputStream in = Files.newInputStream(TestCertificates.get().keystore("server"))) {
            store.load(in, password);
        }
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                StringBuilder chain = new StringBuilder();
                for (Certificate c : store.getCertificateChain(alias)) {
                    chain.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(c.getEncoded()))
                            .append("\n-----END CERTIFICATE-----\n");
                }
                Key key = store.getKey(alias, password);
                String keyPem = "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(key.getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
                return new Path[] {Files.writeString(dir.resolve("server-chain.pem"), chain),
                    Files.writeString(dir.resolve("server-key.pem"), keyPem)};
            }
        }
        throw new AssertionError("no key entry in " + TestCertificates.get().keystore("server"));
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {true, false})
    void aWebsocketsClientTalksToOurServer(boolean compression) {
        Server ours = ourServer(compression);
        PeerProcess client = start(PeerTool.SYSTEM_PYTHON_WEBSOCKETS, "-c", CLIENT,
                "ws://127.0.0.1:" + portOf(ours) + "/chat", compression ? "on" : "off");
        awaitPeerClientDone(client, compression);
    }

    @Test
    void aWebsocketsClientTalksToOurServerOverTlsTrustingTheTestCertificate() {
        Server ours = ourServer(true, tlsServer());
        PeerProcess client = start(PeerTool.SYSTEM_PYTHON_WEBSOCKETS, "-c", CLIENT,
                "wss://localhost:" + portOf(ours) + "/tls", "on", TestCertificates.get().certificatePem("server").toString());
        awaitPeerClientDone(client, true);
    }
}
