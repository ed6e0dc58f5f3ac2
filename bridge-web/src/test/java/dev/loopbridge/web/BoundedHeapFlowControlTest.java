package dev.loopbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;

/**
 * 1 GiB through a WebSocket to a slow consumer, in each direction, in a JVM with a 128 MiB heap
 * (the {@code bounded-heap} surefire execution of this module's pom): without flow control end to
 * end — the consumer's unread messages stopping the reads, the sender's send futures waiting on
 * the transport's high-water mark — the sender would buffer the gigabyte and the JVM would run
 * out of memory. Every 256 MiB the consumer stops for 300 ms and then counts the messages sent but
 * not yet received: with flow control they are what the sockets and buffers hold (a few MiB);
 * without it, everything the sender pushed meanwhile.
 */
@Tag("bounded-heap")
class BoundedHeapFlowControlTest {

    private static final int MESSAGE = 1 << 20;
    private static final int COUNT = 1024;

    private static final int CHECKPOINT = 256;
    /**
     * Messages in flight allowed: loopback socket buffers (several MiB each way) plus one per
     * buffer on the path (6-7 measured; 43-64 with the receive queue made unbounded).
     */
    private static final int MAX_IN_FLIGHT = 16;

    private final EventLoop loop = EventLoops.newDefault();

    // Loop thread only: messages handed to send and received so far, and the most in flight at a stop.
    private int sent;
    private int received;
    private int maxInFlight;

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void theHeapIsSmallEnoughToProveIt() {
        assertTrue(Runtime.getRuntime().maxMemory() <= 160L << 20,
                "max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB (expected: 128 MiB, -Xmx128m)");
    }

    @Test
    void aGigabyteFromTheServerToASlowClient() {
        long received = run(ws -> sendAll(ws, 0, loop.newFuture()), ws -> receiveSlowly(ws, 0, loop.newFuture()), true);
        assertEquals((long) COUNT * MESSAGE, received);
        assertTrue(maxInFlight <= MAX_IN_FLIGHT, maxInFlight + " messages of 1 MiB in flight while the consumer stopped"
                + " (expected: at most " + MAX_IN_FLIGHT + ")");
    }

    @Test
    void aGigabyteFromTheClientToASlowServer() {
        long received = run(ws -> receiveSlowly(ws, 0, loop.newFuture()), ws -> sendAll(ws, 0, loop.newFuture()), false);
        assertEquals((long) COUNT * MESSAGE, received);
        assertTrue(maxInFlight <= MAX_IN_FLIGHT, maxInFlight + " messages of 1 MiB in flight while the consumer stopped"
                + " (expected: at most " + MAX_IN_FLIGHT + ")");
    }

    /** Runs {@code server} as the handler and {@code client} on the connected client; returns what the receiving side counted. */
    private long run(Function<WebSocket, LoopFuture<Long>> server, Function<WebSocket, LoopFuture<Long>> client,
            boolean clientReceives) {
        WebSocketOptions options = WebSocketOptions.defaults().withCompression(false).withMaxMessageSize(MESSAGE);
        LoopFuture<Long> serverSide = loop.newFuture();
        Server s = loop.runUntilComplete(WebSockets.serve(loop, ServerOptions.bind("127.0.0.1", 0), options,
                ws -> server.apply(ws).whenComplete((n, e) -> {
                    if (e != null) {
                        serverSide.completeExceptionally(e);
                    } else {
                        serverSide.complete(n);
                    }
                })));
        int port = loop.runUntilComplete(loop.submit(() -> ((InetSocketAddress) s.addresses().get(0)).getPort()));
        WebSocket ws = loop.runUntilComplete(WebSockets.connect(loop, URI.create("ws://127.0.0.1:" + port + "/"), options));
        LoopFuture<Long> clientSide = loop.runUntilComplete(loop.submit(() -> client.apply(ws)));
        long c = loop.runUntilComplete(clientSide);
        long sv = loop.runUntilComplete(serverSide);
        return clientReceives ? c : sv;
    }

    /** Sends COUNT messages, each only after the previous send completed (iteratively while they complete at once). */
    private LoopFuture<Long> sendAll(WebSocket ws, int sent, LoopFuture<Long> done) {
        int i = sent;
        while (i < COUNT) {
            LoopFuture<Void> f = ws.send(new byte[MESSAGE]);
            i++;
            this.sent++;
            if (!f.isDone() || f.isCompletedExceptionally()) {
                int next = i;
                f.whenComplete((v, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        sendAll(ws, next, done);
                    }
                });
                return done;
            }
        }
        ws.receive().whenComplete((m, e) -> done.complete((long) COUNT * MESSAGE));  // until the peer closes
        return done;
    }

    /**
     * Receives COUNT messages with a 1 ms pause after each (a slow consumer) and a 300 ms stop every
     * CHECKPOINT messages; then closes.
     */
    private LoopFuture<Long> receiveSlowly(WebSocket ws, long bytes, LoopFuture<Long> done) {
        if (bytes % ((long) CHECKPOINT * MESSAGE) == 0 && bytes > 0 && bytes < (long) COUNT * MESSAGE) {
            loop.sleep(Duration.ofMillis(300)).whenComplete((v, x) -> {
                maxInFlight = Math.max(maxInFlight, sent - received);
                receiveNext(ws, bytes, done);
            });
            return done;
        }
        return receiveNext(ws, bytes, done);
    }

    private LoopFuture<Long> receiveNext(WebSocket ws, long bytes, LoopFuture<Long> done) {
        ws.receive().whenComplete((m, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
                return;
            }
            received++;
            long total = bytes + m.size();
            if (total == (long) COUNT * MESSAGE) {
                ws.close(1000, "").whenComplete((status, x) -> done.complete(total));
                return;
            }
            loop.sleep(Duration.ofMillis(1)).whenComplete((v, x) -> receiveSlowly(ws, total, done));
        });
        return done;
    }
}
