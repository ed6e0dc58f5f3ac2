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
 * a fast sender. Pings are answered at once, whatever the reader does.
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
     */
    LoopFuture<Message> receive();

    /**
     * Sends a text message. Completes once it is written or buffered below the transport's
     * high-water mark; fails with {@link WebSocketException} if the socket is closing or closed.
     */
    LoopFuture<Void> send(String text);

    /** Sends a binary message, as {@link #send(String)}; the array may be reused once this returns. */
    LoopFuture<Void> send(byte[] data);

    /**
     * Sends a ping with {@code payload} (at most 125 bytes) and completes when its pong arrives (a
     * pong answers its ping and every earlier one).
     */
    LoopFuture<Void> ping(byte[] payload);

    /**
     * Starts the closing handshake with {@code code} (1000-1003, 1007-1011 or 3000-4999) and
     * {@code reason} (at most 123 UTF-8 bytes), and completes with the status the socket ended
     * with: the peer's answer, or 1006 if none came within the close timeout. On a socket that is
     * already closing, it only returns {@link #closed()}.
     *
     * @throws IllegalArgumentException for a code that may not be sent or a reason that is too long
     */
    LoopFuture<CloseStatus> close(int code, String reason);

    /** Completes with the status the socket ended with, however it ended (never fails). */
    LoopFuture<CloseStatus> closed();

    /** The subprotocol agreed in the handshake, {@code ""} when none was. */
    String subprotocol();

    /** The request target with its query: what the client asked for, on either side. */
    String path();

    /** Whether permessage-deflate was agreed. */
    boolean isCompressed();

    /** Closes with 1000 and an empty reason; the same as {@code close(1000, "")}. */
    @Override
    void close();
}
