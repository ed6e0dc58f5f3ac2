package dev.loopbridge.web.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.tck.NetworkSupport;
import dev.loopbridge.core.tck.TestCertificates;
import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketException;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * WebSockets between a client and a server of this library on the loop under test: messages,
 * subprotocols, compression, the size limit, every way a socket ends, refused handshakes, TLS,
 * flow control and thread rules.
 */
public interface WebSocketContract extends WebSocketSupport {

    private static WebSocketOptions plain() {
        return WebSocketOptions.defaults().withCompression(false);
    }

    /** Awaits {@code stage} and returns its failure. */
    private Throwable awaitFailure(java.util.concurrent.CompletionStage<?> stage) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        await(stage.handle((v, e) -> outcome.complete(e == null ? v : new CompletionException(e))));
        Object o = outcome.join();
        assertInstanceOf(CompletionException.class, o, "expected a failure, got " + o);
        Throwable e = ((CompletionException) o).getCause();
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Asserts that {@code call}, run on the loop through {@code onLoop}, threw IllegalArgumentException there. */
    private static void assertRefusedOnLoop(org.junit.jupiter.api.function.Executable call) {
        CompletionException e = assertThrows(CompletionException.class, call);
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    default void textAndBinaryMessagesEchoWithAndWithoutCompression() {
        for (boolean compression : new boolean[] {false, true}) {
            WebSocketOptions options = WebSocketOptions.defaults().withCompression(compression);
            Server server = echoServer(options);
            WebSocket ws = connect(server, "/echo", options);
            assertEquals(compression, onLoop(ws::isCompressed));
            byte[] binary = NetworkSupport.randomBytes(200_000, 7);
            String text = "héllo € \uD83D\uDE00 ".repeat(1000);
            List<Message> got = onLoopAwait(() -> ws.send(text).thenCompose(v -> ws.send(binary))
                    .thenCompose(v -> ws.send("")).thenCompose(v -> ws.receive())
                    .thenCompose(a -> ws.receive().thenCompose(b -> ws.receive().thenApply(c -> List.of(a, b, c)))));
            assertEquals(new Message.Text(text), got.get(0));
            assertArrayEquals(binary, ((Message.Binary) got.get(1)).data());
            assertEquals(new Message.Text(""), got.get(2));
            assertEquals(new CloseStatus(1000, ""), onLoopAwait(() -> ws.close(1000, "")));
            onLoop(server::close);
        }
    }

    @Test
    default void aServerMayLetTheClientsOrderOfPreferenceDecideTheSubprotocol() {
        Server server = echoServer(plain().withSubprotocols("text.ircv3.net", "binary.ircv3.net")
                .withClientSubprotocolOrder(true));
        WebSocket binaryFirst = connect(server, "/", plain().withSubprotocols("binary.ircv3.net", "text.ircv3.net"));
        assertEquals("binary.ircv3.net", onLoop(binaryFirst::subprotocol), "the client's first choice");
        WebSocket textFirst = connect(server, "/", plain().withSubprotocols("text.ircv3.net", "binary.ircv3.net"));
        assertEquals("text.ircv3.net", onLoop(textFirst::subprotocol));
        WebSocket unknownFirst = connect(server, "/", plain().withSubprotocols("chat.v9", "binary.ircv3.net"));
        assertEquals("binary.ircv3.net", onLoop(unknownFirst::subprotocol), "the first one the server accepts");
        for (WebSocket ws : new WebSocket[] {binaryFirst, textFirst, unknownFirst}) {
            onLoopAwait(() -> ws.close(1000, ""));
        }
    }

    @Test
    default void theHandlerSeesThePathWithItsQueryAndTheAgreedSubprotocol() {
        AtomicReference<String> seen = new AtomicReference<>();
        Server server = serve(plain().withSubprotocols("chat.v2", "chat.v1"), ws -> {
            seen.set(ws.path() + " " + ws.subprotocol());
            return ws.send(ws.path()).thenCompose(v -> ws.receive());
        });
        WebSocket ws = connect(server, "/rooms/7?user=ann", plain().withSubprotocols("chat.v1", "chat.v2"));
        assertEquals("chat.v2", onLoop(ws::subprotocol), "the server's preference wins");
        assertEquals("/rooms/7?user=ann", onLoop(ws::path));
        assertEquals(new Message.Text("/rooms/7?user=ann"), onLoopAwait(ws::receive));
        assertEquals("/rooms/7?user=ann chat.v2", seen.get());
        WebSocket none = connect(server, "/", plain());
        assertEquals("", onLoop(none::subprotocol), "a client offering none is accepted with none");
    }

    @Test
    default void receiveGivesNullAfterANormalCloseFromEitherSide() {
        CompletableFuture<Message> serverSaw = new CompletableFuture<>();
        Server server = serve(plain(), ws -> ws.receive().whenComplete((m, e) -> serverSaw.complete(m)));
        WebSocket client = connect(server, "/", plain());
        assertEquals(new CloseStatus(1000, ""), onLoopAwait(() -> client.close(1000, "")));
        assertNull(awaitReal(serverSaw));
        assertNull(onLoopAwait(client::receive));

        Server closing = serve(plain(), ws -> ws.close(1001, "going away"));
        WebSocket c2 = connect(closing, "/", plain());
        assertNull(onLoopAwait(c2::receive));
        assertEquals(new CloseStatus(1001, "going away"), onLoopAwait(c2::closed));
    }

    /**
     * Closing the server says goodbye to the sockets open on it: 1001 (going away), a normal end,
     * so that receive gives null on the client; the handler's socket ends the same way, and the
     * server's closed() completes once the last connection is gone. Before, the sockets ran on
     * after close() and saw 1006 when the connections were dropped.
     */
    @Test
    default void closingTheServerClosesItsOpenWebSocketsWith1001() {
        CompletableFuture<CloseStatus> serverSide = new CompletableFuture<>();
        Server server = serve(plain(), ws -> {
            ws.closed().whenComplete((status, e) -> serverSide.complete(status));
            return WebSocketSupport.echo(ws);
        });
        WebSocket a = connect(server, "/a", plain());
        WebSocket b = connect(server, "/b", plain());
        assertEquals(new Message.Text("up"), onLoopAwait(() -> a.send("up").thenCompose(v -> a.receive())));
        onLoop(server::close);
        for (WebSocket ws : List.of(a, b)) {
            assertNull(onLoopAwait(ws::receive), "1001 is a normal end: receive gives null");
            CloseStatus status = onLoopAwait(ws::closed);
            assertEquals(CloseStatus.GOING_AWAY, status.code(), status.toString());
            assertEquals("the server is closing", status.reason());
        }
        assertEquals(CloseStatus.GOING_AWAY, awaitReal(serverSide).code(), "the server's side saw its own close answered");
        await(onLoop(server::closed));
        assertEquals(0, onLoop(server::connectionCount));
    }

    @Test
    default void anAbnormalCloseFailsReceiveWithTheStatus() {
        Server server = serve(plain(), ws -> ws.send("first").thenCompose(v -> ws.close(4001, "kicked")));
        WebSocket ws = connect(server, "/", plain());
        assertEquals(new Message.Text("first"), onLoopAwait(ws::receive), "queued messages come before the end");
        Throwable e = awaitFailure(onLoop(ws::receive));
        WebSocketException w = assertInstanceOf(WebSocketException.class, e);
        assertEquals(new CloseStatus(4001, "kicked"), w.closeStatus());
        assertEquals(new CloseStatus(4001, "kicked"), onLoopAwait(ws::closed));
    }

    @Test
    default void theSocketClosesWith1000WhenTheHandlerCompletesAnd1011WhenItFails() {
        Server fine = serve(plain(), ws -> CompletableFuture.completedFuture("done"));
        assertEquals(1000, onLoopAwait(connect(fine, "/", plain())::closed).code());
        Server failing = serve(plain(), ws -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
        assertEquals(1011, onLoopAwait(connect(failing, "/", plain())::closed).code());
        Server throwing = serve(plain(), ws -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(1011, onLoopAwait(connect(throwing, "/", plain())::closed).code());
        Server returningNull = serve(plain(), ws -> null);
        assertEquals(1011, onLoopAwait(connect(returningNull, "/", plain())::closed).code());
    }

    @Test
    default void aMessageOfExactlyTheLimitPassesAndOneByteMoreClosesWith1009() {
        for (boolean compression : new boolean[] {false, true}) {
            WebSocketOptions limited = WebSocketOptions.defaults().withCompression(compression).withMaxMessageSize(1000);
            Server server = echoServer(limited);
            WebSocket ws = connect(server, "/", WebSocketOptions.defaults().withCompression(compression));
            byte[] exact = new byte[1000];
            Message back = onLoopAwait(() -> ws.send(exact).thenCompose(v -> ws.receive()));
            assertEquals(1000, back.size());
            onLoop(() -> ws.send(new byte[1001]));
            assertEquals(1009, onLoopAwait(ws::closed).code(), "compression " + compression);
        }
    }

    @Test
    default void aPingCompletesWhenItsPongArrives() {
        Server server = echoServer(plain());
        WebSocket ws = connect(server, "/", plain());
        onLoopAwait(() -> ws.ping(new byte[] {1, 2, 3}));
        LoopFuture<Void> a = onLoop(() -> ws.ping(new byte[] {4}));
        LoopFuture<Void> b = onLoop(() -> ws.ping(new byte[] {5}));
        await(b);
        assertTrue(a.isDone(), "a pong answers its ping and every earlier one");
        assertRefusedOnLoop(() -> onLoop(() -> ws.ping(new byte[126])));
    }

    @Test
    default void aPeerThatVanishesEndsTheSocketWith1006() {
        Server server = rawServer(WebSocketSupport::switching, true);
        WebSocket ws = connect(server, "/", plain());
        assertEquals(1006, onLoopAwait(ws::closed).code());
        WebSocketException e = assertInstanceOf(WebSocketException.class, awaitFailure(onLoop(ws::receive)));
        assertEquals(1006, e.closeStatus().code());
        assertInstanceOf(WebSocketException.class, awaitFailure(onLoop(() -> ws.send("late"))));
    }

    @Test
    default void refusedHandshakesSayWhatTheServerAnswered() {
        record Case(String answer, String expected) { }
        List<Case> cases = List.of(
                new Case("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 404 Not Found"),
                new Case("HTTP/1.1 302 Found\r\nLocation: ws://elsewhere/\r\n\r\n", "redirects are not followed"),
                new Case("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
                        "without Sec-WebSocket-Accept"),
                new Case("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: d3Jvbmc=\r\n\r\n", "Sec-WebSocket-Accept: d3Jvbmc= (expected: "),
                new Case("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n",
                        "Upgrade: h2c"));
        for (Case c : cases) {
            Server server = rawServer(request -> c.answer(), true);
            Throwable e = awaitFailure(WebSockets.connect(loop(), uri(server, "/"), plain()));
            assertInstanceOf(WebSocketException.class, e);
            assertTrue(e.getMessage().contains(c.expected()), e.getMessage() + " (expected to hold: " + c.expected() + ")");
            onLoop(server::close);
        }
        Server extension = rawServer(request -> WebSocketSupport.switching(request).replace("\r\n\r\n",
                "\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10\r\n\r\n"), true);
        Throwable e = awaitFailure(WebSockets.connect(loop(), uri(extension, "/"), WebSocketOptions.defaults()));
        assertTrue(e.getMessage().contains("client_max_window_bits"), e.getMessage());
    }

    @Test
    default void theOriginOptionRefusesOtherOriginsWith403() {
        WebSocketOptions server = plain().withAllowedOrigins("https://app.example");
        Server s = echoServer(server);
        Throwable e = awaitFailure(WebSockets.connect(loop(), uri(s, "/"), plain().withHeader("Origin", "https://evil.example")));
        assertTrue(e.getMessage().contains("403"), e.getMessage());
        WebSocket ok = connect(s, "/", plain().withHeader("Origin", "https://app.example"));
        assertEquals(new Message.Text("hi"), onLoopAwait(() -> ok.send("hi").thenCompose(v -> ok.receive())));
    }

    @Test
    default void plainRequestsAreRefusedWithTheRightStatus() {
        Server server = echoServer(plain());
        assertTrue(rawExchange(server, WebSocketSupport.get("/", "")).startsWith("HTTP/1.1 426 "));
        assertTrue(rawExchange(server, WebSocketSupport.upgrade("POST", "/", "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")).startsWith("HTTP/1.1 405 "));
        String wrongVersion = rawExchange(server, WebSocketSupport.upgrade("GET", "/", "Sec-WebSocket-Version: 8\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
        assertTrue(wrongVersion.startsWith("HTTP/1.1 426 ") && wrongVersion.contains("Sec-WebSocket-Version: 13"), wrongVersion);
        assertTrue(rawExchange(server, WebSocketSupport.upgrade("GET", "/", "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: short\r\n")).startsWith("HTTP/1.1 400 "));
        assertTrue(rawExchange(server, "nonsense\r\n\r\n").startsWith("HTTP/1.1 400 "));
        String huge = rawExchange(server, WebSocketSupport.get("/", "X-Big: " + "b".repeat(70_000) + "\r\n"));
        assertTrue(huge.startsWith("HTTP/1.1 431 "), huge.substring(0, Math.min(80, huge.length())));
    }

    @Test
    default void wssWorksWithTheTestCaAndIsRefusedByAClientThatDistrustsIt() {
        TestCertificates certs = TestCertificates.get();
        Server server = await(WebSockets.serve(loop(), ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs.serverContext())), WebSocketOptions.defaults(), WebSocketSupport::echo));
        URI uri = URI.create("wss://localhost:" + portOf(server) + "/secure");
        WebSocket ws = await(WebSockets.connect(loop(), uri,
                WebSocketOptions.defaults().withTls(TlsOptions.client(certs.clientContext()))));
        assertEquals(new Message.Text("secret"), onLoopAwait(() -> ws.send("secret").thenCompose(v -> ws.receive())));
        Throwable e = awaitFailure(WebSockets.connect(loop(), uri,
                WebSocketOptions.defaults().withTls(TlsOptions.client(certs.distrustingClientContext()))));
        assertInstanceOf(WebSocketException.class, e);
    }

    /**
     * With no {@code TlsOptions} given, a {@code wss://} client verifies the server against the
     * JDK's own trust store, which does not hold the test CA: the connect fails in the TLS
     * handshake, and no message is exchanged.
     */
    @Test
    default void wssVerifiesTheServersCertificateByDefault() {
        TestCertificates certs = TestCertificates.get();
        AtomicReference<String> handled = new AtomicReference<>();
        Server server = await(WebSockets.serve(loop(), ServerOptions.bind("127.0.0.1", 0)
                .withTls(TlsOptions.server(certs.serverContext())), WebSocketOptions.defaults(), ws -> {
                    handled.set(ws.path());
                    return WebSocketSupport.echo(ws);
                }));
        URI uri = URI.create("wss://localhost:" + portOf(server) + "/secure");
        Throwable e = awaitFailure(WebSockets.connect(loop(), uri, WebSocketOptions.defaults()));
        assertInstanceOf(WebSocketException.class, e);
        Throwable tls = e;
        while (tls != null && !(tls instanceof SSLException)) {
            tls = tls.getCause();
        }
        assertInstanceOf(SSLException.class, tls, "the failure's causes hold the TLS handshake's: " + e);
        assertNull(handled.get(), "no WebSocket was handed to the server's handler");
    }

    /**
     * A consumer that does not receive stops the reading, so the sender's buffer fills and its
     * send futures wait; once the consumer receives, every message arrives intact and the sends
     * complete. 32 MiB is more than loopback's socket buffers hold.
     */
    @Test
    default void aConsumerThatStopsReceivingPacesTheSenderThroughItsSendFutures() {
        int count = 64;
        int size = 512 * 1024;
        WebSocketOptions options = plain().withMaxMessageSize(size);
        CompletableFuture<List<LoopFuture<Void>>> sends = new CompletableFuture<>();
        Server server = serve(options, ws -> {
            List<LoopFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] m = new byte[size];
                m[0] = (byte) i;
                all.add(ws.send(m));
            }
            sends.complete(all);
            return ws.receive();
        });
        WebSocket ws = connect(server, "/", options);
        List<LoopFuture<Void>> all = awaitReal(sends);
        assertFalse(onLoop(() -> all.get(count - 1).isDone()), "the last send waits while the consumer does not receive");
        for (int i = 0; i < count; i++) {
            Message m = onLoopAwait(ws::receive);
            assertEquals(size, m.size());
            assertEquals((byte) i, ((Message.Binary) m).data()[0]);
        }
        await(all.get(count - 1));
    }

    /**
     * The small messages sent in one callback leave the socket together (one write, FrameOutbox):
     * here they arrive whole and in the order sent, with a big message among them (written on its
     * own, after the small ones before it) and the close frame after all of them.
     */
    @Test
    default void messagesSentInOneCallbackArriveInOrderWithABigOneAmongThemThenTheClose() {
        CompletableFuture<List<Message>> serverGot = new CompletableFuture<>();
        Server server = serve(plain(), ws -> {
            List<Message> got = new ArrayList<>();
            return receiveAll(ws, got).thenRun(() -> serverGot.complete(got));
        });
        WebSocket ws = connect(server, "/", plain());
        byte[] big = NetworkSupport.randomBytes(300_000, 11);
        LoopFuture<CloseStatus> closed = onLoop(() -> {
            for (int i = 0; i < 300; i++) {
                ws.send(i + ":" + "s".repeat(i * 7 % 3000));
                if (i == 150) {
                    ws.send(big);
                }
            }
            return ws.close(1000, "done");
        });
        assertEquals(new CloseStatus(1000, "done"), await(closed));
        List<Message> got = awaitReal(serverGot);
        assertEquals(301, got.size());
        for (int i = 0, m = 0; i < 300; i++, m++) {
            assertEquals(new Message.Text(i + ":" + "s".repeat(i * 7 % 3000)), got.get(m));
            if (i == 150) {
                assertArrayEquals(big, ((Message.Binary) got.get(++m)).data());
            }
        }
    }

    private static CompletableFuture<Void> receiveAll(WebSocket ws, List<Message> got) {
        return ws.receive().thenCompose(m -> {
            if (m == null) {
                return CompletableFuture.completedFuture(null);
            }
            got.add(m);
            return receiveAll(ws, got);
        }).toCompletableFuture();
    }

    /**
     * Small messages are gathered before they reach the transport, yet still count toward its
     * buffer: a sender of 32 MiB in 1 KiB messages that does not wait finds its last send waiting
     * while the consumer does not receive, and every message arrives in order once it does.
     */
    @Test
    default void aSenderOfSmallMessagesThatDoesNotWaitIsPacedToo() {
        int count = 32 * 1024;
        String pad = "p".repeat(1000);
        CompletableFuture<List<LoopFuture<Void>>> sends = new CompletableFuture<>();
        Server server = serve(plain(), ws -> {
            List<LoopFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                all.add(ws.send(i + pad));
            }
            sends.complete(all);
            return ws.receive();
        });
        WebSocket ws = connect(server, "/", plain());
        List<LoopFuture<Void>> all = awaitReal(sends);
        assertFalse(onLoop(() -> all.get(count - 1).isDone()), "the last send waits while the consumer does not receive");
        List<String> got = new ArrayList<>();
        CompletableFuture<List<String>> received = new CompletableFuture<>();
        onLoop(() -> receiveInto(ws, got, count, received));
        List<String> messages = await(received);
        for (int i = 0; i < count; i++) {
            assertEquals(i + pad, messages.get(i));
        }
        await(all.get(count - 1));
    }

