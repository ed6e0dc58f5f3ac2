package dev.loopbridge.web;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.web.internal.ClientHandshake;
import dev.loopbridge.web.internal.ServerExchange;

/**
 * Entry points: WebSocket clients and servers on a loop. Any thread may call them (like
 * {@code openConnection}); the futures complete on the loop thread, and so does everything the
 * sockets do. The counterpart of Python's {@code websockets.connect} and {@code websockets.serve},
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
}
