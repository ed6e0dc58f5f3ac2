package dev.loopbridge.demo.client;

/**
 * Where a {@link ChatClient} is in its connection's life. Transitions (each reported once, on
 * the loop thread, through {@link ChatListener#stateChanged}):
 *
 * <pre>
 *   DISCONNECTED --start()--> CONNECTING --socket up--> REGISTERING --001--> CONNECTED
 *        CONNECTING / REGISTERING / CONNECTED --lost, failed, ping timeout--> WAITING
 *        WAITING --backoff timer--> CONNECTING
 *        any --quit() / close()--> CLOSED (final)
 * </pre>
 */
public enum ConnectionState {
    /** Created, {@link ChatClient#start()} not called yet. */
    DISCONNECTED,
    /** Opening the TCP (and TLS) connection. */
    CONNECTING,
    /** Connected; NICK / USER sent, waiting for the welcome (001). */
    REGISTERING,
    /** Registered: lines typed now are sent (subject to the rate limit). */
    CONNECTED,
    /** The connection is gone; a reconnect is scheduled after a backoff delay. */
    WAITING,
    /** Quit or closed by the application; never reconnects. */
    CLOSED;

    /** Whether the client is registered with the server. */
    public boolean isOnline() {
        return this == CONNECTED;
    }
}
