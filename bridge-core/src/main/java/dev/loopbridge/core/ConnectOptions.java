package dev.loopbridge.core;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to connect, for {@link EventLoop#createConnection} and
 * {@link EventLoop#openConnection}. Start from {@link #to(String, int)} (resolved off the loop,
 * every address tried in turn) or {@link #to(SocketAddress)} (an {@code InetSocketAddress} or a
 * {@code UnixDomainSocketAddress}), then add what you need:
 *
 * <pre>{@code
 * ConnectOptions.to("example.org", 443)
 *         .withTls(TlsOptions.client())
 *         .withConnectTimeout(Duration.ofSeconds(5))
 *         .withHappyEyeballs(Duration.ofMillis(250));
 * ConnectOptions.to("irc.libera.chat", 6697).withTls(TlsOptions.client()).withLineSeparator("\r\n");
 * }</pre>
 *
 * <p><b>Threads:</b> an immutable value; make it and pass it around on any thread. Each {@code
 * with...} method returns a new record and leaves this one as it is.
 *
 * @param host the host name or literal to resolve, or {@code null} when {@code address} is given
 * @param port the port, with {@code host}
 * @param address the address to connect to, or {@code null} when {@code host} is given
 * @param tls TLS settings, or {@code null} for a plain connection
 * @param connectTimeout the limit for the whole connect (resolution, every attempt, TLS handshake
 *     excluded), or {@code null} for none
 * @param happyEyeballsDelay with several addresses, start the next attempt after this delay while
 *     the previous one is still pending (RFC 8305); {@code null} tries them one after the other
 * @param localAddress the local address to bind before connecting, or {@code null}
 * @param tcpNoDelay disables Nagle's algorithm (default on)
 * @param keepAlive enables TCP keep-alive probes (default off)
 * @param streamLimit the buffer limit of the {@link StreamReader} of {@code openConnection}
 * @param lineSeparator what {@link StreamWriter#writeLine} of {@code openConnection} ends lines
 *     with: {@code "\n"} by default, {@code "\r\n"} for line protocols on the wire
 */
public record ConnectOptions(
        String host,
        int port,
        SocketAddress address,
        TlsOptions tls,
        Duration connectTimeout,
        Duration happyEyeballsDelay,
        SocketAddress localAddress,
        boolean tcpNoDelay,
        boolean keepAlive,
        int streamLimit,
        String lineSeparator) {

    /** The default buffer limit of a stream reader: 64 KiB, as asyncio's. */
    public static final int DEFAULT_STREAM_LIMIT = 64 * 1024;

    /** Validates the settings. */
    public ConnectOptions {
        if ((host == null) == (address == null)) {
            throw new IllegalArgumentException("give either a host and port or an address (host: " + host
                    + ", address: " + address + ")");
        }
        if (host != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (connectTimeout != null && (connectTimeout.isNegative() || connectTimeout.isZero())) {
            throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " (expected: > 0, or null for none)");
        }
        if (happyEyeballsDelay != null && happyEyeballsDelay.isNegative()) {
            throw new IllegalArgumentException("happyEyeballsDelay: " + happyEyeballsDelay + " (expected: >= 0)");
        }
        if (streamLimit <= 0) {
            throw new IllegalArgumentException("streamLimit: " + streamLimit + " (expected: > 0)");
        }
        if (lineSeparator == null || lineSeparator.isEmpty()) {
            throw new IllegalArgumentException("lineSeparator: " + (lineSeparator == null ? "null" : "\"\"")
                    + " (expected: what StreamWriter.writeLine ends lines with, such as \"\\r\\n\")");
        }
        if (tls != null && !tls.clientMode()) {
            throw new IllegalArgumentException("a connection needs client TLS options (TlsOptions.client...), not server ones");
        }
    }

    /**
     * Connect to {@code host:port}; the name is resolved off the loop and every address is tried.
     *
     * @param host the host name or literal, resolved off the loop
     * @param port the port, 1-65535
     * @return options to connect there, with the defaults for the rest
     */
    public static ConnectOptions to(String host, int port) {
        Objects.requireNonNull(host, "host");
        return new ConnectOptions(host, port, null, null, null, null, null, true, false, DEFAULT_STREAM_LIMIT, "\n");
    }

    /**
     * Connect to an {@code InetSocketAddress} or a {@code UnixDomainSocketAddress}.
     *
     * @param address an {@code InetSocketAddress} or a {@code UnixDomainSocketAddress}
     * @return options to connect there, with the defaults for the rest
     */
    public static ConnectOptions to(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        return new ConnectOptions(null, 0, address, null, null, null, null, true, false, DEFAULT_STREAM_LIMIT, "\n");
    }

    /**
     * Returns a copy that speaks TLS over the connection.
     *
     * @param options the TLS settings, or {@code null} for a plain connection
     * @return a copy with these TLS settings
     */
    public ConnectOptions withTls(TlsOptions options) {
        return new ConnectOptions(host, port, address, Objects.requireNonNull(options, "options"), connectTimeout,
                happyEyeballsDelay, localAddress, tcpNoDelay, keepAlive, streamLimit, lineSeparator);
    }

    /**
     * Returns a copy whose connect fails with a {@link java.net.ConnectException} after {@code timeout}.
     *
     * @param timeout the limit for the whole connect, or {@code null} for none
     * @return a copy with this timeout
     */
    public ConnectOptions withConnectTimeout(Duration timeout) {
        return new ConnectOptions(host, port, address, tls, timeout, happyEyeballsDelay, localAddress, tcpNoDelay,
                keepAlive, streamLimit, lineSeparator);
    }

    /**
     * Returns a copy that races addresses RFC 8305 style, starting the next after {@code delay}.
     *
     * @param delay the delay before the next attempt starts, or {@code null} to try one after the other
     * @return a copy with this delay
     */
    public ConnectOptions withHappyEyeballs(Duration delay) {
        return new ConnectOptions(host, port, address, tls, connectTimeout, delay, localAddress, tcpNoDelay,
                keepAlive, streamLimit, lineSeparator);
    }

    /**
     * Returns a copy that binds {@code local} before connecting.
     *
     * @param local the local address to bind, or {@code null}
     * @return a copy that binds there
     */
    public ConnectOptions withLocalAddress(SocketAddress local) {
        return new ConnectOptions(host, port, address, tls, connectTimeout, happyEyeballsDelay, local, tcpNoDelay,
                keepAlive, streamLimit, lineSeparator);
    }

    /**
     * Returns a copy with TCP_NODELAY on or off.
     *
     * @param on {@code true} disables Nagle's algorithm
     * @return a copy with this setting
     */
    public ConnectOptions withTcpNoDelay(boolean on) {
        return new ConnectOptions(host, port, address, tls, connectTimeout, happyEyeballsDelay, localAddress, on,
                keepAlive, streamLimit, lineSeparator);
    }

    /**
     * Returns a copy with SO_KEEPALIVE on or off.
     *
     * @param on {@code true} enables keep-alive probes
     * @return a copy with this setting
     */
    public ConnectOptions withKeepAlive(boolean on) {
        return new ConnectOptions(host, port, address, tls, connectTimeout, happyEyeballsDelay, localAddress,
                tcpNoDelay, on, streamLimit, lineSeparator);
    }

    /**
     * Returns a copy whose stream reader buffers at most {@code limit} bytes for one read.
     *
     * @param limit the buffer limit in bytes, more than 0
     * @return a copy with this limit
     */
    public ConnectOptions withStreamLimit(int limit) {
        return new ConnectOptions(host, port, address, tls, connectTimeout, happyEyeballsDelay, localAddress,
                tcpNoDelay, keepAlive, limit, lineSeparator);
    }

    /**
     * Returns a copy whose stream writer ends lines with {@code separator}: {@code "\r\n"} for
     * IRC, SMTP, POP3 and HTTP, which want CRLF on the wire ({@code readLine} accepts both).
     *
     * @param separator what {@code writeLine} appends to each line
     * @return a copy with this separator
     */
    public ConnectOptions withLineSeparator(String separator) {
        return new ConnectOptions(host, port, address, tls, connectTimeout, happyEyeballsDelay, localAddress,
                tcpNoDelay, keepAlive, streamLimit, separator);
    }

    /**
     * Says where this connects, for messages.
     *
     * @return "host:port", or the address as text
     */
    public String target() {
        return host != null ? host + ":" + port : String.valueOf(address);
    }
}
