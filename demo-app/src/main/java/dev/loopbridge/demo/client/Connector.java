package dev.loopbridge.demo.client;

import java.net.URI;
import java.security.cert.CertificateException;
import java.time.Duration;

import javax.net.ssl.SSLPeerUnverifiedException;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.demo.internal.Backoff;
import dev.loopbridge.demo.irc.IrcText;
import dev.loopbridge.web.WebSocketOptions;

/**
 * A {@link ChatClient}'s connection attempts: loop thread only. Dials — TCP or TLS through the
 * {@link Dialer}, a WebSocket through the {@link WebSocketDialer} when the configuration names a
 * {@code ws://} or {@code wss://} server — hands the new connection's {@link LineTransport} to a
 * {@link Session}, and after a failure or a loss waits a {@link Backoff} delay and dials again,
 * until {@link #shutdown()}. Both kinds go through the same states, backoff and outbox.
 *
 * <p>At most one of these is non-null at a time: {@code dialing} (CONNECTING),
 * {@code session} (REGISTERING, CONNECTED), {@code reconnectTimer} (WAITING).
 */
final class Connector {

    private final ChatClient client;
    private final EventLoop loop;
    private final Dialer dialer;
    private final WebSocketDialer webSocketDialer;
    private final Backoff backoff;
    // Guarded by: the loop thread. See the class doc. The dialer's own future (cancelled on shutdown).
    private LoopFuture<?> dialing;
    private Session session;
    private TimerHandle reconnectTimer;

    Connector(ChatClient client, Dialer dialer, WebSocketDialer webSocketDialer, Backoff backoff) {
        this.client = client;
        this.loop = client.loop();
        this.dialer = dialer;
        this.webSocketDialer = webSocketDialer;
        this.backoff = backoff;
    }

    /**
     * The WebSocket options of {@code config}: the IRCv3 subprotocols offered, the connect timeout
     * as the handshake's limit, its TLS settings for {@code wss://}, and a message limit well over
     * the longest legal line (tags included) so that a long line is the session's business, not a
     * reason to drop the connection; and the {@code Origin} header if the config names one.
     */
    static WebSocketOptions webSocketOptions(ChatConfig config) {
        WebSocketOptions options = WebSocketOptions.defaults()
                .withSubprotocols(WebSocketLines.OFFERED.toArray(String[]::new))
                .withHandshakeTimeout(config.connectTimeout())
                .withMaxMessageSize(4 * (IrcText.MAX_LINE_BYTES + IrcText.MAX_TAG_BYTES));
        if (config.webSocketOrigin() != null) {
            options = options.withHeader("Origin", config.webSocketOrigin());
        }
        return config.tls() != null ? options.withTls(config.tls()) : options;
    }

    void connect() {
        client.setState(ConnectionState.CONNECTING);
        ChatConfig config = client.config();
        String where = config.server().toString();
        URI webSocket = config.webSocketUri();
        if (webSocket != null) {
            var attempt = webSocketDialer.dial(webSocket, webSocketOptions(config));
            dialing = attempt;
            attempt.whenComplete((socket, failure) -> dialed(attempt,
                    socket == null ? null : new WebSocketLines(socket), failure, where));
        } else {
            ConnectOptions options = ConnectOptions.to(config.host(), config.port())
                    .withConnectTimeout(config.connectTimeout());
            if (config.tls() != null) {
                options = options.withTls(config.tls());
            }
            var attempt = dialer.dial(options);
            dialing = attempt;
            attempt.whenComplete((connection, failure) -> dialed(attempt,
                    connection == null ? null : new StreamLines(connection), failure, where));
        }
    }

    private void dialed(LoopFuture<?> attempt, LineTransport transport, Throwable failure, String where) {
        if (dialing != attempt) {
            if (transport != null) {
                transport.abort();
            }
            return;
        }
        dialing = null;
        if (failure != null) {
            String why = "cannot connect to " + where + ": " + ChatClient.describe(failure);
            if (isVerificationFailure(failure)) {
                // Waiting does not make a certificate trusted or its name match: asking again
                // forever would only hide the error. The user must fix the trust or the address.
                client.error(ChatEntry.SERVER, "Not connecting again (" + why + "): the server's TLS certificate"
                        + " could not be verified (expected: a certificate the trust store accepts, for the host"
                        + " name connected to)");
                client.close();
                return;
            }
            scheduleReconnect(why);
            return;
        }
        if (transport instanceof WebSocketLines ws) {
            String agreed = ws.subprotocol();
            client.info(ChatEntry.SERVER, "WebSocket open to " + where + " (subprotocol "
                    + (agreed.isEmpty() ? "none agreed: text messages" : agreed) + ")");
        }
        Session started = new Session(client, transport);
        session = started;
        client.setState(ConnectionState.REGISTERING);
        // The session writes its first lines in a callback of its own, not inside the connect
        // future's completion (which corrupted TLS streams before bridge-core's fix of the
        // TLS layer's re-entrant writes); the hop costs nothing and keeps the order simple.
        loop.callSoon(() -> {
            if (session == started) {
                started.start();
            }
        });
    }

    /**
     * Whether {@code failure} is a TLS verification failure (an untrusted or expired certificate, a
     * host name it does not name): a {@link CertificateException} or {@link SSLPeerUnverifiedException}
     * anywhere in its causes. A handshake cut by the network is not one: that is retried.
     */
    static boolean isVerificationFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateException || t instanceof SSLPeerUnverifiedException) {
                return true;
            }
        }
        return false;
    }

    /** Registration succeeded: the next loss starts the backoff over. */
    void registered() {
        backoff.reset();
    }

    /** Forgets {@code lost} if it is the current session; false if it is a stale one. */
    boolean forget(Session lost) {
        if (lost != session) {
            return false;
        }
        session = null;
        return true;
    }

    void scheduleReconnect(String reason) {
        Duration delay = backoff.next();
        client.error(ChatEntry.SERVER, "Disconnected (" + reason + "); reconnecting in "
                + Math.max(1, delay.toMillis()) + " ms");
        client.setState(ConnectionState.WAITING);
        reconnectTimer = loop.callLater(delay, () -> {
            reconnectTimer = null;
            if (client.currentState() == ConnectionState.WAITING) {
                connect();
            }
        });
    }

    /**
     * Stops for good: the state becomes CLOSED, a pending attempt or reconnect is cancelled, queued
     * lines are dropped. Returns the current session (the caller quits or aborts it), or null.
     */
    Session shutdown() {
        client.setState(ConnectionState.CLOSED);
        if (reconnectTimer != null) {
            reconnectTimer.cancel();
            reconnectTimer = null;
        }
        if (dialing != null) {
            LoopFuture<?> attempt = dialing;
            dialing = null;
            attempt.cancel(false);
        }
        client.outbox.dropQueued();
        return session;
    }
}
