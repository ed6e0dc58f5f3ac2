package dev.loopbridge.core;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * TLS settings for a connection or a server: which side, which {@link SSLContext} (keys and trust),
 * SNI, ALPN, client authentication and the handshake timeout. Hostname verification is on for
 * clients; turning it off has a name that says what it costs.
 *
 * <pre>{@code
 * ConnectOptions.to("irc.libera.chat", 6697).withTls(TlsOptions.client());          // system trust store
 * ConnectOptions.to("127.0.0.1", 8443).withTls(TlsOptions.client(testContext).withServerName("localhost"));
 * ServerOptions.bind("0.0.0.0", 8443).withTls(TlsOptions.server(serverContext).withAlpn("h2", "http/1.1"));
 * }</pre>
 *
 * <p><b>Threads:</b> an immutable value; make it and pass it around on any thread. Each {@code
 * with...} method returns a new record and leaves this one as it is.
 *
 * @param clientMode whether this side is the client
 * @param context keys and trust managers
 * @param serverName the name sent in SNI and checked against the certificate; {@code null} means
 *     the host the connection was made to (clients only)
 * @param verifyHostname whether the client checks the server certificate's name (HTTPS rules)
 * @param alpn application protocols to offer (client) or accept (server), in preference order
 * @param clientAuth whether a server asks clients for a certificate
 * @param handshakeTimeout how long the handshake may take before the connection fails
 */
public record TlsOptions(
        boolean clientMode,
        SSLContext context,
        String serverName,
        boolean verifyHostname,
        List<String> alpn,
        ClientAuth clientAuth,
        Duration handshakeTimeout) {

    /** Whether a TLS server asks for, or requires, a client certificate. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** A client certificate is asked for; a client without one is still accepted. */
        WANT,
        /** A client certificate is required; the handshake fails without one. */
        NEED
    }

    /** The default handshake timeout: 60 s, as asyncio's. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    /** Validates the settings. */
    public TlsOptions {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        alpn = List.copyOf(alpn);
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout: " + handshakeTimeout + " (expected: > 0)");
        }
    }

    /**
     * A client that trusts the JVM's default trust store and verifies the server's hostname.
     *
     * @return client settings with the system trust store and hostname verification
     */
    public static TlsOptions client() {
        try {
            return client(SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no default SSLContext", e);
        }
    }

    /**
     * A client using {@code context}'s trust (and keys, for client certificates); hostname verification on.
     *
     * @param context the keys and trust managers
     * @return client settings with hostname verification
     */
    public static TlsOptions client(SSLContext context) {
        return new TlsOptions(true, context, null, true, List.of(), ClientAuth.NONE, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * A server presenting {@code context}'s certificate.
     *
     * @param context the server's keys (and trust, for client certificates)
     * @return server settings
     */
    public static TlsOptions server(SSLContext context) {
        return new TlsOptions(false, context, null, false, List.of(), ClientAuth.NONE, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * Returns a copy that sends {@code name} in SNI and verifies the certificate against it.
     *
     * @param name the name for SNI and the certificate check
     * @return a copy with this name
     */
    public TlsOptions withServerName(String name) {
        return new TlsOptions(clientMode, context, Objects.requireNonNull(name, "name"), verifyHostname, alpn,
                clientAuth, handshakeTimeout);
    }

    /**
     * Returns a copy offering (client) or accepting (server) these ALPN protocols, in order.
     *
     * @param protocols the protocols, in preference order
     * @return a copy with these protocols
     */
    public TlsOptions withAlpn(String... protocols) {
        return new TlsOptions(clientMode, context, serverName, verifyHostname, List.of(protocols), clientAuth,
                handshakeTimeout);
    }

    /**
     * Returns a copy of server options that asks for ({@code WANT}) or requires ({@code NEED}) client certificates.
     *
     * @param auth whether a server asks for client certificates
     * @return a copy with this setting
     */
    public TlsOptions withClientAuth(ClientAuth auth) {
        if (clientMode) {
            throw new IllegalStateException("withClientAuth is a server setting; a client presents its"
                    + " certificate through the key managers of its SSLContext");
        }
        return new TlsOptions(clientMode, context, serverName, verifyHostname, alpn, auth, handshakeTimeout);
    }

    /**
     * Returns a copy with the given handshake timeout (must be positive).
     *
     * @param timeout the handshake limit
     * @return a copy with this limit
     */
    public TlsOptions withHandshakeTimeout(Duration timeout) {
        return new TlsOptions(clientMode, context, serverName, verifyHostname, alpn, clientAuth, timeout);
    }

    /**
     * Returns a copy that does NOT check that the server's certificate was issued for the host:
     * any server holding any certificate the trust store accepts can impersonate the one you meant.
     * For tests against self-signed peers; never for production.
     *
     * @return a copy that does not check the server certificate's name
     */
    public TlsOptions insecureSkipHostnameVerification() {
        return new TlsOptions(clientMode, context, serverName, false, alpn, clientAuth, handshakeTimeout);
    }
}
