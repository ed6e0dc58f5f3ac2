package dev.loopbridge.core;

import java.nio.ByteBuffer;

/**
 * The application side of a stream connection: the {@link Transport} calls it when something
 * happens. asyncio's {@code Protocol}; every method runs on the loop thread.
 *
 * <p>Lifecycle: {@link #connectionMade} once, then {@link #dataReceived} any number of times, then
 * at most one {@link #eofReceived}, then {@link #connectionLost} exactly once.
 * {@link #pauseWriting} and {@link #resumeWriting} may come in between, in pairs.
 *
 * <pre>{@code
 * final class Echo implements Protocol {
 *     private Transport transport;
 *     public void connectionMade(Transport t) { transport = t; }
 *     public void dataReceived(ByteBuffer data) { transport.write(data); }
 * }
 * loop.createServer(Echo::new, ServerOptions.bind("127.0.0.1", 7000));
 * }</pre>
 */
public interface Protocol {

    /**
     * The connection is established (after the TLS handshake, for a TLS transport).
     *
     * @param transport the connection's transport
     */
    default void connectionMade(Transport transport) {
    }

    /**
     * Bytes arrived. The buffer (position to limit) is only valid during this call: consume or
     * copy what you need before returning; the transport reuses it.
     *
     * @param data the bytes received; valid only during the call (copy what you keep)
     */
    void dataReceived(ByteBuffer data);

    /**
     * The peer closed its sending side (a FIN, or a TLS close_notify). Return {@code true} to keep
     * the connection open for writing (a half-close), {@code false} to let the transport close it.
     *
     * @return {@code true} to keep the write side open (half-close), {@code false} to close the transport
     */
    default boolean eofReceived() {
        return false;
    }

    /**
     * The connection is closed. {@code cause} is {@code null} after a regular close or EOF, or the
     * error that ended it (a reset, a TLS failure, a write error).
     *
     * @param cause the error that ended the connection, or {@code null} after a clean close
     */
    default void connectionLost(Throwable cause) {
    }

    /** The transport's write buffer went over its high-water mark: stop writing for now. */
    default void pauseWriting() {
    }

    /** The transport's write buffer drained to its low-water mark: writing may go on. */
    default void resumeWriting() {
    }
}
