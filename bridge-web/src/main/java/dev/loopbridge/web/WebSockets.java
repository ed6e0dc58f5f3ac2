package dev.loopbridge.web;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.web.internal.ClientHandshake;
import dev.loopbridge.web.internal.ServerExchange;

/**
 * Entry points: WebSocket clients and servers on a loop. Any thread may call {@link #connect} and
 * {@link #serve} (like {@code openConnection}); {@link #serveConnection}, which takes a connection
 * already accepted, is called on that connection's loop thread. The futures complete on the loop
 * thread, and so does everything the sockets do. The counterpart of Python's {@code websockets.connect} and {@code websockets.serve},
 * with no thread of its own: the handshake and every frame run on the loop's streams.
 *
 * <pre>{@code
 * // An echo server: each handler runs on the loop; the socket closes (1000) when its stage completes.
 * WebSockets.serve(loop, ServerOptions.bind("127.0.0.1", 8080), WebSocketOptions.defaults(),
 *         ws -> Async.async(loop, () -> {
 *             for (Message m; (m = Async.await(ws.receive())) != null; ) {
 *                 Async.await(m instanceof Message.Text t ? ws.send(t.text()) : ws.send(((Message.Binary) m).data()));
 *             }
 *             return null;
 *         }));
 *
 * // A client on the FX loop: the message arrives on the FX thread.
 * WebSockets.connect(FxEventLoop.shared(), URI.create("ws://127.0.0.1:8080/echo"))
 *         .thenCompose(ws -> ws.send("hello").thenCompose(sent -> ws.receive()))
 *         .thenAccept(m -> label.setText(((Message.Text) m).text()));
 * }</pre>
 */
public final class WebSockets {

    private WebSockets() {
    }

    /**
     * Connects to a {@code ws://} or {@code wss://} URI with {@link WebSocketOptions#defaults()}.
     *
     * @param loop the loop the socket runs on
     * @param uri the {@code ws://} or {@code wss://} URI to connect to
     * @return a future of the open socket, completed on the loop thread
     */
    public static LoopFuture<WebSocket> connect(EventLoop loop, URI uri) {
        return connect(loop, uri, WebSocketOptions.defaults());
    }

    /**
     * Connects to a {@code ws://} or {@code wss://} URI and performs the opening handshake. The
     * future fails with a {@link WebSocketException} saying what went wrong if the server refuses
     * (its status line; a redirect, which is not followed; a missing or wrong
     * {@code Sec-WebSocket-Accept}; a subprotocol or extension that was not offered), or if the
     * connect and handshake take longer than {@link WebSocketOptions#handshakeTimeout()}.
     *
     * @param loop the loop the socket runs on
     * @param uri the {@code ws://} or {@code wss://} URI to connect to
     * @param options the client's subprotocols, compression, limits, TLS and timeouts
     * @return a future of the open socket, completed on the loop thread
     * @throws IllegalArgumentException if the URI is not {@code ws://} or {@code wss://} with a host
     */
    public static LoopFuture<WebSocket> connect(EventLoop loop, URI uri, WebSocketOptions options) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
        return ClientHandshake.connect(loop, uri, options);
    }

    /**
     * Listens at {@code where} (TLS through {@link ServerOptions#withTls}) and runs {@code handler}
     * on the loop for each WebSocket opened; the socket closes with 1000 when the stage it returns
     * completes, with 1011 if it fails. The handler routes by {@link WebSocket#path()}. Plain GET
     * requests are answered from the static files of the options, if any; other requests are
     * refused with 400, 403, 404, 405 or 426. The server's {@link Server#close()} stops accepting and
     * closes every open WebSocket with 1001 (going away), each within the close timeout of the
     * options; {@link Server#closed()} completes when the last connection is gone.
     *
     * @param loop the loop the server and its sockets run on
     * @param where the address to listen at, and TLS if any
     * @param options the server's subprotocols, compression, limits, origins and static files
     * @param handler called on the loop with each opened socket; the stage it returns ends the socket
     * @return a future of the listening server, completed on the loop thread
     */
    public static LoopFuture<Server> serve(EventLoop loop, ServerOptions where, WebSocketOptions options,
            Function<WebSocket, ? extends CompletionStage<?>> handler) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        return ServerExchange.serve(loop, where, options, handler);
    }

    /**
     * Serves one connection the caller accepted itself, as {@link #serve} serves each connection it
     * accepts: the opening handshake and {@code handler} for a WebSocket request, the static files
     * of the options for a plain GET or HEAD, a refusal with the right status for anything else.
     * For a server that shares its port between protocols: it reads the start of each connection to
     * tell which one the peer speaks, and hands the HTTP ones here with the bytes it has read, which
     * are read again first, as if they had never been taken from the connection.
     *
     * <p>The WebSocket, like the connection, is the caller's to end: a server that stops hands it
     * no 1001 (there is no {@code Server} here); the socket closes with 1000 when the stage the
     * handler returned completes, with 1011 if it fails.
     *
     * <pre>{@code
     * loop.startServer(conn -> conn.reader().read(4096).thenCompose(first -> looksLikeHttp(first)
     *         ? WebSockets.serveConnection(loop, conn, first, options, ws -> chat(ws))
     *         : serveMyProtocol(conn, first)), ServerOptions.bind("127.0.0.1", 6667));
     * }</pre>
     *
     * @param loop the loop the connection runs on
     * @param accepted the connection, as a {@code startServer} handler received it (or
     *     {@code openConnection} made it); its reader continues where {@code alreadyRead} ends
     * @param alreadyRead the bytes already read from {@code accepted}, possibly none; the array is
     *     copied, so the caller may reuse it
     * @param options the subprotocols, compression, limits, origins and static files, as for {@link #serve}
     * @param handler called on the loop with the socket if the request upgrades; the stage it
     *     returns ends the socket
     * @return a future completed on the loop thread once the exchange is over and the connection
     *     may be closed (return it from the {@code startServer} handler, which then closes it)
     * @throws IllegalStateException if called off the loop thread of {@code loop}
     * @throws IllegalArgumentException if {@code alreadyRead} is not empty and {@code accepted} is not
     *     a connection LoopBridge made (a wrapper of the caller's cannot take the bytes back)
     */
    public static LoopFuture<Void> serveConnection(EventLoop loop, StreamConnection accepted, byte[] alreadyRead,
            WebSocketOptions options, Function<WebSocket, ? extends CompletionStage<?>> handler) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(accepted, "accepted");
        Objects.requireNonNull(alreadyRead, "alreadyRead");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        if (!loop.inLoop()) {
            throw new IllegalStateException("WebSockets.serveConnection must be called on the loop thread of " + loop
                    + ", not on " + Thread.currentThread().getName() + " (call it from the startServer handler)");
        }
        return ServerExchange.serveAccepted(loop, accepted, alreadyRead, options, handler);
    }
}
