package dev.loopbridge.core;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

import javax.net.ssl.SSLSession;

/**
 * One stream connection (TCP or Unix domain socket, with or without TLS), as the
 * {@link Protocol} sees it. asyncio's {@code Transport}. Loop thread only. The methods that act —
 * {@link #write}, {@link #writeEof}, {@link #close}, {@link #abort}, {@link #pauseReading},
 * {@link #resumeReading}, {@link #setWriteBufferLimits}, {@link #setProtocol} — check it and
 * otherwise throw {@link IllegalStateException} naming the loop thread. The getters
 * ({@link #canWriteEof}, {@link #isClosing}, {@link #isReading}, {@link #writeBufferSize}, the
 * addresses, {@link #tlsSession}, {@link #applicationProtocol}, {@link #protocol}) do not check:
 * they read state that only the loop thread changes, so on another thread their answer may be
 * stale. Read them on the loop thread.
 *
 * <h2>Writing and flow control</h2>
 * {@link #write} sends at once what the socket accepts and buffers the rest; it never blocks and
 * never fails for a full socket. When the buffered bytes pass the high-water mark the protocol's
 * {@link Protocol#pauseWriting} is called, and {@link Protocol#resumeWriting} once they drain to
 * the low-water mark (see {@link #setWriteBufferLimits}). A protocol that keeps writing while
 * paused grows the buffer; one that honours the pause keeps memory bounded however slow the peer.
 *
 * <h2>Closing</h2>
 * {@link #close} flushes what is buffered, then closes; {@link #abort} drops the buffer and resets
 * the connection. Either way the protocol's {@link Protocol#connectionLost} follows, once.
 */
public interface Transport {

    /**
     * Writes the bytes between the buffer's position and limit. The caller may reuse the buffer as
     * soon as this returns. Writing after {@link #close} or {@link #writeEof} is ignored.
     *
     * @param data the bytes from its position to its limit; the buffer may be reused once this returns
     */
    void write(ByteBuffer data);

    /**
     * Writes the whole array; the caller may reuse it as soon as this returns.
     *
     * @param data the bytes; the array may be reused once this returns
     */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** Closes the sending side once the buffer is flushed (a FIN); reading goes on. */
    void writeEof();

    /**
     * Returns whether {@link #writeEof} is supported (not over TLS 1.2 and earlier).
     *
     * @return {@code true} if the transport can half-close
     */
    boolean canWriteEof();

    /** Flushes the write buffer, then closes the connection. Idempotent. */
    void close();

    /** Closes at once, dropping buffered data and resetting the connection (RST). Idempotent. */
    void abort();

    /**
     * Returns whether {@link #close} or {@link #abort} was called, or the connection was lost.
     *
     * @return {@code true} once the transport is closing or closed
     */
    boolean isClosing();

    /** Stops calling {@link Protocol#dataReceived} until {@link #resumeReading}. */
    void pauseReading();

    /** Resumes reading after {@link #pauseReading}. */
    void resumeReading();

    /**
     * Returns whether the transport is reading (not paused, not closed).
     *
     * @return {@code true} unless reading is paused
     */
    boolean isReading();

    /**
     * Sets the write buffer's high- and low-water marks in bytes (defaults: 64 KiB and 16 KiB).
     *
     * @param high the buffer size past which the protocol is paused
     * @param low the size below which it is resumed
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    void setWriteBufferLimits(int high, int low);

    /**
     * The number of bytes written but not yet accepted by the socket.
     *
     * @return the bytes buffered and not yet written
     */
    long writeBufferSize();

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
     * The TLS session, once the handshake is done; empty for a plain transport.
     *
     * @return the TLS session, or empty for a plain connection
     */
    Optional<SSLSession> tlsSession();

    /**
     * The application protocol agreed through TLS ALPN, if any.
     *
     * @return the protocol agreed through ALPN, or empty
     */
    default Optional<String> applicationProtocol() {
        return Optional.empty();
    }

    /**
     * The protocol that receives this transport's events.
     *
     * @return the protocol receiving the data
     */
    Protocol protocol();

    /**
     * Replaces the protocol: later events go to {@code protocol}.
     *
     * @param protocol the protocol to receive the data from now on
     */
    void setProtocol(Protocol protocol);
}
