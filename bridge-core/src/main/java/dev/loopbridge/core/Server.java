package dev.loopbridge.core;

import java.net.SocketAddress;
import java.util.List;

/**
 * A listening server from {@link EventLoop#createServer} or {@link EventLoop#startServer};
 * asyncio's {@code Server}. Loop thread only: every method but {@link #isServing} and
 * {@link #closed} checks it and otherwise throws {@link IllegalStateException} naming the loop
 * thread.
 *
 * <pre>{@code
 * Server server = loop.runUntilComplete(loop.startServer(conn -> ..., ServerOptions.bind("127.0.0.1", 0)));
 * int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
 * ...
 * server.close();                 // stop accepting; connections go on
 * server.closeConnections();      // and close the ones that are open (flushing what they wrote)
 * loop.runUntilComplete(server.closed());
 * }</pre>
 */
public interface Server extends AutoCloseable {

    /**
     * The addresses the server listens on (with the actual port when bound to port 0).
     *
     * @return the bound addresses (the actual ports when 0 was asked for)
     */
    List<SocketAddress> addresses();

    /**
     * The number of connections accepted and still open.
     *
     * @return the number of connections open now
     */
    int connectionCount();

    /**
     * Returns whether the server accepts new connections.
     *
     * @return {@code true} while the server accepts connections
     */
    boolean isServing();

    /** Stops accepting connections and releases the listening sockets; open connections go on. Idempotent. */
    @Override
    void close();

    /** Closes every open connection the server accepted (each flushes what it buffered first). */
    void closeConnections();

    /** Aborts every open connection the server accepted. */
    void abortConnections();

    /**
     * A future completed when the server is closed and its last connection is gone; asyncio's {@code wait_closed}.
     *
     * @return a future completed when the server has closed
     */
    LoopFuture<Void> closed();
}
