package dev.loopbridge.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.loopbridge.core.TlsOptions;

/**
 * How a WebSocket client connects or a server serves: subprotocols, compression, limits, TLS,
 * timeouts, keep-alive, and (server) the origins it accepts and the static files it serves.
 * Any thread (a value). Start from {@link #defaults()} and add what you need:
 *
 * <pre>{@code
 * WebSocketOptions.defaults()
 *         .withSubprotocols("chat.v2")
 *         .withMaxMessageSize(16 << 20)
 *         .withKeepAlive(Duration.ofSeconds(20), Duration.ofSeconds(10));
 * }</pre>
 *
 * @param subprotocols the subprotocols offered (client, in order of preference) or accepted
 *     (server, in order of preference); empty for none
 * @param compression whether permessage-deflate is offered (client) or accepted (server)
 * @param compressionThreshold messages smaller than this many bytes are sent uncompressed
 * @param maxMessageSize the largest message accepted, counted after inflation; a message of
 *     exactly this size is allowed, a larger one closes the socket with 1009
 * @param tls the client's TLS settings for {@code wss://} ({@code null}: {@link TlsOptions#client()},
 *     the system trust store with hostname verification); servers take theirs from {@code ServerOptions}
 * @param headers extra request headers the client sends (say, {@code Authorization})
 * @param handshakeTimeout the limit on connecting plus the opening handshake
 * @param closeTimeout how long the closing handshake may take before the connection is dropped
 * @param pingInterval with keep-alive, how often a ping is sent; {@code null} for no keep-alive
 * @param pingTimeout with keep-alive, how long a pong may take before the peer counts as dead
 *     (the socket then ends with 1006)
 * @param allowedOrigins (server) the {@code Origin} values accepted, empty for any; a request from
 *     another origin is refused with 403, one without {@code Origin} (not from a browser) accepted
 * @param staticDirectory (server) a directory whose files plain GET requests are answered from, or {@code null}
 * @param staticResources (server) a class path folder (say {@code "web"}) plain GET requests are
 *     answered from, or {@code null}; looked up with this class's class loader unless
 *     {@code staticLoader} is given
 * @param staticLoader the class loader for {@code staticResources}, or {@code null}
 * @param clientSubprotocolOrder (server) whether the subprotocol agreed is the client's first
 *     choice among those the server accepts, rather than the server's first choice among those the
 *     client offers; {@code false} by default
 */
