package dev.loopbridge.core.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;

/**
 * LoopBridge streams against Node.js's {@code net} module, both ways: a Node echo server with a
 * LoopBridge client, and a LoopBridge echo server with a Node client that half-closes.
 *
 * <p>The scripts are passed with {@code -e} and are ASCII (non-ASCII text is written as
 * {@code \\u} escapes), so the command line survives any locale. Each exits by itself when its
 * one connection closes; the server also exits when its standard input ends (the JVM that started
 * it is gone).
 */
class RealPeersNodeTest extends RealPeerTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");

    /** Echoes one connection byte for byte (ending its side when the client ends its own), then exits. */
    private static final String ECHO_SERVER = """
            const net = require('net');
            process.stdin.on('end', () => process.exit(3));
            process.stdin.resume();
            const server = net.createServer((socket) => {
              server.close();
              socket.on('error', (e) => console.error('socket error: ' + e.message));
              socket.on('close', (hadError) => process.exit(hadError ? 1 : 0));
              socket.pipe(socket);
            });
            server.listen(0, '127.0.0.1', () => console.log('listening on ' + server.address().port));
            """;

    /**
     * Connects to the port in its first argument, sends its lines, half-closes at once, then
     * prints every line that comes back, "end of stream" at the server's EOF, and "closed".
     */
    private static final String LINE_CLIENT = """
            const net = require('net');
            const lines = ['one', 'two', 'gr\\u00fc\\u00dfe \\u4e16\\u754c', '', 'last'];
            const socket = net.connect({ host: '127.0.0.1', port: Number(process.argv[1]) }, () => {
              for (const line of lines) socket.write(line + '\\n');
              socket.end();
            });
            socket.setEncoding('utf8');
            let received = '';
            socket.on('data', (chunk) => { received += chunk; });
            socket.on('end', () => {
              const parts = received.split('\\n');
              const unterminated = parts.pop();
              for (const part of parts) console.log('received: ' + part);
              if (unterminated !== '') console.log('unterminated: ' + unterminated);
              console.log('end of stream');
            });
            socket.on('error', (e) => console.error('error: ' + e.message));
            socket.on('close', (hadError) => {
              console.log(hadError ? 'closed with an error' : 'closed');
              process.exit(hadError ? 1 : 0);
            });
            """;

    /**
     * Connects to the port in its first argument, writes a mebibyte of random bytes as fast as
     * Node takes them, half-closes, reads everything back until the server's EOF, then prints the
     * SHA-256 and size of what it sent and of what it received.
     */
    private static final String MEGABYTE_CLIENT = """
            const net = require('net');
            const crypto = require('crypto');
            const sent = crypto.randomBytes(1 << 20);
            const received = [];
            const socket = net.connect({ host: '127.0.0.1', port: Number(process.argv[1]) }, () => {
              socket.end(sent);
            });
            socket.on('data', (chunk) => received.push(chunk));
            socket.on('end', () => {
              const all = Buffer.concat(received);
              const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
              console.log('sent ' + sent.length + ' ' + sha(sent));
              console.log('received ' + all.length + ' ' + sha(all));
            });
            socket.on('error', (e) => console.error('error: ' + e.message));
            socket.on('close', (hadError) => process.exit(hadError ? 1 : 0));
            """;

    @Test
    void aLoopBridgeClientExchangesLinesAndAMegabyteWithANodeEchoServer() {
        PeerProcess node = start(PeerTool.NODE, "-e", ECHO_SERVER);
        int port = Integer.parseInt(node.awaitLine(LISTENING).group(1));
        StreamConnection c = await(loop.openConnection(ConnectOptions.to(new InetSocketAddress("127.0.0.1", port))));

        List<String> lines = List.of("one", "two", "grüße 世界", "", "four");
        List<String> echoed = onLoop(() -> {
            lines.forEach(c.writer()::writeLine);
            return readLines(c, lines.size(), new ArrayList<>());
        });
        assertEquals(lines, echoed);

        byte[] megabyte = new byte[1 << 20];
        new Random(42).nextBytes(megabyte);
        byte[] back = onLoop(() -> {
            c.writer().write(megabyte);
            return c.reader().readExactly(megabyte.length);
        });
        assertArrayEquals(megabyte, back);

        // Half-close: Node's pipe ends its side in turn, and then the connection is done.
        byte[] afterEof = onLoop(() -> {
            c.writer().writeEof();
            return c.reader().read(1);
        });
        assertEquals(0, afterEof.length, "Node's end arrives as EOF after every echoed byte");
        assertTrue(await(loop.submit(() -> c.reader().atEof())));
        onLoop(() -> {
            c.close();
            return c.writer().closed();
        });
        node.awaitExit(0);
    }

    /** Writes back what it reads, 64 KiB at a time, draining before each next read; completes with the count at EOF. */
    private static CompletionStage<Long> echoDraining(StreamConnection c, long count) {
        return c.reader().read(64 * 1024).thenCompose(chunk -> {
            if (chunk.length == 0) {
                return CompletableFuture.completedFuture(count);
            }
            c.writer().write(chunk);
            return c.writer().drain().thenCompose(v -> echoDraining(c, count + chunk.length));
        });
    }

    @Test
    void aNodeClientGetsAMegabyteBackFromALoopBridgeServerThatDrainsAsItEchoes() {
        CompletableFuture<Long> readByServer = new CompletableFuture<>();
        Server server = await(loop.startServer(conn -> echoDraining(conn, 0).thenAccept(readByServer::complete),
                ServerOptions.bind("127.0.0.1", 0)));

        PeerProcess node = start(PeerTool.NODE, "-e", MEGABYTE_CLIENT, String.valueOf(portOf(server)));
        node.awaitExit(0);

        assertEquals(1L << 20, await(readByServer), "the server reads every byte, then EOF");
        List<String> out = node.stdout();
        assertEquals(2, out.size(), node.transcript());
        assertTrue(out.get(0).startsWith("sent 1048576 "), node.transcript());
        assertEquals(out.get(0).replace("sent", "received"), out.get(1), "Node gets back what it sent");
    }

    private static CompletionStage<List<String>> readLines(StreamConnection c, int n, List<String> into) {
        if (into.size() == n) {
            return CompletableFuture.completedFuture(into);
        }
        return c.reader().readLine().thenCompose(line -> {
            into.add(line);
            return readLines(c, n, into);
        });
    }

    @Test
    void aNodeClientThatHalfClosesGetsEveryEchoFromALoopBridgeServerBeforeTheClose() {
        CompletableFuture<List<String>> readByServer = new CompletableFuture<>();
        Server server = await(loop.startServer(conn -> echoLinesUntilEof(conn, new ArrayList<>())
                .thenAccept(readByServer::complete), ServerOptions.bind("127.0.0.1", 0)));
        int port = portOf(server);

        PeerProcess node = start(PeerTool.NODE, "-e", LINE_CLIENT, String.valueOf(port));
        node.awaitExit(0);

        assertEquals(List.of("one", "two", "grüße 世界", "", "last"), await(readByServer),
                "the server reads every line, then EOF");
        assertEquals(List.of(
                "received: echo one",
                "received: echo two",
                "received: echo grüße 世界",
                "received: echo ",
                "received: echo last",
                "end of stream",
                "closed"), node.stdout());
    }
}
