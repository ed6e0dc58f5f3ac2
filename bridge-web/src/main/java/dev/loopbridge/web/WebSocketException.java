package dev.loopbridge.web;

import java.io.IOException;

/**
 * A WebSocket that ended other than normally, or a handshake that was refused: what
 * {@link WebSocket#receive()} fails with after a close that is not 1000/1001, and what
 * {@link WebSockets#connect} fails with when the server does not upgrade. Any thread (a value).
 */
public class WebSocketException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The status the socket ended with; {@code null} for a refused handshake. */
    private final transient CloseStatus status;

    /** An exception for a socket that ended with {@code status}. */
    public WebSocketException(String message, CloseStatus status) {
        super(message);
        this.status = status;
    }

    /** An exception for a handshake that was refused, with no close status and no cause. */
    public WebSocketException(String message) {
        super(message);
        this.status = null;
    }

    /** An exception for a handshake that failed, with no close status. */
    public WebSocketException(String message, Throwable cause) {
        super(message, cause);
        this.status = null;
    }

    /** The status the socket ended with, or {@code null} if it never opened (a refused handshake). */
    public CloseStatus closeStatus() {
        return status;
    }
}
