package dev.loopbridge.web.internal;

import java.net.SocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.web.CloseStatus;

/**
 * The {@link Server} of {@code WebSockets.serve}: the loop's listener, plus the WebSockets open on
 * it, which {@link #close()} ends with 1001 (going away) rather than leaving them to run on or to
 * see their connection vanish (1006). Loop thread only, like every {@code Server}: each method that
 * changes something delegates first to the listener, which checks the thread.
 */
final class WebSocketServer implements Server {

    /** The reason sent with the 1001. */
    static final String GOING_AWAY_REASON = "the server is closing";

    /** Set once, on the loop thread, before any connection can be accepted. */
    private Server listener;

    /** Sessions upgraded and not yet closed; a session leaves when its {@code closed()} completes. */
    private final Set<WebSocketSession> open = new LinkedHashSet<>();

    /** Set by {@link #close()}: a session upgraded afterwards (its request was on its way) is closed at once. */
    private boolean closing;

    /** Called once, when the listener is up. Loop thread. */
    void listenWith(Server listener) {
        this.listener = listener;
    }

    /** Counts a session the handshake just opened; closes it with 1001 if the server is closing. Loop thread. */
    void opened(WebSocketSession session) {
        if (closing) {
            session.close(CloseStatus.GOING_AWAY, GOING_AWAY_REASON);
            return;
        }
        open.add(session);
        session.closed().whenComplete((status, error) -> open.remove(session));
    }

    @Override
    public List<SocketAddress> addresses() {
        return listener.addresses();
    }

    @Override
    public int connectionCount() {
        return listener.connectionCount();
    }

    @Override
    public boolean isServing() {
        return listener.isServing();
    }

    /**
     * Stops accepting, then starts the closing handshake with 1001 on every open WebSocket; each
     * connection closes when its peer answers, or after the close timeout of the options. Plain
     * HTTP exchanges in progress finish as usual. Idempotent.
     */
    @Override
    public void close() {
        listener.close();
        if (closing) {
            return;
        }
        closing = true;
        for (WebSocketSession s : List.copyOf(open)) {
            s.close(CloseStatus.GOING_AWAY, GOING_AWAY_REASON);
        }
    }

    @Override
    public void closeConnections() {
        for (WebSocketSession s : open) {
            s.flush();  // what the sessions sent and still gather goes out before the connections close
        }
        listener.closeConnections();
    }

    @Override
    public void abortConnections() {
        listener.abortConnections();
    }

    @Override
    public LoopFuture<Void> closed() {
        return listener.closed();
    }

    @Override
    public String toString() {
        return "WebSocket server on " + listener + " (" + open.size() + " WebSockets open)";
    }
}
