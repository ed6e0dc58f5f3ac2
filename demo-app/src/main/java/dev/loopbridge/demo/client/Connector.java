package dev.loopbridge.demo.client;

import java.security.cert.CertificateException;
import java.time.Duration;

import javax.net.ssl.SSLPeerUnverifiedException;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.demo.internal.Backoff;

/**
 * A {@link ChatClient}'s connection attempts: loop thread only. Dials, hands a new connection to
 * a {@link Session}, and after a failure or a loss waits a {@link Backoff} delay and dials again,
 * until {@link #shutdown()}.
 *
 * <p>At most one of these is non-null at a time: {@code dialing} (CONNECTING),
 * {@code session} (REGISTERING, CONNECTED), {@code reconnectTimer} (WAITING).
 */
final class Connector {

    private final ChatClient client;
    private final EventLoop loop;
    private final Dialer dialer;
    private final Backoff backoff;
    // Guarded by: the loop thread. See the class doc.
    private LoopFuture<StreamConnection> dialing;
    private Session session;
    private TimerHandle reconnectTimer;

    Connector(ChatClient client, Dialer dialer, Backoff backoff) {
        this.client = client;
        this.loop = client.loop();
        this.dialer = dialer;
        this.backoff = backoff;
    }

    void connect() {
        client.setState(ConnectionState.CONNECTING);
        ChatConfig config = client.config();
        ConnectOptions options = ConnectOptions.to(config.host(), config.port())
                .withConnectTimeout(config.connectTimeout());
        if (config.tls() != null) {
            options = options.withTls(config.tls());
        }
        LoopFuture<StreamConnection> attempt = dialer.dial(options);
        dialing = attempt;
        attempt.whenComplete((connection, failure) -> {
            if (dialing != attempt) {
                if (connection != null) {
                    connection.close();
                }
                return;
            }
            dialing = null;
            if (failure != null) {
                String why = "cannot connect to " + config.host() + ":" + config.port() + ": " + ChatClient.describe(failure);
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
            Session started = new Session(client, connection);
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
            LoopFuture<StreamConnection> attempt = dialing;
            dialing = null;
            attempt.cancel(false);
        }
        client.outbox.dropQueued();
        return session;
    }
}
