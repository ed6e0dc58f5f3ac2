package dev.loopbridge.web;

import java.util.Objects;

/**
 * How a WebSocket ended: the close code and reason of RFC 6455 section 7.4. Any thread (a value).
 *
 * <p>Codes the library itself reports: {@link #NORMAL} (1000) and {@link #GOING_AWAY} (1001) are
 * normal ends, after which {@link WebSocket#receive()} gives {@code null}; {@link #NO_STATUS}
 * (1005) when the peer's close frame carried no code; {@link #ABNORMAL} (1006) when the
 * connection was lost without a closing handshake (the peer vanished, or did not answer in
 * time); {@link #PROTOCOL_ERROR} (1002), {@link #INVALID_DATA} (1007), {@link #TOO_BIG} (1009)
 * when the peer broke the protocol; {@link #INTERNAL_ERROR} (1011) when a server handler failed.
 *
 * @param code the close code
 * @param reason the reason, possibly empty, never {@code null}
 */
public record CloseStatus(int code, String reason) {

    /** 1000: the purpose of the connection was fulfilled. */
    public static final int NORMAL = 1000;
    /** 1001: an endpoint is going away (a server shutting down, a page navigated away). */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a kind of data the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: the close frame had no status code (never sent). */
    public static final int NO_STATUS = 1005;
    /** 1006: the connection ended without a closing handshake (never sent). */
    public static final int ABNORMAL = 1006;
    /** 1007: a text message was not valid UTF-8. */
    public static final int INVALID_DATA = 1007;
    /** 1008: a message violated the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message was larger than the endpoint accepts. */
    public static final int TOO_BIG = 1009;
    /** 1010: the server did not negotiate an extension the client requires. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the server hit an unexpected condition (a handler failed). */
    public static final int INTERNAL_ERROR = 1011;

    /** Validates the reason. */
    public CloseStatus {
        Objects.requireNonNull(reason, "reason");
    }

    /** Returns whether this is a normal end: 1000 or 1001. */
    public boolean isNormal() {
        return code == NORMAL || code == GOING_AWAY;
    }

    /**
     * Returns whether {@code code} may be sent in a close frame: 1000-1003, 1007-1011 and
     * 3000-4999 (RFC 6455 section 7.4; 1004-1006 and 1015 are reserved, the rest unassigned).
     */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? String.valueOf(code) : code + " (" + reason + ")";
    }
}