    /**
     * {@code Server.closeConnections} closes the connections after what they wrote: the messages a
     * socket sent just before, still gathered for their write, go out first.
     */
    @Test
    default void closingTheServersConnectionsWritesWhatItsSocketsJustSent() {
        AtomicReference<Server> self = new AtomicReference<>();
        CompletableFuture<Void> kept = new CompletableFuture<>();
        Server server = serve(plain(), ws -> {
            ws.send("last");
            ws.send("words");
            self.get().closeConnections();
            return kept;
        });
        self.set(server);
        WebSocket ws = connect(server, "/", plain());
        assertEquals(new Message.Text("last"), onLoopAwait(ws::receive));
        assertEquals(new Message.Text("words"), onLoopAwait(ws::receive));
        assertEquals(CloseStatus.ABNORMAL, onLoopAwait(ws::closed).code(), "no close frame: the connection was closed");
    }

    /**
     * 2,000 messages sent without waiting, received by a chain of receives each made inside the
     * delivery of the previous message, come whole and in order. (WebSocketSessionTest checks the
     * re-entrancy this exercises deterministically, with reads served at once.)
     */
    @Test
    default void aChainOfReceivesOverManyBufferedMessagesGetsThemAllInOrder() {
        int count = 2000;
        Server server = serve(plain(), ws -> {
            LoopFuture<Void> last = null;
            for (int i = 0; i < count; i++) {
                last = ws.send(i + ":" + "x".repeat(i % 700));
            }
            return last.thenCompose(v -> ws.receive());
        });
        WebSocket ws = connect(server, "/", plain());
        List<String> got = new ArrayList<>();
        CompletableFuture<List<String>> all = new CompletableFuture<>();
        onLoop(() -> receiveInto(ws, got, count, all));
        List<String> received = await(all);
        for (int i = 0; i < count; i++) {
            assertEquals(i + ":" + "x".repeat(i % 700), received.get(i));
        }
    }

