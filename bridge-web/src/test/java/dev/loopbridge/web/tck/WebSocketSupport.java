package dev.loopbridge.web.tck;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.tck.NetworkSupport;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;
import dev.loopbridge.web.internal.HttpHead;

/** Servers, clients and raw HTTP exchanges the WebSocket contracts share. Test thread. */
public interface WebSocketSupport extends NetworkSupport {

    /** Serves WebSockets on a free loopback port with {@code handler}. */
    default Server serve(WebSocketOptions options, Function<WebSocket, ? extends CompletionStage<?>> handler) {
        return await(WebSockets.serve(loop(), ServerOptions.bind("127.0.0.1", 0), options, handler));
    }

    /** A server that echoes every message until the client closes. */
    default Server echoServer(WebSocketOptions options) {
        return serve(options, WebSocketSupport::echo);
    }

    /** Echoes every message of {@code ws} until it ends; the stage completes then. */
    static CompletionStage<Void> echo(WebSocket ws) {
        return ws.receive().thenCompose(m -> {
            if (m == null) {
                return CompletableFuture.completedFuture(null);
            }
            LoopFuture<Void> sent = m instanceof Message.Text t ? ws.send(t.text()) : ws.send(((Message.Binary) m).data());
            return sent.thenCompose(v -> echo(ws));
        });
    }

    /** The {@code ws://} URI of {@code server} with {@code path}. */
    default URI uri(Server server, String path) {
        return URI.create("ws://127.0.0.1:" + portOf(server) + path);
    }

    /** Connects to {@code server} at {@code path}, waiting for the handshake. */
    default WebSocket connect(Server server, String path, WebSocketOptions options) {
        return await(WebSockets.connect(loop(), uri(server, path), options));
    }

    /** Runs {@code action} on the loop and waits for the stage it returns. */
    default <T> T onLoopAwait(java.util.concurrent.Callable<? extends CompletionStage<T>> action) {
        return await(onLoop(action));
    }

    /**
     * A TCP server that answers each connection's request head with {@code answer} (given the
     * head), then leaves the connection open and silent, or closes it if {@code closeAfter}.
     */
    default Server rawServer(Function<HttpHead, String> answer, boolean closeAfter) {
        return await(loop().startServer(conn -> conn.reader().readUntil(HttpHead.END).thenCompose(head -> {
            String reply = answer.apply(HttpHead.parse(head));
            conn.writer().write(reply.getBytes(StandardCharsets.ISO_8859_1));
            return closeAfter ? CompletableFuture.completedFuture(null) : conn.reader().read(1 << 20)
                    .thenCompose(more -> new CompletableFuture<Void>());  // keeps it open, unanswered
        }), ServerOptions.bind("127.0.0.1", 0)));
    }

    /** A valid 101 answer to {@code request}. */
    static String switching(HttpHead request) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + HttpHead.acceptFor(request.header("sec-websocket-key")) + "\r\n\r\n";
    }

    /** Sends {@code request} to {@code server} and returns everything it answers until it closes. */
    default String rawExchange(Server server, String request) {
        StreamConnection c = await(loop().openConnection(ConnectOptions.to("127.0.0.1", portOf(server))));
        return onLoopAwait(() -> {
            c.writer().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return readAll(c, new ByteArrayOutputStream());
        });
    }

    private static CompletionStage<String> readAll(StreamConnection c, ByteArrayOutputStream into) {
        return c.reader().read(65536).thenCompose(b -> {
            if (b.length == 0) {
                c.close();
                return CompletableFuture.completedFuture(into.toString(StandardCharsets.UTF_8));
            }
            into.writeBytes(b);
            return readAll(c, into);
        });
    }

    /** A plain GET of {@code path} with extra header lines (each ending in CRLF). */
    static String get(String path, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
    }

    /** An upgrade request for {@code path} with extra header lines (each ending in CRLF). */
    static String upgrade(String method, String path, String extraHeaders) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + extraHeaders + "\r\n";
    }
}
