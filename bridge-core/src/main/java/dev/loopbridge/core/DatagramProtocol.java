package dev.loopbridge.core;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The application side of a UDP endpoint; asyncio's {@code DatagramProtocol}. Every method runs on
 * the loop thread.
 *
 * <pre>{@code
 * loop.createDatagramEndpoint(() -> new DatagramProtocol() {
 *     DatagramTransport t;
 *     public void connectionMade(DatagramTransport transport) { t = transport; }
 *     public void datagramReceived(ByteBuffer data, SocketAddress from) { t.send(data, from); }
 * }, DatagramOptions.bind("127.0.0.1", 9999));
 * }</pre>
 */
public interface DatagramProtocol {

    /**
     * The endpoint is open.
     *
     * @param transport the endpoint's transport
     */
    default void connectionMade(DatagramTransport transport) {
    }

    /**
     * A datagram arrived; the buffer is only valid during this call.
     *
     * @param data the datagram; valid only during the call
     * @param from the sender's address
     */
    void datagramReceived(ByteBuffer data, SocketAddress from);

    /**
     * A send or receive failed (for example ICMP port unreachable on a connected endpoint).
     *
     * @param error what went wrong
     */
    default void errorReceived(Exception error) {
    }

    /**
     * The endpoint is closed; {@code cause} is {@code null} after a regular close.
     *
     * @param cause the error that closed the endpoint, or {@code null} after a plain close
     */
    default void connectionLost(Throwable cause) {
    }

    /** The send buffer went over its high-water mark. */
    default void pauseWriting() {
    }

    /** The send buffer drained to its low-water mark. */
    default void resumeWriting() {
    }
}
