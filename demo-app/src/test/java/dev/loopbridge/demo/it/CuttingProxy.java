package dev.loopbridge.demo.it;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;

/**
 * A TCP proxy in front of an IRC server that can kill a connection at the worst moment for
 * exactly-once delivery: after the server has processed a client's line (it answered the PING the
 * client wrote after it) but before the client hears the answer. It also counts the PONGs clients
 * send the server. Loop thread only.
 */
final class CuttingProxy implements AutoCloseable {

    private final EventLoop loop;
    private final int target;
    private Server server;
    // Guarded by: the loop thread. The text whose line arms the cut, or null.
    private String marker;
    // Guarded by: the loop thread. The marker went to the server; cut at its next PONG.
    private boolean cutAtPong;
    private int cuts;
    // Guarded by: the loop thread. PONG lines relayed from clients, and who waits for how many.
    private int pongs;
    private final List<PongWaiter> pongWaiters = new ArrayList<>();

    private record PongWaiter(int count, LoopFuture<Void> reached) {
    }

    private CuttingProxy(EventLoop loop, int target) {
        this.loop = loop;
        this.target = target;
    }

    /** Starts a proxy to {@code 127.0.0.1:target}; any thread. */
    static CuttingProxy start(EventLoop loop, int target) {
        CuttingProxy proxy = new CuttingProxy(loop, target);
        proxy.server = loop.runUntilComplete(loop.startServer(proxy::relay, ServerOptions.bind("127.0.0.1", 0)));
        return proxy;
    }

    /** The proxy's port; any thread. */
    int port() {
        return loop.runUntilComplete(loop.submit(() -> ((InetSocketAddress) server.addresses().get(0)).getPort()));
    }

    /** Cuts the connection that next sends {@code text}, once the server has answered the PING after it. */
    void cutAfter(String text) {
        marker = text;
    }

    /** How many connections were cut. */
    int cuts() {
        return cuts;
    }

    /** Completes once clients have sent the server {@code count} PONG lines through this proxy. */
    LoopFuture<Void> pongsRelayed(int count) {
        LoopFuture<Void> reached = loop.newFuture();
        pongWaiters.add(new PongWaiter(count, reached));
        countPongs(0);
        return reached;
    }

    private void countPongs(int more) {
        pongs += more;
        List<PongWaiter> met = pongWaiters.stream().filter(w -> pongs >= w.count()).toList();
        pongWaiters.removeAll(met);
        met.forEach(w -> w.reached().complete(null));
    }

    private LoopFuture<Void> relay(StreamConnection client) {
        LoopFuture<Void> done = loop.newFuture();
        loop.openConnection(ConnectOptions.to("127.0.0.1", target)).whenComplete((upstream, failure) -> {
            if (failure != null) {
                done.complete(null);
                return;
            }
            pump(client, upstream, true, done, new StringBuilder());
            pump(upstream, client, false, done, new StringBuilder());
        });
        return done;
    }

    /** Relays what {@code from} sends; {@code partial} holds the client's unfinished line, for counting PONGs. */
    private void pump(StreamConnection from, StreamConnection to, boolean fromClient, LoopFuture<Void> done,
            StringBuilder partial) {
        from.reader().read(4096).whenComplete((data, failure) -> {
            if (done.isDone()) {
                return;
            }
            if (failure != null || data.length == 0) {
                to.writer().close();
                from.writer().close();
                done.complete(null);
                return;
            }
            String text = new String(data, StandardCharsets.UTF_8);
            if (fromClient && marker != null && text.contains(marker)) {
                marker = null;
                cutAtPong = true;
            } else if (!fromClient && cutAtPong && text.contains(" PONG ")) {
                cutAtPong = false;
                cuts++;
                from.writer().transport().abort();
                to.writer().transport().abort();
                done.complete(null);
                return;
            }
            if (fromClient) {
                partial.append(text);
                int end;
                while ((end = partial.indexOf("\n")) >= 0) {
                    if (partial.substring(0, end).startsWith("PONG")) {
                        countPongs(1);
                    }
                    partial.delete(0, end + 1);
                }
            }
            to.writer().write(data);
            pump(from, to, fromClient, done, partial);
        });
    }

    @Override
    public void close() {
        loop.runUntilComplete(loop.submit(() -> {
            server.close();
            server.abortConnections();
            return null;
        }));
    }
}
