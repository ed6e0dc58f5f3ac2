package dev.loopbridge.benchmarks.ws;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * LoopBridge's WebSockets in the echo benchmark: an echo server and a ping-pong client, each on a
 * loop the caller gives, permessage-deflate off (the payloads are random bytes; every peer runs
 * without compression). The handlers run on their loop's thread; {@link #server} and
 * {@link #client} are called by the section's main thread.
 */
public final class LoopBridgeWs {

    /** No compression; messages up to 1 MiB (the default limit). */
    public static final WebSocketOptions OPTIONS = WebSocketOptions.defaults().withCompression(false);

    private LoopBridgeWs() {
    }

    /** An echo server on {@code loop} at 127.0.0.1 and a free port. Main thread. */
    public static Server server(EventLoop loop) {
        return Wait.get(WebSockets.serve(loop, ServerOptions.bind("127.0.0.1", 0), OPTIONS, LoopBridgeWs::echo),
                "the LoopBridge WebSocket server to listen");
    }

    /** The port of a server from {@link #server}. Main thread. */
    public static int port(EventLoop loop, Server server) {
        return Wait.get(loop.submit(() -> ((InetSocketAddress) server.addresses().get(0)).getPort()), "the port");
    }

    /**
     * Echoes each message once it is received, then receives the next once the echo is handed to
     * the transport, until the client closes. A loop of callbacks, not a chain of
     * {@code thenCompose}, so that millions of messages build no chain of futures.
     */
    public static CompletionStage<Void> echo(WebSocket ws) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        echoNext(ws, done);
        return done;
    }

    private static void echoNext(WebSocket ws, CompletableFuture<Void> done) {
        ws.receive().whenComplete((m, error) -> {
            if (error != null || m == null) {
                done.complete(null);
                return;
            }
            (m instanceof Message.Binary b ? ws.send(b.data()) : ws.send(((Message.Text) m).text()))
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            done.complete(null);
                        } else {
                            echoNext(ws, done);
                        }
                    });
        });
    }

    /**
     * A client on {@code loop} connected to {@code uri}, sending {@code payload} as a binary
     * message and the next when its echo is back. {@code teardown} runs when the client is
     * closed (the contender's teardown). Main thread.
     */
    public static Running client(EventLoop loop, URI uri, byte[] payload, Running.Teardown teardown) {
        RoundTrips trips = new RoundTrips();
        WebSocket ws = Wait.get(WebSockets.connect(loop, uri, OPTIONS), "the LoopBridge client to connect to " + uri);
        loop.execute(new PingPong(ws, payload, trips)::start);
        return new Running() {
            @Override
            public RoundTrips roundTrips() {
                return trips;
            }

            @Override
            public void close() {
                Running.closeBoth(() -> {
                    Wait.get(loop.submit(() -> ws.close(1000, "")).thenCompose(f -> f), "the client to close");
                }, teardown);
            }
        };
    }

    /** The client's {@link RoundTrips#IN_FLIGHT} messages in flight. Loop thread. */
    private static final class PingPong {
        private final WebSocket ws;
        private final byte[] payload;
        private final RoundTrips trips;

        PingPong(WebSocket ws, byte[] payload, RoundTrips trips) {
            this.ws = ws;
            this.payload = payload;
            this.trips = trips;
        }

        void start() {
            for (int i = 0; i < RoundTrips.IN_FLIGHT; i++) {
                send();
            }
            ws.receive().whenComplete(this::echoed);
        }

        private void send() {
            trips.sent();
            ws.send(payload);
        }

        private void echoed(Message m, Throwable error) {
            if (error != null) {
                trips.fail(error);
                return;
            }
            if (m == null) {
                trips.fail(new IllegalStateException("the socket closed"));
                return;
            }
            trips.echoed();
            if (m.size() != payload.length) {
                trips.fail(new IllegalStateException("echo of " + m.size() + " bytes for " + payload.length));
                return;
            }
            send();
            ws.receive().whenComplete(this::echoed);
        }
    }
}
