package dev.loopbridge.core;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * Where and how to listen, for {@link EventLoop#createServer} and {@link EventLoop#startServer}.
 *
 * <pre>{@code
 * ServerOptions.bind("127.0.0.1", 0)            // port 0: a free port, see Server.addresses()
 *         .withTls(TlsOptions.server(context))
 *         .withMaxConnections(1000);
 * }</pre>
 *
 * <p><b>Threads:</b> an immutable value; make it and pass it around on any thread. Each {@code
 * with...} method returns a new record and leaves this one as it is.
 *
 * @param host the host to bind: a name (every address it resolves to is bound), a literal, or
 *     {@code null} / {@code ""} for every interface; {@code null} when {@code address} is given
 * @param port the port, with {@code host}; 0 picks a free port
 * @param address the address to bind ({@code InetSocketAddress} or {@code UnixDomainSocketAddress}),
 *     or {@code null} when binding by host
 * @param tls TLS settings for accepted connections, or {@code null}
 * @param backlog the listen backlog
 * @param reuseAddress sets SO_REUSEADDR (default on, as asyncio on Unix)
 * @param maxConnections the most connections open at once; past it, new connections are accepted
 *     and closed at once. 0 means no limit.
 * @param tcpNoDelay disables Nagle's algorithm on accepted connections (default on)
 * @param streamLimit the buffer limit of the {@link StreamReader}s of {@code startServer}
 * @param lineSeparator what {@link StreamWriter#writeLine} of {@code startServer}'s connections
 *     ends lines with: {@code "\n"} by default
 */
public record ServerOptions(
        String host,
        int port,
        SocketAddress address,
        TlsOptions tls,
        int backlog,
        boolean reuseAddress,
        int maxConnections,
        boolean tcpNoDelay,
        int streamLimit,
        String lineSeparator) {

    /** Validates the settings. */
    public ServerOptions {
        if (address == null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (address != null && host != null) {
            throw new IllegalArgumentException("give either a host and port or an address, not both");
        }
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog: " + backlog + " (expected: > 0)");
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: >= 0, 0 for no limit)");
        }
        if (streamLimit <= 0) {
            throw new IllegalArgumentException("streamLimit: " + streamLimit + " (expected: > 0)");
        }
        if (lineSeparator == null || lineSeparator.isEmpty()) {
            throw new IllegalArgumentException("lineSeparator: " + (lineSeparator == null ? "null" : "\"\"")
                    + " (expected: what StreamWriter.writeLine ends lines with, such as \"\\r\\n\")");
        }
        if (tls != null && tls.clientMode()) {
            throw new IllegalArgumentException("a server needs server TLS options (TlsOptions.server(...)), not client ones");
        }
    }

    /**
     * Listen on {@code host:port} ({@code null} or {@code ""}: every interface; port 0: a free port).
     *
     * @param host the host to bind, or {@code null} / {@code ""} for every interface
     * @param port the port; 0 for a free one
     * @return options to listen there, with the defaults for the rest
     */
    public static ServerOptions bind(String host, int port) {
        return new ServerOptions(host == null ? "" : host, port, null, null, 128, true, 0, true,
                ConnectOptions.DEFAULT_STREAM_LIMIT, "\n");
    }

    /**
     * Listen on an {@code InetSocketAddress} or a {@code UnixDomainSocketAddress}.
     *
     * @param address an {@code InetSocketAddress} or a {@code UnixDomainSocketAddress}
     * @return options to listen there, with the defaults for the rest
     */
    public static ServerOptions bind(SocketAddress address) {
        return new ServerOptions(null, 0, Objects.requireNonNull(address, "address"), null, 128, true, 0, true,
                ConnectOptions.DEFAULT_STREAM_LIMIT, "\n");
    }

    /**
     * Returns a copy that speaks TLS on accepted connections.
     *
     * @param options the TLS settings for accepted connections, or {@code null}
     * @return a copy with these TLS settings
     */
    public ServerOptions withTls(TlsOptions options) {
        return new ServerOptions(host, port, address, Objects.requireNonNull(options, "options"), backlog,
                reuseAddress, maxConnections, tcpNoDelay, streamLimit, lineSeparator);
    }

    /**
     * Returns a copy with the given listen backlog.
     *
     * @param backlog the listen backlog, more than 0
     * @return a copy with this backlog
     */
    public ServerOptions withBacklog(int backlog) {
        return new ServerOptions(host, port, address, tls, backlog, reuseAddress, maxConnections, tcpNoDelay,
                streamLimit, lineSeparator);
    }

    /**
     * Returns a copy with SO_REUSEADDR on or off.
     *
     * @param on {@code true} sets SO_REUSEADDR
     * @return a copy with this setting
     */
    public ServerOptions withReuseAddress(boolean on) {
        return new ServerOptions(host, port, address, tls, backlog, on, maxConnections, tcpNoDelay, streamLimit, lineSeparator);
    }

    /**
     * Returns a copy that keeps at most {@code max} connections open (0: no limit).
     *
     * @param max the most connections at once; 0 for no limit
     * @return a copy with this limit
     */
    public ServerOptions withMaxConnections(int max) {
        return new ServerOptions(host, port, address, tls, backlog, reuseAddress, max, tcpNoDelay, streamLimit, lineSeparator);
    }

    /**
     * Returns a copy with TCP_NODELAY on or off for accepted connections.
     *
     * @param on {@code true} disables Nagle's algorithm on accepted connections
     * @return a copy with this setting
     */
    public ServerOptions withTcpNoDelay(boolean on) {
        return new ServerOptions(host, port, address, tls, backlog, reuseAddress, maxConnections, on, streamLimit, lineSeparator);
    }

    /**
     * Returns a copy whose stream readers buffer at most {@code limit} bytes for one read.
     *
     * @param limit the buffer limit in bytes, more than 0
     * @return a copy with this limit
     */
    public ServerOptions withStreamLimit(int limit) {
        return new ServerOptions(host, port, address, tls, backlog, reuseAddress, maxConnections, tcpNoDelay, limit, lineSeparator);
    }

    /**
     * Returns a copy whose stream writers end lines with {@code separator} ({@code "\r\n"} for CRLF
     * protocols).
     *
     * @param separator what {@code writeLine} appends to each line
     * @return a copy with this separator
     */
    public ServerOptions withLineSeparator(String separator) {
        return new ServerOptions(host, port, address, tls, backlog, reuseAddress, maxConnections, tcpNoDelay,
                streamLimit, separator);
    }
}
