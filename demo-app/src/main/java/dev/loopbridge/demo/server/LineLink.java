package dev.loopbridge.demo.server;

import java.net.SocketAddress;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.Transport;

/**
 * How one client's IRC lines travel, under its {@link ClientConn}: bytes in, lines out. Loop thread
 * only. Two ways, one connection code: {@link TcpLink}, a byte stream cut into lines by CR LF (plain
 * IRC, TLS or not), and {@link WebSocketLink}, one line per WebSocket message (the IRCv3 WebSocket
 * binding); registration, flood control, limits and bad-input isolation are the same for both
 * because they live in {@code ClientConn}, above this.
 */
sealed interface LineLink permits TcpLink, WebSocketLink {

    /** The connection under the link: the TCP (or TLS) stream the lines or messages travel on. */
    StreamConnection connection();

    /** The peer's address (its IP is the host in the client's mask and in the per-host limit). */
    default SocketAddress remoteAddress() {
        return connection().remoteAddress();
    }

    /**
     * The next bytes from the client, each line ended by CR LF or LF (a WebSocket message comes with
     * a CR LF added); empty at the end of the stream; fails if the connection is lost or the client
     * broke the transport's rules (a bad WebSocket frame, a message over the limit).
     */
    LoopFuture<byte[]> read();

    /** Queues one line, encoded with its CR LF; {@link #flush} sends what is queued. */
    void queue(byte[] line);

    /** Sends the queued lines (one write per loop pass on TCP). */
    void flush();

    /** Bytes written and not yet taken by the socket: past the send queue limit the client is dropped. */
    default long sendQueueBytes() {
        Transport transport = connection().writer().transport();
        return transport == null ? 0 : transport.writeBufferSize();
    }

    /** Resets the connection: what is still queued is lost. */
    default void abort() {
        Transport transport = connection().writer().transport();
        if (transport != null) {
            transport.abort();
        }
    }
}
