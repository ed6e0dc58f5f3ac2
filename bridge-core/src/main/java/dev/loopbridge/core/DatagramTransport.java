package dev.loopbridge.core;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A UDP endpoint; asyncio's {@code DatagramTransport}. Loop thread only: {@code send},
 * {@code close} and {@code abort} check it and otherwise throw {@link IllegalStateException}
 * naming the loop thread; the getters do not check, and may be stale on another thread.
 *
 * <p>A datagram the socket cannot take at once is queued and sent when it can, in order; the
 * queue drives {@link DatagramProtocol#pauseWriting} like a stream transport's write buffer.
 */
public interface DatagramTransport {

    /**
     * Sends the buffer's remaining bytes as one datagram to {@code target}; the buffer may be reused after.
     *
     * @param data the datagram's bytes; the transport copies what it cannot send at once
     * @param target the peer to send to
     */
    void send(ByteBuffer data, SocketAddress target);

    /**
     * Sends to the remote address the endpoint was created with.
     *
     * @param data the datagram's bytes; the transport copies what it cannot send at once
     * @throws IllegalStateException if the endpoint has no remote address
     */
    void send(ByteBuffer data);

    /** Sends what is queued, then closes. Idempotent. */
    void close();

    /** Closes at once, dropping queued datagrams. Idempotent. */
    void abort();

    /**
     * Returns whether the endpoint is closing or closed.
     *
     * @return {@code true} once the transport is closing or closed
     */
    boolean isClosing();

    /**
     * The number of bytes queued for sending.
     *
     * @return the bytes queued and not yet sent
     */
    long writeBufferSize();

    /**
     * The local address.
     *
     * @return the local address
     */
    SocketAddress localAddress();

    /**
     * The remote address, or {@code null} for an unconnected endpoint.
     *
     * @return the connected peer, or {@code null}
     */
    SocketAddress remoteAddress();
}
