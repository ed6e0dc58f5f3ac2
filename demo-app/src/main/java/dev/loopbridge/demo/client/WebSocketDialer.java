package dev.loopbridge.demo.client;

import java.net.URI;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * How a {@link ChatClient} opens a WebSocket, the {@link Dialer} of {@code ws://} and
 * {@code wss://} servers: called on the loop thread. The default is {@link WebSockets#connect};
 * tests in this package pass one whose sockets they play the server side of.
 */
@FunctionalInterface
interface WebSocketDialer {

    /** Opens a WebSocket to {@code uri} as {@code options} say; the future completes on the loop. */
    LoopFuture<WebSocket> dial(URI uri, WebSocketOptions options);

    /** The dialer that opens real WebSockets on {@code loop}. */
    static WebSocketDialer of(EventLoop loop) {
        return (uri, options) -> WebSockets.connect(loop, uri, options);
    }
}
