package dev.loopbridge.core;

import java.net.SocketAddress;
import java.util.Optional;

import javax.net.ssl.SSLSession;

/**
 * A connection read and written through futures: the pair asyncio's {@code open_connection}
 * returns, and what a {@link EventLoop#startServer} handler receives. Loop thread only:
 * {@link #startTls} and {@link #close} check it (through the writer) and otherwise throw
 * {@link IllegalStateException} naming the loop thread; the getters do not check.
 *
 * <pre>{@code
 * loop.openConnection(ConnectOptions.to("localhost", 6667)).thenCompose(conn -> {
 *     conn.writer().writeLine("PING :hello");
 *     return conn.reader().readLine();
 * }).thenAccept(System.out::println);
 * }</pre>
 */
public interface StreamConnection extends AutoCloseable {

    /**
     * The reading half.
     *
     * @return the reading side
     */
    StreamReader reader();

    /**
     * The writing half.
     *
     * @return the writing side
     */
    StreamWriter writer();

    /**
     * The local address.
     *
     * @return the local address
     */
    SocketAddress localAddress();

    /**
     * The peer's address.
     *
     * @return the peer's address
     */
    SocketAddress remoteAddress();

    /**
     * Upgrades the connection to TLS in place (STARTTLS): bytes already buffered for reading stay
     * plaintext and readable; what follows is encrypted. The future completes after the handshake.
     *
     * @param options the TLS settings for this side
     * @return a future completed once the handshake is done
     * @throws IllegalStateException if reads are pending or the connection is already TLS
     */
    LoopFuture<Void> startTls(TlsOptions options);

    /**
     * The TLS session, once a handshake is done; empty for a plain connection.
     *
     * @return the TLS session, or empty for a plain connection
     */
    Optional<SSLSession> tlsSession();

    /** Flushes what is written, then closes; the same as {@code writer().close()}. */
    @Override
    void close();
}
