package dev.loopbridge.core.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;

/**
 * LoopBridge streams against Python's asyncio streams, both ways: an {@code asyncio.start_server}
 * server read with every LoopBridge read method, and an {@code asyncio.open_connection} client of
 * a LoopBridge server.
 *
 * <p>The scripts are passed with {@code -c} and are ASCII (non-ASCII text is written as
 * {@code \\u} escapes). Each exits by itself when its one connection is done, with a traceback and
 * code 1 if anything failed, and also when its standard input ends (the JVM that started it is gone).
 */
class RealPeersPythonTest extends RealPeerTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");

    /**
     * Serves one connection with a small protocol, then exits: a line, answered "you said: " and
     * the line (its ending kept); a frame (4-byte big-endian length, payload), answered with the
     * payload reversed and "reversed N bytes;;"; then the rest until EOF, answered with its size
     * in a last line before the server closes.
     */
    private static final String PROTOCOL_SERVER = """
            import asyncio, os, sys, threading
            threading.Thread(target=lambda: (sys.stdin.read(), os._exit(3)), daemon=True).start()

            async def serve(reader, writer, done):
                try:
                    line = await reader.readline()
                    writer.write(b'you said: ' + line)
                    n = int.from_bytes(await reader.readexactly(4), 'big')
                    payload = await reader.readexactly(n)
                    writer.write(payload[::-1] + b'reversed %d bytes;;' % n)
                    rest = await reader.read()
                    writer.write(b'and then %d bytes until EOF\\n' % len(rest))
                    await writer.drain()
                    writer.close()
                    await writer.wait_closed()
                    done.set_result(None)
                except BaseException as e:
                    done.set_exception(e)

            async def main():
                done = asyncio.get_running_loop().create_future()
                server = await asyncio.start_server(lambda r, w: serve(r, w, done), '127.0.0.1', 0)
                print('listening on', server.sockets[0].getsockname()[1])
                async with server:
                    await done

            asyncio.run(main())
            """;

    /**
     * Connects to the port in its first argument, writes its lines, half-closes, then prints the
     * length and the start of each line that comes back, and "end of stream" at EOF.
     */
    private static final String LINE_CLIENT = """
            import asyncio, os, sys, threading
            threading.Thread(target=lambda: (sys.stdin.read(), os._exit(3)), daemon=True).start()

            async def main(port):
                reader, writer = await asyncio.open_connection('127.0.0.1', port)
                for line in ['first', 'gr\\u00fc\\u00dfe \\u4e16\\u754c', 'x' * 50000]:
                    writer.write(line.encode('utf-8') + b'\\n')
                await writer.drain()
                writer.write_eof()
                while line := await reader.readline():
                    text = line.decode('utf-8').rstrip('\\n')
                    print('read %d: %s' % (len(text), text[:20]))
                print('end of stream')
                writer.close()
                await writer.wait_closed()

            asyncio.run(main(int(sys.argv[1])))
            """;

    /**
     * Accepts one connection and reads nothing from it until told so on its standard input: "read"
     * reads to EOF and prints the count, "abort" resets the connection.
     */
    private static final String SLOW_SERVER = """
            import asyncio, sys

            async def main():
                loop = asyncio.get_running_loop()
                commands = asyncio.StreamReader()
                await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(commands), sys.stdin)
                accepted = loop.create_future()
                server = await asyncio.start_server(lambda r, w: accepted.set_result((r, w)), '127.0.0.1', 0)
                print('listening on', server.sockets[0].getsockname()[1])
                reader, writer = await accepted
                print('accepted')
                command = (await commands.readline()).strip()
                if command == b'read':
                    n = 0
                    while chunk := await reader.read(1 << 16):
                        n += len(chunk)
                    print('read', n)
                    writer.close()
                    await writer.wait_closed()
                elif command == b'abort':
                    writer.transport.abort()
                    print('aborted')
                else:
                    sys.exit(3)  # standard input ended: the JVM that started us is gone
                server.close()

            asyncio.run(main())
            """;

    private static final int MORE_THAN_SOCKET_BUFFERS = 32 << 20;

    @Test
    void drainWaitsForAnAsyncioServerThatReadsLateAndThenCompletes() {
        PeerProcess python = start(PeerTool.PYTHON, "-c", SLOW_SERVER);
        int port = Integer.parseInt(python.awaitLine(LISTENING).group(1));
        StreamConnection c = await(loop.openConnection(ConnectOptions.to(new InetSocketAddress("127.0.0.1", port))));
        python.awaitLine(Pattern.compile("accepted"));

        LoopFuture<Void> drained = await(loop.submit(() -> {
            c.writer().write(new byte[MORE_THAN_SOCKET_BUFFERS]);
            return c.writer().drain();
        }));
        assertFalse(drained.isDone(), "the kernel cannot take 32 MiB while the peer reads nothing");
        assertTrue(await(loop.submit(() -> c.writer().transport().writeBufferSize())) > 0);

        python.send("read\n");
        await(drained);
        doOnLoop(() -> c.writer().writeEof());
        python.awaitLine(Pattern.compile("read " + MORE_THAN_SOCKET_BUFFERS));
        assertNull(onLoop(() -> c.reader().readLine()));
        python.awaitExit(0);
    }

    @Test
    void drainFailsWhenAnAsyncioServerResetsTheConnectionInstead() {
        PeerProcess python = start(PeerTool.PYTHON, "-c", SLOW_SERVER);
        int port = Integer.parseInt(python.awaitLine(LISTENING).group(1));
        StreamConnection c = await(loop.openConnection(ConnectOptions.to(new InetSocketAddress("127.0.0.1", port))));
        python.awaitLine(Pattern.compile("accepted"));

        LoopFuture<Void> drained = await(loop.submit(() -> {
            c.writer().write(new byte[MORE_THAN_SOCKET_BUFFERS]);
            return c.writer().drain();
        }));
        assertFalse(drained.isDone());

        python.send("abort\n");
        python.awaitLine(Pattern.compile("aborted"));
        assertInstanceOf(IOException.class, awaitFailure(drained));
        assertInstanceOf(IOException.class, awaitFailure(await(loop.submit(() -> c.writer().closed()))));
        python.awaitExit(0);
    }

    @Test
    void aLoopBridgeClientReadsAnAsyncioServerWithReadLineReadExactlyAndReadUntil() {
        PeerProcess python = start(PeerTool.PYTHON, "-c", PROTOCOL_SERVER);
        int port = Integer.parseInt(python.awaitLine(LISTENING).group(1));
        StreamConnection c = await(loop.openConnection(ConnectOptions.to(new InetSocketAddress("127.0.0.1", port))));

        String said = onLoop(() -> {
            c.writer().setLineSeparator("\r\n");
            c.writer().writeLine("héllo asyncio");
            return c.reader().readLine();
        });
        assertEquals("you said: héllo asyncio", said, "the CRLF the server echoed is stripped");

        byte[] payload = new byte[100_000]; // more than the reader's 64 KiB limit: readExactly takes it anyway
        new Random(7).nextBytes(payload);
        byte[] reversed = onLoop(() -> {
            c.writer().write(ByteBuffer.allocate(4).putInt(0, payload.length));
            c.writer().write(payload);
            return c.reader().readExactly(payload.length);
        });
        assertArrayEquals(reverse(payload), reversed);
        String trailer = onLoop(() -> c.reader().readUntil(";;".getBytes(StandardCharsets.US_ASCII))
                .thenApply(bytes -> new String(bytes, StandardCharsets.US_ASCII)));
        assertEquals("reversed 100000 bytes;;", trailer, "readUntil keeps the delimiter");

        String last = onLoop(() -> {
            c.writer().write("0123456789".getBytes(StandardCharsets.US_ASCII));
            c.writer().writeEof();
            return c.reader().readLine();
        });
        assertEquals("and then 10 bytes until EOF", last);
        assertNull(onLoop(() -> c.reader().readLine()), "the server closed after its last line");
        assertTrue(await(loop.submit(() -> c.reader().atEof())));
        python.awaitExit(0);
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    @Test
    void anAsyncioClientReadsEveryEchoOfALoopBridgeServerAfterItsWriteEof() {
        CompletableFuture<List<String>> readByServer = new CompletableFuture<>();
        Server server = await(loop.startServer(conn -> echoLinesUntilEof(conn, new ArrayList<>())
                .thenAccept(readByServer::complete), ServerOptions.bind("127.0.0.1", 0)));
        int port = portOf(server);

        PeerProcess python = start(PeerTool.PYTHON, "-c", LINE_CLIENT, String.valueOf(port));
        python.awaitExit(0);

        assertEquals(List.of("first", "grüße 世界", "x".repeat(50_000)), await(readByServer));
        assertEquals(List.of(
                "read 10: echo first",
                "read 13: echo grüße 世界",
                "read 50005: echo " + "x".repeat(15),
                "end of stream"), python.stdout());
    }
}
