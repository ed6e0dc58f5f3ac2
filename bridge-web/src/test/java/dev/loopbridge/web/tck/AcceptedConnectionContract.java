package dev.loopbridge.web.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * {@code WebSockets.serveConnection}: a listener of the test's own reads the start of each
 * connection, as a server sharing its port between protocols does, then hands the connection over
 * with those bytes; the exchange goes on as if they had never been read.
 */
public interface AcceptedConnectionContract extends WebSocketSupport {

    /** A listener that takes the first bytes with {@code firstRead}, then hands the connection over. */
    private Server sharedPort(Function<StreamConnection, LoopFuture<byte[]>> firstRead, WebSocketOptions options,
            Function<WebSocket, ? extends CompletionStage<?>> handler) {
        return await(loop().startServer(conn -> firstRead.apply(conn).thenCompose(
                first -> WebSockets.serveConnection(loop(), conn, first, options, handler)),
                ServerOptions.bind("127.0.0.1", 0)));
    }

    private static Path site() throws IOException {
        Path root = Files.createTempDirectory("loopbridge-accepted");
        Files.writeString(root.resolve("index.html"), "<p>shared port</p>");
        return root;
    }

    @Test
    default void aWebSocketUpgradesAfterItsRequestLineWasReadElsewhere() {
        AtomicReference<String> seen = new AtomicReference<>();
        Server server = sharedPort(conn -> conn.reader().readUntil("\r\n".getBytes(StandardCharsets.US_ASCII)),
                WebSocketOptions.defaults().withSubprotocols("text.ircv3.net"), ws -> {
                    seen.set(ws.path() + " " + ws.subprotocol());
                    return WebSocketSupport.echo(ws);
                });
        WebSocket ws = connect(server, "/irc?x=1", WebSocketOptions.defaults().withSubprotocols("text.ircv3.net"));
        Message echoed = onLoopAwait(() -> ws.send("NICK ann").thenCompose(v -> ws.receive()));
        assertEquals(new Message.Text("NICK ann"), echoed);
        assertEquals("/irc?x=1 text.ircv3.net", seen.get(), "the request line read before the hand-over counts");
        onLoopAwait(() -> ws.close(1000, ""));
    }

    @Test
    default void aPlainGetIsServedWhereverTheFirstReadEnded() throws IOException {
        String request = WebSocketSupport.get("/", "");
        WebSocketOptions options = WebSocketOptions.defaults().withStaticFiles(site());
        // Every cut, those inside the CR LF CR LF that ends the head among them.
        for (int cut = 1; cut <= request.length(); cut++) {
            int n = cut;
            Server server = sharedPort(conn -> conn.reader().readExactly(n), options, WebSocketSupport::echo);
            String response = rawExchange(server, request);
            assertTrue(response.startsWith("HTTP/1.1 200 "), "cut at " + cut + ": " + response);
            assertTrue(response.contains("Content-Type: text/html; charset=utf-8"), response);
            assertTrue(response.endsWith("\r\n\r\n<p>shared port</p>"), "cut at " + cut + ": " + response);
            onLoop(server::close);
        }
    }

    @Test
    default void aHandOverWithNothingReadIsAnOrdinaryExchange() throws IOException {
        Server server = sharedPort(conn -> {
            LoopFuture<byte[]> none = loop().newFuture();
            none.complete(new byte[0]);
            return none;
        }, WebSocketOptions.defaults().withStaticFiles(site()), WebSocketSupport::echo);
        assertTrue(rawExchange(server, WebSocketSupport.get("/index.html", "")).endsWith("<p>shared port</p>"));
    }

    @Test
    default void aFrameReadWithTheHeadReachesTheSocket() {
        // A client that sends its first frame with its request (RFC 6455 says to wait for the 101;
        // a hand-over that lost the bytes after the head would lose the frame).
        String head = WebSocketSupport.upgrade("GET", "/", "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        byte[] payload = "early".getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        wire.write(0x81);
        wire.write(0x80 | payload.length);
        wire.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            wire.write(payload[i] ^ mask[i % 4]);
        }
        byte[] all = wire.toByteArray();
        AtomicReference<Message> received = new AtomicReference<>();
        Server server = sharedPort(conn -> conn.reader().readExactly(all.length),
                // The raw client never answers the close that follows: a short close timeout ends it.
                WebSocketOptions.defaults().withCompression(false).withCloseTimeout(Duration.ofMillis(100)),
                ws -> ws.receive().thenAccept(received::set));
        String response = rawExchange(server, new String(all, StandardCharsets.ISO_8859_1));
        assertTrue(response.startsWith("HTTP/1.1 101 "), response);
        assertEquals(new Message.Text("early"), received.get());
    }

    @Test
    default void aBadRequestIsRefusedAndANonGetIsNotServed() throws IOException {
        WebSocketOptions options = WebSocketOptions.defaults().withStaticFiles(site());
        Server server = sharedPort(conn -> conn.reader().readExactly(4), options, WebSocketSupport::echo);
        String bad = rawExchange(server, "GET nonsense\r\nHost: x\r\n\r\n");
        assertTrue(bad.startsWith("HTTP/1.1 400 "), bad);
        String post = rawExchange(server, "POST /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertTrue(post.startsWith("HTTP/1.1 405 "), post);
        Server strict = sharedPort(conn -> conn.reader().readExactly(4),
                options.withAllowedOrigins("http://127.0.0.1:1"), WebSocketSupport::echo);
        String forbidden = rawExchange(strict, WebSocketSupport.upgrade("GET", "/", "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://elsewhere.example\r\n"));
        assertTrue(forbidden.startsWith("HTTP/1.1 403 "), forbidden);
    }

    @Test
    default void bytesCannotBePutBackInFrontOfAConnectionLoopBridgeDidNotMake() {
        // A wrapper of the caller's has no reader of LoopBridge's to take them back: refused, naming
        // what would do, before anything is read or written.
        StreamConnection wrapper = (StreamConnection) java.lang.reflect.Proxy.newProxyInstance(
                StreamConnection.class.getClassLoader(), new Class<?>[] {StreamConnection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "a wrapper";
                    }
                    throw new AssertionError("the wrapper was used: " + method.getName());
                });
        IllegalArgumentException e = onLoop(() -> assertThrows(IllegalArgumentException.class,
                () -> WebSockets.serveConnection(loop(), wrapper, new byte[] {'G'}, WebSocketOptions.defaults(),
                        WebSocketSupport::echo)));
        assertTrue(e.getMessage().contains("openConnection or startServer"), e.getMessage());
    }

    @Test
    default void theHandOverIsForTheLoopThreadOnly() {
        if (testThreadIsLoopThread()) {
            return;
        }
        StreamConnection[] accepted = new StreamConnection[1];
        LoopFuture<Void> got = loop().newFuture();
        Server server = await(loop().startServer(conn -> {
            accepted[0] = conn;
            got.complete(null);
            return new CompletableFuture<Void>();
        }, ServerOptions.bind("127.0.0.1", 0)));
        StreamConnection client = await(loop().openConnection(ConnectOptions.to("127.0.0.1", portOf(server))));
        await(got);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WebSockets.serveConnection(
                loop(), accepted[0], new byte[0], WebSocketOptions.defaults(), WebSocketSupport::echo));
        assertTrue(e.getMessage().contains("loop thread"), e.getMessage());
        onLoop(() -> {
            client.close();
            server.close();
            server.abortConnections();
        });
    }
}
