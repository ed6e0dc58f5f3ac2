package dev.loopbridge.web.peers;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopbridge.core.Server;
import dev.loopbridge.core.peers.PeerProcess;
import dev.loopbridge.core.peers.PeerTool;
import dev.loopbridge.core.tck.TestCertificates;

/**
 * LoopBridge WebSockets against Node.js {@code ws} (pinned, {@link NodeWs#VERSION}), both ways,
 * with compression on and off and over TLS with the test certificate: text, binary, fragments,
 * 16 MiB messages, pings both ways, close codes both ways. The scripts exit when their standard input ends.
 */
class RealPeersNodeWsTest extends WebPeerTest {

    private static final String SERVER = """
            const [mod, compression, pfx, passphrase] = process.argv.slice(1);
            const { WebSocketServer } = require(mod);
            process.stdin.on('end', () => process.exit(3)); process.stdin.resume();
            const options = { maxPayload: 32 << 20, perMessageDeflate: compression === 'on' };
            let wss;
            if (pfx) {  // wss: an HTTPS server with the test certificate
              const https = require('https');
              const server = https.createServer({ pfx: require('fs').readFileSync(pfx), passphrase });
              wss = new WebSocketServer({ server, ...options });
              server.listen(0, '127.0.0.1', () => console.log('listening on ' + server.address().port));
            } else {
              wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
              wss.on('listening', () => console.log('listening on ' + wss.address().port));
            }
            wss.on('connection', (ws) => {
              ws.on('message', (data, isBinary) => {
                const s = isBinary ? null : data.toString();
                if (s === 'fragments') {
                  ws.send('frag', { fin: false }); ws.send('ment', { fin: false }); ws.send('ed \\u20ac', { fin: true });
                } else if (s === 'big') {
                  ws.send(Buffer.alloc(16 << 20, 120));
                } else if (s === 'ping') {
                  ws.once('pong', () => ws.send('pong received')); ws.ping('js');
                } else if (s === 'close-me') {
                  ws.close(4002, 'node says bye');
                } else {
                  ws.send(data, { binary: isBinary });
                }
              });
              ws.on('close', (code, reason) => console.log('server saw close ' + code + ' ' + reason));
            });
            """;

    private static final String CLIENT = """
            const [mod, url, compression, ca] = process.argv.slice(1);
            const { WebSocket } = require(mod);
            process.stdin.on('end', () => process.exit(3)); process.stdin.resume();
            const ws = new WebSocket(url, { perMessageDeflate: compression === 'on', maxPayload: 32 << 20,
                                            ...(ca ? { ca: require('fs').readFileSync(ca) } : {}) });
            const queue = [], waiters = [];
            ws.on('message', (d, isBinary) => { const v = isBinary ? d : d.toString();
              if (waiters.length) waiters.shift()(v); else queue.push(v); });
            const recv = () => queue.length ? Promise.resolve(queue.shift()) : new Promise(r => waiters.push(r));
            const closed = new Promise(r => ws.on('close', (code, reason) => r([code, reason.toString()])));
            ws.on('error', (e) => { console.error('error ' + e.stack); process.exit(2); });
            const check = (ok, what) => { if (!ok) { console.error('failed: ' + what); process.exit(1); } };
            ws.on('open', async () => {
              console.log('extensions ' + (ws.extensions || 'none'));
              ws.send('h\\u00e9llo \\u20ac'); check(await recv() === 'h\\u00e9llo \\u20ac', 'text');
              const data = Buffer.alloc(1 << 20); for (let i = 0; i < data.length; i++) data[i] = i % 251;
              ws.send(data); check(Buffer.compare(await recv(), data) === 0, 'binary');
              ws.send('frag', { fin: false }); ws.send('ment', { fin: false }); ws.send('ed \\u20ac', { fin: true });
              check(await recv() === 'fragmented \\u20ac', 'fragments');
              ws.send('big'); const big = await recv();
              check(big.length === 16 << 20 && big.every((b) => b === 120), 'big');
              ws.send(big); check((await recv()).length === 16 << 20, 'big echo');
              await new Promise((r) => { ws.once('pong', r); ws.ping('js'); });
              ws.send('ping'); check(await recv() === 'pong received', 'ping');
              ws.send('close-me');
              const [code, reason] = await closed;
              console.log('closed ' + code + ' ' + reason);
              process.exit(0);
            });
            """;

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {true, false})
    void ourClientTalksToAWsServer(boolean compression) {
        PeerProcess server = start(PeerTool.NODE, "-e", SERVER, NodeWs.module().toString(), compression ? "on" : "off");
        int port = Integer.parseInt(server.awaitLine(LISTENING).group(1));
        ourClientAgainstPeerServer(server, port, compression, "node says bye");
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {true, false})
    void aWsClientTalksToOurServer(boolean compression) {
        Server ours = ourServer(compression);
        PeerProcess client = start(PeerTool.NODE, "-e", CLIENT, NodeWs.module().toString(),
                "ws://127.0.0.1:" + portOf(ours) + "/chat", compression ? "on" : "off");
        awaitPeerClientDone(client, compression);
    }

    @Test
    void ourClientTalksToAWsServerOverTlsWithTheTestCertificate() {
        TestCertificates certs = TestCertificates.get();
        PeerProcess server = start(PeerTool.NODE, "-e", SERVER, NodeWs.module().toString(), "on",
                certs.keystore("server").toString(), TestCertificates.password());
        int port = Integer.parseInt(server.awaitLine(LISTENING).group(1));
        ourClientAgainstPeerServer(server, URI.create("wss://localhost:" + port + "/tls"), tlsOptions(), "node says bye");
    }

    @Test
    void aWsClientTalksToOurServerOverTlsTrustingTheTestCertificate() {
        Server ours = ourServer(true, tlsServer());
        PeerProcess client = start(PeerTool.NODE, "-e", CLIENT, NodeWs.module().toString(),
                "wss://localhost:" + portOf(ours) + "/tls", "on", TestCertificates.get().certificatePem("server").toString());
        awaitPeerClientDone(client, true);
    }
}
