package dev.loopbridge.web;

import dev.loopbridge.core.LoopFuture;

/**
 * One open WebSocket, client or server side, running on its loop's streams. Loop thread only:
 * every method must be called on the thread of the loop it belongs to (else
 * {@link IllegalStateException} naming that thread), and every future it returns completes there,
 * so a JavaFX or Swing loop's messages arrive on the FX thread or the EDT with no hop. The
 * counterpart of Python's {@code websockets} connection object.
 *
 * <p>Flow control runs end to end. Messages are read as {@link #receive()} asks for them: a
 * consumer that stops calling it stops the socket being read once a small queue is full, and the
 * peer's TCP window closes. {@link #send} completes once the frame is written or buffered below the
 * transport's high-water mark, and waits while the buffer is above it, so awaiting each send paces
 * a fast sender. Pings are answered at once, whatever the reader does. Small messages sent in one
 * go of the loop thread — by one callback, or in reply to the messages of one read — leave in one
 * write to the socket, at its end, in the order they were sent; a close frame follows every
 * message sent before it.
 *
 * <pre>{@code
 * WebSockets.connect(loop, URI.create("wss://example.org/feed")).thenCompose(ws ->
 *     ws.send("subscribe prices").thenCompose(sent -> ws.receive())
 * ).thenAccept(message -> label.setText(((Message.Text) message).text()));
 * }</pre>
 *
 * <p>Ending: {@link #close(int, String)} starts the closing handshake and completes with the peer's
 * answer; a close from the peer is answered at once. {@link #closed()} completes however it ended:
 * with the peer's status, with the code this side failed the connection with (1002, 1007, 1009
 * when the peer broke the protocol), or with 1006 when the connection was lost without a
 * handshake or the peer did not answer within the close timeout.
 */
public interface WebSocket extends AutoCloseable {

    /**
     * The next whole message. After the socket closed normally (1000 or 1001, from either side)
     * and every queued message was received, {@code null}; after any other end, a
     * {@link WebSocketException} carrying the {@link CloseStatus}. Several receives may wait at
     * once; they are served in order. Cancelling a waiting receive leaves its message for the next.
     *
     * @return a future of the next message, or of {@code null} after a normal close
     */
    LoopFuture<Message> receive();

    /**
     * Sends a text message. Completes once it is written or buffered below the transport's
     * high-water mark; fails with {@link WebSocketException} if the socket is closing or closed.
     *
     * @param text the message to send
     * @return a future that completes when the message is written or buffered
     */
    LoopFuture<Void> send(String text);

    /**
     * Sends a binary message, as {@link #send(String)}; the array may be reused once this returns.
     *
     * @param data the message to send
     * @return a future that completes when the message is written or buffered
     */
    LoopFuture<Void> send(byte[] data);

    /**
     * Sends a ping with {@code payload} (at most 125 bytes) and completes when its pong arrives (a
     * pong answers its ping and every earlier one).
     *
     * @param payload the ping's application data, at most 125 bytes
     * @return a future that completes when the matching pong arrives
     */
    LoopFuture<Void> ping(byte[] payload);

    /**
     * Starts the closing handshake with {@code code} (1000-1003, 1007-1011 or 3000-4999) and
     * {@code reason} (at most 123 UTF-8 bytes), and completes with the status the socket ended
     * with: the peer's answer, or 1006 if none came within the close timeout. On a socket that is
     * already closing, it only returns {@link #closed()}.
     *
     * @param code the close code to send
     * @param reason the close reason to send, possibly empty
     * @return a future of the status the socket ended with
     * @throws IllegalArgumentException for a code that may not be sent or a reason that is too long
     */
    LoopFuture<CloseStatus> close(int code, String reason);

    /**
     * Completes with the status the socket ended with, however it ended (never fails).
     *
     * @return a future of the final close status
     */
    LoopFuture<CloseStatus> closed();

    /**
     * The subprotocol agreed in the handshake.
     *
     * @return the agreed subprotocol, {@code ""} when none was
     */
    String subprotocol();

    /**
     * The request target with its query: what the client asked for, on either side.
     *
     * @return the path and query of the handshake request
     */
    String path();

    /**
     * Whether permessage-deflate was agreed.
     *
     * @return {@code true} if messages are compressed on the wire
     */
    boolean isCompressed();

    /** Closes with 1000 and an empty reason; the same as {@code close(1000, "")}. */
    @Override
    void close();
}