public record WebSocketOptions(
        List<String> subprotocols,
        boolean compression,
        int compressionThreshold,
        int maxMessageSize,
        TlsOptions tls,
        Map<String, String> headers,
        Duration handshakeTimeout,
        Duration closeTimeout,
        Duration pingInterval,
        Duration pingTimeout,
        List<String> allowedOrigins,
        Path staticDirectory,
        String staticResources,
        ClassLoader staticLoader,
        boolean clientSubprotocolOrder) {

    /** The default message limit: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

    /** Validates the settings. */
    public WebSocketOptions {
        subprotocols = List.copyOf(subprotocols);
        for (String p : subprotocols) {
            if (p.isEmpty() || !isToken(p)) {
                throw new IllegalArgumentException("subprotocol: \"" + p + "\" (expected: an HTTP token, such as chat.v2)");
            }
        }
        headers = Map.copyOf(headers);
        allowedOrigins = List.copyOf(allowedOrigins);
        if (compressionThreshold < 0) {
            throw new IllegalArgumentException("compressionThreshold: " + compressionThreshold + " (expected: >= 0)");
        }
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize: " + maxMessageSize + " (expected: > 0)");
        }
        requirePositive("handshakeTimeout", handshakeTimeout);
        requirePositive("closeTimeout", closeTimeout);
        requirePositive("pingTimeout", pingTimeout);
        if (pingInterval != null) {
            requirePositive("pingInterval", pingInterval);
        }
        if (tls != null && !tls.clientMode()) {
            throw new IllegalArgumentException("a WebSocket client needs client TLS options (TlsOptions.client...), not "
                    + "server ones; a server takes its TLS from ServerOptions.withTls");
        }
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
    }

    static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * No subprotocol, compression offered and accepted (messages under 128 bytes sent as they
     * are), a 1 MiB message limit, TLS verification on, 10 s for the opening handshake, 5 s for
     * the closing one, no keep-alive, any origin, no static files.
     *
     * @return the default options
     */
    public static WebSocketOptions defaults() {
        return new WebSocketOptions(List.of(), true, 128, DEFAULT_MAX_MESSAGE_SIZE, null, Map.of(),
                Duration.ofSeconds(10), Duration.ofSeconds(5), null, Duration.ofSeconds(20), List.of(),
                null, null, null, false);
    }

    /**
     * Offers (client) or accepts (server) these subprotocols, in order of preference.
     *
     * @param names the subprotocol names, each an HTTP token such as {@code chat.v2}; none for no subprotocol
     * @return a copy of these options with that change
     */
    public WebSocketOptions withSubprotocols(String... names) {
        return new WebSocketOptions(List.of(names), compression, compressionThreshold, maxMessageSize, tls, headers,
                handshakeTimeout, closeTimeout, pingInterval, pingTimeout, allowedOrigins, staticDirectory,
                staticResources, staticLoader, clientSubprotocolOrder);
    }

    /**
     * (Server) agrees on the client's first choice among the subprotocols the server accepts, as
     * some protocols require (the IRCv3 WebSocket binding: "respecting the client's order of
     * preference"), rather than on the server's first choice among those the client offers.
     *
     * @param on whether the client's order of preference decides
     * @return a copy of these options with that change
     */
    public WebSocketOptions withClientSubprotocolOrder(boolean on) {
        return new WebSocketOptions(subprotocols, compression, compressionThreshold, maxMessageSize, tls, headers,
                handshakeTimeout, closeTimeout, pingInterval, pingTimeout, allowedOrigins, staticDirectory,
                staticResources, staticLoader, on);
    }

    /**
     * Offers (client) or accepts (server) permessage-deflate, RFC 7692.
     *
     * @param on whether compression is offered or accepted
     * @return a copy of these options with that change
     */
    public WebSocketOptions withCompression(boolean on) {
        return new WebSocketOptions(subprotocols, on, compressionThreshold, maxMessageSize, tls, headers,
                handshakeTimeout, closeTimeout, pingInterval, pingTimeout, allowedOrigins, staticDirectory,
                staticResources, staticLoader, clientSubprotocolOrder);
    }

    /**
     * Sends messages smaller than {@code bytes} uncompressed even when compression was agreed.
     *
     * @param bytes the smallest message size that is compressed, {@code >= 0}
     * @return a copy of these options with that change
     */
    public WebSocketOptions withCompressionThreshold(int bytes) {
        return new WebSocketOptions(subprotocols, compression, bytes, maxMessageSize, tls, headers,
                handshakeTimeout, closeTimeout, pingInterval, pingTimeout, allowedOrigins, staticDirectory,
                staticResources, staticLoader, clientSubprotocolOrder);
    }

    /**
     * Accepts messages up to {@code bytes} (after inflation); a larger one closes with 1009.
     *
     * @param bytes the largest message size accepted, {@code > 0}
     * @return a copy of these options with that change
     */
    public WebSocketOptions withMaxMessageSize(int bytes) {
        return new WebSocketOptions(subprotocols, compression, compressionThreshold, bytes, tls, headers,
                handshakeTimeout, closeTimeout, pingInterval, pingTimeout, allowedOrigins, staticDirectory,
                staticResources, staticLoader, clientSubprotocolOrder);
    }

    /**
     * Connects {@code wss://} URIs with these TLS settings.
     *
     * @param options client TLS settings, such as {@link TlsOptions#client()}
     * @return a copy of these options with that change
     */
    public WebSocketOptions withTls(TlsOptions options) {
        return new WebSocketOptions(subprotocols, compression, compressionThreshold, maxMessageSize,
                Objects.requireNonNull(options, "options"), headers, handshakeTimeout, closeTimeout, pingInterval,
                pingTimeout, allowedOrigins, staticDirectory, staticResources, staticLoader, clientSubprotocolOrder);
    }

    /**
     * Adds a request header the client sends with its handshake.
     *
     * @param name the header name, an HTTP token
     * @param value the header value, on one line
     * @return a copy of these options with that change
     */
    public WebSocketOptions withHeader(String name, String value) {
        if (!isToken(name) || name.isEmpty()) {
            throw new IllegalArgumentException("header name: \"" + name + "\" (expected: an HTTP token)");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header " + name + ": the value holds a line break (expected: one line)");
        }
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new WebSocketOptions(subprotocols, compression, compressionThreshold, maxMessageSize, tls, more,
                handshakeTimeout, closeTimeout, pingInterval, pingTimeout, allowedOrigins, staticDirectory,
                staticResources, staticLoader, clientSubprotocolOrder);
    }

    /**
     * Bounds connecting plus the opening handshake.
     *
     * @param timeout the time allowed, positive
     * @return a copy of these options with that change
     */
    public WebSocketOptions withHandshakeTimeout(Duration timeout) {
        return new WebSocketOptions(subprotocols, compression, compressionThreshold, maxMessageSize, tls, headers,
                timeout, closeTimeout, pingInterval, pingTimeout, allowedOrigins, staticDirectory, staticResources,
                staticLoader, clientSubprotocolOrder);
    }

    /**
     * Bounds the closing handshake.
     *
     * @param timeout the time allowed before the connection is dropped, positive
     * @return a copy of these options with that change
     */
    public WebSocketOptions withCloseTimeout(Duration timeout) {
        return new WebSocketOptions(subprotocols, compression, compressionThreshold, maxMessageSize, tls, headers,
                handshakeTimeout, timeout, pingInterval, pingTimeout, allowedOrigins, staticDirectory, staticResources,
                staticLoader, clientSubprotocolOrder);
    }

    /**
     * Pings every {@code interval}; a pong later than {@code timeout} ends the socket with 1006.
     *
     * @param interval the time between pings, positive
     * @param timeout how long a pong may take, positive
     * @return a copy of these options with that change
     */
    public WebSocketOptions withKeepAlive(Duration interval, Duration timeout) {
        return new WebSocketOptions(subprotocols, compression, compressionThreshold, maxMessageSize, tls, headers,
                handshakeTimeout, closeTimeout, Objects.requireNonNull(interval, "interval"), timeout, allowedOrigins,
                staticDirectory, staticResources, staticLoader, clientSubprotocolOrder);
    }

    /**
     * (Server) accepts WebSocket requests only from these origins, such as {@code "https://example.org"}.
     *
     * @param origins the accepted {@code Origin} values; none for any origin
     * @return a copy of these options with that change
     */
    public WebSocketOptions withAllowedOrigins(String... origins) {
        return new WebSocketOptions(subprotocols, compression, compressionThreshold, maxMessageSize, tls, headers,
                handshakeTimeout, closeTimeout, pingInterval, pingTimeout, List.of(origins), staticDirectory,
                staticResources, staticLoader, clientSubprotocolOrder);
    }

    /**
     * (Server) answers plain GET requests with the files under {@code directory}.
     *
     * @param directory the directory to serve files from
     * @return a copy of these options with that change
     */
    public WebSocketOptions withStaticFiles(Path directory) {
        return new WebSocketOptions(subprotocols, compression, compressionThreshold, maxMessageSize, tls, headers,
                handshakeTimeout, closeTimeout, pingInterval, pingTimeout, allowedOrigins,
                Objects.requireNonNull(directory, "directory"), null, null, clientSubprotocolOrder);
    }

    /**
     * (Server) answers plain GET requests with the class path resources under {@code folder}.
     *
     * @param loader the class loader to look the resources up with
     * @param folder the class path folder to serve, such as {@code "web"}
     * @return a copy of these options with that change
     */
    public WebSocketOptions withStaticResources(ClassLoader loader, String folder) {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(folder, "folder");
        return new WebSocketOptions(subprotocols, compression, compressionThreshold, maxMessageSize, tls, headers,
                handshakeTimeout, closeTimeout, pingInterval, pingTimeout, allowedOrigins, null,
                folder.replaceAll("^/+|/+$", ""), loader, clientSubprotocolOrder);
    }
}
