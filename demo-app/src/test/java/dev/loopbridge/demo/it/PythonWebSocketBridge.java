package dev.loopbridge.demo.it;

import java.util.regex.Pattern;

import dev.loopbridge.core.peers.PeerProcess;
import dev.loopbridge.core.peers.PeerTool;

/**
 * A WebSocket front for an IRC server that nobody here wrote: a script on Python's {@code websockets}
 * (Debian's python3-websockets, run with Debian's /usr/bin/python3), for the client's interop tests.
 * Test thread only.
 */
final class PythonWebSocketBridge {

    /**
     * IRC over WebSocket in front of an IRC server, as IRCv3 binds it: each socket gets a TCP
     * connection to the server; each message goes up as a line with CR LF added, each line comes
     * down as one message without it, text or binary as the agreed subprotocol says. Prints the
     * subprotocol of each socket; exits when its standard input ends.
     */
    private static final String SCRIPT = """
            import asyncio, os, sys, threading, websockets
            threading.Thread(target=lambda: (sys.stdin.read(), os._exit(3)), daemon=True).start()
            irc_port, ws_port = int(sys.argv[1]), int(sys.argv[2])

            async def bridge(ws, path=None):
                reader, writer = await asyncio.open_connection('127.0.0.1', irc_port)
                binary = ws.subprotocol == 'binary.ircv3.net'
                print('open', ws.subprotocol, flush=True)
                async def up():
                    async for msg in ws:
                        writer.write((msg.encode() if isinstance(msg, str) else msg) + b'\\r\\n')
                        await writer.drain()
                async def down():
                    while line := await reader.readline():
                        line = line.rstrip(b'\\r\\n')
                        await ws.send(line if binary else line.decode('utf-8', 'replace'))
                    await ws.close()
                tasks = {asyncio.create_task(up()), asyncio.create_task(down())}
                done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                for t in pending:
                    t.cancel()
                writer.close()

            async def main():
                async with websockets.serve(bridge, '127.0.0.1', ws_port, ping_interval=None,
                                            subprotocols=['text.ircv3.net', 'binary.ircv3.net']):
                    print('version', websockets.__version__, 'listening on', ws_port, flush=True)
                    await asyncio.Future()

            asyncio.run(main())
            """;

    private static final Pattern LISTENING = Pattern.compile("version \\S+ listening on (\\d+)");

    private PythonWebSocketBridge() {
    }

    /** Starts a bridge on {@code wsPort} (loopback) in front of the IRC server on {@code ircPort}; returns once it listens. */
    static PeerProcess start(int ircPort, int wsPort) {
        PeerProcess bridge = PeerProcess.start(PeerTool.SYSTEM_PYTHON_WEBSOCKETS, "-c", SCRIPT,
                Integer.toString(ircPort), Integer.toString(wsPort));
        bridge.awaitLine(LISTENING);
        return bridge;
    }
}
