package dev.loopbridge.web.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.peers.PeerProcess;
import dev.loopbridge.core.peers.RealPeerTest;
import dev.loopbridge.core.tck.NetworkSupport;
import dev.loopbridge.core.tck.TestCertificates;
import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketException;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * What the WebSocket real-peer tests share besides {@link RealPeerTest}'s loop, peers and waits: the two scenarios every peer runs — our client against its server, its client
 * against our server — with the same small protocol on both sides:
 *
 * <ul>
 *   <li>any message is echoed;</li>
 *   <li>{@code "fragments"}: the peer server answers "fragmented €" in three fragments;</li>
 *   <li>{@code "big"}: the server answers a 16 MiB binary message of 'x';</li>
 *   <li>{@code "ping"}: the server pings and, on the pong, sends "pong received";</li>
 *   <li>{@code "close-me"}: the server closes with 4002 (peer) or 4003 (ours) and a reason.</li>
 * </ul>
 *
 * <p>Never skipped: a peer that is not installed fails the test, naming what to install. Every
 * wait quotes the peers' output when it fails (see {@link RealPeerTest}).
 */
abstract class WebPeerTest extends RealPeerTest {

    static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");
    static final int BIG = 16 << 20;

    static WebSocketOptions options(boolean compression) {
        return WebSocketOptions.defaults().withCompression(compression).withMaxMessageSize(32 << 20);
    }

    /** Our client against the peer's server on {@code port}: every step of the protocol, then both close directions. */
    void ourClientAgainstPeerServer(PeerProcess peer, int port, boolean compression, String peerCloseReason) {
        ourClientAgainstPeerServer(peer, URI.create("ws://127.0.0.1:" + port + "/peer?x=1"), options(compression),
                peerCloseReason);
    }

    /** As above, at {@code uri} ({@code wss://} with the options' TLS settings). */
    void ourClientAgainstPeerServer(PeerProcess peer, URI uri, WebSocketOptions options, String peerCloseReason) {
        WebSocket ws = await(WebSockets.connect(loop, uri, options));
        assertEquals(options.compression(), await(loop.submit(ws::isCompressed)), "compression agreed");
        assertEquals(new Message.Text("héllo € \uD83D\uDE00"), onLoop(() -> ws.send("héllo € \uD83D\uDE00")
                .thenCompose(v -> ws.receive())));
        byte[] random = NetworkSupport.randomBytes(1 << 20, 3);
        Message echoed = onLoop(() -> ws.send(random).thenCompose(v -> ws.receive()));
        assertArrayEquals(random, ((Message.Binary) echoed).data());
        assertEquals(new Message.Text("fragmented €"), onLoop(() -> ws.send("fragments").thenCompose(v -> ws.receive())));
        Message big = onLoop(() -> ws.send("big").thenCompose(v -> ws.receive()));
        byte[] xs = new byte[BIG];
        Arrays.fill(xs, (byte) 'x');
        assertArrayEquals(xs, ((Message.Binary) big).data());
        Message bigBack = onLoop(() -> ws.send(xs).thenCompose(v -> ws.receive()));
        assertEquals(BIG, bigBack.size());
        onLoop(() -> ws.ping(new byte[] {'j', 'v'}));
        assertEquals(new Message.Text("pong received"), onLoop(() -> ws.send("ping").thenCompose(v -> ws.receive())));
        LoopFuture<Message> ended = await(loop.submit(() -> {
            ws.send("close-me");
            return ws.receive();
        }));
        WebSocketException e = assertInstanceOf(WebSocketException.class, awaitFailure(ended));
        assertEquals(new CloseStatus(4002, peerCloseReason), e.closeStatus());

        WebSocket second = await(WebSockets.connect(loop, uri, options));
        assertEquals(new CloseStatus(4005, "from java"), onLoop(() -> second.close(4005, "from java")));
        peer.awaitLine(Pattern.compile("server saw close 4005 from java"));
    }

    /**
     * Waits for a peer client running the protocol against {@link #ourServer}: the extension it
     * agreed, the close our server sends at "close-me", and its exit with code 0 (every assertion
     * of its script held).
     */
    static void awaitPeerClientDone(PeerProcess client, boolean compression) {
        client.awaitLine(Pattern.compile("extensions " + (compression ? "permessage-deflate" : "none")));
        client.awaitLine(Pattern.compile("closed 4003 java says bye"));
        client.awaitExit(0);
    }

    /** Our server for the peer's client, on a free port. */
    Server ourServer(boolean compression) {
        return ourServer(compression, ServerOptions.bind("127.0.0.1", 0));
    }

    /** Our server at {@code where} (with TLS if {@code where} has it). */
    Server ourServer(boolean compression, ServerOptions where) {
        return await(WebSockets.serve(loop, where, options(compression), WebPeerTest::serve));
    }

    /** Our client's options for {@code wss://} to a peer serving the test certificate. */
    static WebSocketOptions tlsOptions() {
        return options(true).withTls(TlsOptions.client(TestCertificates.get().clientContext()));
    }

    /** Our server's address with the test certificate. */
    static ServerOptions tlsServer() {
        return ServerOptions.bind("127.0.0.1", 0).withTls(TlsOptions.server(TestCertificates.get().serverContext()));
    }

    private static CompletionStage<Void> serve(WebSocket ws) {
        return ws.receive().thenCompose(m -> {
            if (m == null) {
                return CompletableFuture.completedFuture(null);
            }
            CompletionStage<Void> next;
            if (m instanceof Message.Text t && t.text().equals("close-me")) {
                return ws.close(4003, "java says bye").thenApply(s -> null);
            } else if (m instanceof Message.Text t && t.text().equals("big")) {
                byte[] xs = new byte[BIG];
                Arrays.fill(xs, (byte) 'x');
                next = ws.send(xs);
            } else if (m instanceof Message.Text t && t.text().equals("ping")) {
                next = ws.ping(new byte[] {'p'}).thenCompose(v -> ws.send("pong received"));
            } else if (m instanceof Message.Text t && t.text().equals("fragments")) {
                next = ws.send("fragmented €");  // we do not fragment what we send
            } else {
                next = m instanceof Message.Text t ? ws.send(t.text()) : ws.send(((Message.Binary) m).data());
            }
            return next.thenCompose(v -> serve(ws));
        });
    }
}
