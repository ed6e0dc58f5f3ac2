package dev.loopbridge.demo.it;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;

/**
 * A TCP proxy in front of an IRC server that can kill a connection at the worst moment for
 * exactly-once delivery: after the server has processed a client's line (it answered the PING the
 * client wrote after it) but before the client hears the answer. Loop thread only.
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

    private LoopFuture<Void> relay(StreamConnection client) {
        LoopFuture<Void> done = loop.newFuture();
        loop.openConnection(ConnectOptions.to("127.0.0.1", target)).whenComplete((upstream, failure) -> {
            if (failure != null) {
                done.complete(null);
                return;
            }
            pump(client, upstream, true, done);
            pump(upstream, client, false, done);
        });
        return done;
    }

    private void pump(StreamConnection from, StreamConnection to, boolean fromClient, LoopFuture<Void> done) {
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
            to.writer().write(data);
            pump(from, to, fromClient, done);
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
