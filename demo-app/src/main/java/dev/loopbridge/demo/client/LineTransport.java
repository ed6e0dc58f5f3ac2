package dev.loopbridge.demo.client;

/**
 * What carries a {@link Session}'s IRC lines, whatever is underneath: loop thread only. Lines go
 * in and out without their line ending; {@link StreamLines} frames them on a TCP or TLS stream
 * (CR LF), {@link WebSocketLines} sends and receives one line per WebSocket message (the IRCv3
 * WebSocket binding). The session above knows nothing of the difference.
 *
 * <p>States: NEW -> READING ({@link #start}) -> ENDED (the peer closed or the connection failed:
 * {@link Receiver#ended} called once) or ABORTED ({@link #abort}); after either, nothing more
 * reaches the receiver and {@link #send} does nothing.
 */
interface LineTransport {

    /** Where a transport delivers what it reads: loop thread only. */
    interface Receiver {
        /** Something arrived from the server (a whole line or a piece of one): it is alive. */
        void heard();

        /** One line, without its line ending. */
        void line(String line);

        /** The connection ended (closed by the server, or failed): said once, why, for the user. */
        void ended(String reason);
    }

    /** Starts reading; every line and the end go to {@code receiver}. Called once. */
    void start(Receiver receiver);

    /** Sends one line ({@code line} has no line ending; the transport frames it). */
    void send(String line);

    /** Drops the connection now; the receiver hears nothing more. Idempotent. */
    void abort();
}
