package dev.loopbridge.demo.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a {@link ChatClient} connects, as a user types it: {@code host:port} (IRC straight over TCP,
 * or TLS when the user asks for it), or a {@code ws://} or {@code wss://} URL (IRC over WebSocket,
 * the IRCv3 WebSocket binding; {@code wss://} is always TLS). Any thread (a value).
 *
 * <pre>{@code
 * ServerAddress.parse("irc.libera.chat:6697");          // host:port
 * ServerAddress.parse("[::1]:6667");                     // an IPv6 address in brackets
 * ServerAddress.parse("wss://irc.example.org/webirc");   // IRC over WebSocket over TLS, port 443
 * }</pre>
 *
 * @param host          the host name or address (an IPv6 address without brackets)
 * @param port          the TCP port, 1-65535 (for a URL without one: 80 for ws, 443 for wss)
 * @param webSocketPath the WebSocket request target (path and query, starting with {@code /}), or
 *                      {@code null} for IRC straight over TCP
 * @param secure        for a WebSocket, whether it is {@code wss://}; {@code false} for {@code host:port}
 */
public record ServerAddress(String host, int port, String webSocketPath, boolean secure) {

    /** What {@link #parse} accepts, for error messages. */
    static final String EXPECTED = "host:port, ws://host:port/path or wss://host:port/path";

    /** Checks every value. */
    public ServerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host: \"\" (expected: a host name or address)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        if (webSocketPath != null && !webSocketPath.startsWith("/")) {
            throw new IllegalArgumentException("webSocketPath: \"" + webSocketPath + "\" (expected: starting with /)");
        }
        if (secure && webSocketPath == null) {
            throw new IllegalArgumentException("secure is for wss:// addresses (expected: a webSocketPath with it; "
                    + "for IRC over TLS use ChatConfig.withTls)");
        }
    }

    /**
     * Parses what a user typed (surrounding blanks ignored).
     *
     * @param text {@code host:port}, {@code [v6address]:port}, {@code ws://host[:port]/path} or
     *             {@code wss://host[:port]/path}
     * @return the address
     * @throws IllegalArgumentException saying what is wrong with {@code text} and what is expected
     */
    public static ServerAddress parse(String text) {
        String where = Objects.requireNonNull(text, "text").strip();
        if (where.contains("://")) {
            return parseUrl(where);
        }
        int colon = where.lastIndexOf(':');
        if (colon <= 0 || colon == where.length() - 1) {
            throw new IllegalArgumentException("\"" + where + "\" (expected: " + EXPECTED + ")");
        }
        String host = where.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = port(where.substring(colon + 1));
        if (port < 1 || host.isEmpty() || host.indexOf(' ') >= 0) {
            throw new IllegalArgumentException(port < 1 ? "bad port in \"" + where + "\" (expected: 1-65535)"
                    : "bad host in \"" + where + "\" (expected: " + EXPECTED + ")");
        }
        return new ServerAddress(host, port, null, false);
    }

    private static ServerAddress parseUrl(String where) {
        String scheme = where.substring(0, where.indexOf("://")).toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("\"" + where + "\": a " + scheme + ":// URL (expected: " + EXPECTED
                    + "; IRC over WebSocket is ws:// or wss://)");
        }
        URI uri;
        try {
            uri = new URI(where);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + where + "\" is not a URL: " + e.getReason() + " at index "
                    + e.getIndex() + " (expected: " + EXPECTED + ")");
        }
        if (uri.getHost() == null) {
            int at = where.indexOf("://") + 3;
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
            String why = authority.isEmpty() ? "no host" : authority.contains("@") ? "user info, which IRC does not use"
                    : where.indexOf(':', at) >= 0 ? "a bad port" : "a bad host";
            throw new IllegalArgumentException("\"" + where + "\" has " + why + " (expected: " + EXPECTED + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("\"" + where + "\" has user info, which IRC does not use (expected: "
                    + EXPECTED + ")");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("\"" + where + "\" has a #fragment, which a WebSocket URL may not have "
                    + "(expected: " + EXPECTED + ")");
        }
        int port = uri.getPort() == -1 ? (scheme.equals("wss") ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad port in \"" + where + "\" (expected: 1-65535)");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        return new ServerAddress(host, port, path, scheme.equals("wss"));
    }

    private static int port(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(digits);
        return port <= 65535 ? port : -1;
    }

    /**
     * Whether this is a WebSocket address.
     *
     * @return {@code true} for {@code ws://} and {@code wss://}
     */
    public boolean isWebSocket() {
        return webSocketPath != null;
    }

    /**
     * The {@code ws://} or {@code wss://} URI, with its port.
     *
     * @return the URI, or {@code null} for a {@code host:port} address
     */
    public URI webSocketUri() {
        return webSocketPath == null ? null : URI.create(toString());
    }

    /** As a user would type it: {@code host:port} or the URL, with its port. */
    @Override
    public String toString() {
        String hostPort = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return webSocketPath == null ? hostPort : (secure ? "wss://" : "ws://") + hostPort + webSocketPath;
    }
}