    private static void receiveInto(WebSocket ws, List<String> got, int count, CompletableFuture<List<String>> all) {
        ws.receive().whenComplete((m, e) -> {
            if (e != null) {
                all.completeExceptionally(e);
                return;
            }
            got.add(((Message.Text) m).text());
            if (got.size() == count) {
                all.complete(got);
            } else {
                receiveInto(ws, got, count, all);  // at once, inside the delivery of this message
            }
        });
    }

    @Test
    default void aWebSocketRefusesCallsFromOtherThreads() {
        if (testThreadIsLoopThread()) {
            return;  // the test thread is the loop thread here: there is no other thread to call from
        }
        Server server = echoServer(plain());
        WebSocket ws = connect(server, "/", plain());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ws.send("x"));
        assertTrue(e.getMessage().contains("WebSocket.send"), e.getMessage());
        assertThrows(IllegalStateException.class, ws::receive);
    }

    @Test
    default void closeValidatesItsCodeAndReason() {
        Server server = echoServer(plain());
        WebSocket ws = connect(server, "/", plain());
        assertRefusedOnLoop(() -> onLoop(() -> ws.close(1005, "")));
        assertRefusedOnLoop(() -> onLoop(() -> ws.close(1000, "x".repeat(124))));
        assertEquals(new CloseStatus(3000, "r"), onLoopAwait(() -> ws.close(3000, "r")));
    }
}
