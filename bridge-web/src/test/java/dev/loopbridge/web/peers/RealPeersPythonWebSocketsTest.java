package dev.loopbridge.web.peers;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopbridge.core.Server;
import dev.loopbridge.core.peers.PeerProcess;
import dev.loopbridge.core.peers.PeerTool;
import dev.loopbridge.core.tck.TestCertificates;

/**
 * LoopBridge WebSockets against Python's {@code websockets} (Debian's python3-websockets, 10.4 on
 * bookworm), both ways, with compression on and off, and its client over TLS with the test
 * certificate: text, binary, fragments, 16 MiB messages, pings both ways, close codes both ways.
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

            async def main(compression):
                async with websockets.serve(handler, '127.0.0.1', 0, max_size=32 << 20, ping_interval=None,
                                            compression='deflate' if compression else None) as server:
                    print('version', websockets.__version__)
                    print('listening on', server.sockets[0].getsockname()[1])
                    await asyncio.Future()

            asyncio.run(main(sys.argv[1] == 'on'))
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

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {true, false})
    void ourClientTalksToAWebsocketsServer(boolean compression) {
        PeerProcess server = start(PeerTool.SYSTEM_PYTHON_WEBSOCKETS, "-c", SERVER, compression ? "on" : "off");
        int port = Integer.parseInt(server.awaitLine(LISTENING).group(1));
        ourClientAgainstPeerServer(server, port, compression, "python says bye");
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
