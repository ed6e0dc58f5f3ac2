package dev.loopbridge.demo.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.loopbridge.core.TlsOptions;

/**
 * How a {@link ChatServer} runs: immutable; start from {@link #defaults()} and change with the
 * {@code with...} methods.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.defaults().withPort(6667).withMaxClients(500).withMaxClientsPerHost(500);
 * }</pre>
 *
 * @param host          the address to bind ({@code "127.0.0.1"} by default; {@code ""} for all)
 * @param port          the port; 0 picks a free one
 * @param serverName    the name in the server's prefix and welcome
 * @param maxClients    connections open at once; one more gets {@code ERROR} and is closed
 * @param maxClientsPerHost connections open at once from one IP address; one more gets {@code ERROR}
 *                      and is closed (loopback demos: every client shares 127.0.0.1, so raise it there)
 * @param registrationTimeout a connection not registered (NICK, USER, CAP END) this long after it
 *                      opened is disconnected, however much it sends ({@code Registration timeout})
 * @param lineTimeout   a line begun but not completed (no CR or LF) this long is the end of its
 *                      connection: a peer that trickles bytes never gets to hold a slot for free
 * @param pingInterval  a client silent this long is sent a PING
 * @param pingTimeout   a client silent this long is disconnected ({@code Ping timeout})
 * @param floodBurst    lines a client may send back to back before it is slowed down
 * @param floodInterval one more line is processed per this interval once the burst is spent
 * @param floodQueue    lines waiting past the rate that get a client disconnected ({@code Excess Flood})
 * @param sendQueueBytes bytes waiting to be written to a client (it does not read) that get it
 *                      disconnected: those in LoopBridge's write buffer; the kernel's socket buffers,
 *                      which a transport cannot see into, fill first (several MB on Linux loopback)
 * @param motd          the message of the day, one entry per line; empty sends 422
 * @param tls           TLS for every connection ({@link TlsOptions#server}), or {@code null} for plain TCP
 * @param allowedOrigins the {@code Origin}s whose pages may open IRC over WebSocket (browsers send it;
 *                      others are refused with 403); empty for this server's own loopback origins
 *                      ({@code http://127.0.0.1:port}, {@code http://localhost:port},
 *                      {@code http://[::1]:port}, and {@code https://} with TLS); {@code "*"} for any
 */
public record ServerConfig(
        String host,
        int port,
        String serverName,
        int maxClients,
        int maxClientsPerHost,
        Duration registrationTimeout,
        Duration lineTimeout,
        Duration pingInterval,
        Duration pingTimeout,
        int floodBurst,
        Duration floodInterval,
        int floodQueue,
        long sendQueueBytes,
        List<String> motd,
        TlsOptions tls,
        List<String> allowedOrigins) {

    /** Checks every value. */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if (serverName == null || serverName.isEmpty() || serverName.contains(" ")) {
            throw new IllegalArgumentException("serverName: \"" + serverName + "\" (expected: one word)");
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients: " + maxClients + " (expected: >= 1)");
        }
        if (maxClientsPerHost < 1) {
            throw new IllegalArgumentException("maxClientsPerHost: " + maxClientsPerHost + " (expected: >= 1)");
        }
        if (registrationTimeout.isNegative() || registrationTimeout.isZero() || lineTimeout.isNegative()
                || lineTimeout.isZero()) {
            throw new IllegalArgumentException("registrationTimeout: " + registrationTimeout + ", lineTimeout: "
                    + lineTimeout + " (expected: both > 0)");
        }
        if (floodBurst < 1 || floodQueue < 1) {
            throw new IllegalArgumentException("floodBurst: " + floodBurst + ", floodQueue: " + floodQueue
                    + " (expected: both >= 1)");
        }
        if (sendQueueBytes < 1024) {
            throw new IllegalArgumentException("sendQueueBytes: " + sendQueueBytes + " (expected: >= 1024)");
        }
        if (pingInterval.isNegative() || pingInterval.isZero() || pingTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("pingInterval: " + pingInterval + ", pingTimeout: " + pingTimeout
                    + " (expected: 0 < interval < timeout)");
        }
        Objects.requireNonNull(floodInterval, "floodInterval");
        motd = List.copyOf(motd);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /**
     * Loopback, port 6667, 100 clients of which 10 from one address, 30 s to register, 30 s to finish
     * a line once begun, PING after 60 s of silence and disconnect after 120 s,
     * 10 lines at once then 4 per second, 50 lines of excess get a client disconnected, 1 MiB send
     * queue, a short MOTD.
     */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 6667, "loopchat.local", 100, 10, Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(120), 10, Duration.ofMillis(250), 50, 1 << 20,
                List.of("Welcome to LoopChat, the LoopBridge demo server.",
                        "One event loop thread carries every connection here."), null, List.of());
    }

    /** With the bind address. */
    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, serverName, maxClients, maxClientsPerHost, registrationTimeout, lineTimeout, pingInterval, pingTimeout, floodBurst,
                floodInterval, floodQueue, sendQueueBytes, motd, tls, allowedOrigins);
    }

    /** With the port (0: a free one). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, serverName, maxClients, maxClientsPerHost, registrationTimeout, lineTimeout, pingInterval, pingTimeout, floodBurst,
                floodInterval, floodQueue, sendQueueBytes, motd, tls, allowedOrigins);
    }

    /** With the connection limit. */
    public ServerConfig withMaxClients(int max) {
        return new ServerConfig(host, port, serverName, max, maxClientsPerHost, registrationTimeout, lineTimeout, pingInterval, pingTimeout, floodBurst,
                floodInterval, floodQueue, sendQueueBytes, motd, tls, allowedOrigins);
    }

    /** With the connection limit for one IP address. */
    public ServerConfig withMaxClientsPerHost(int max) {
        return new ServerConfig(host, port, serverName, maxClients, max, registrationTimeout, lineTimeout,
                pingInterval, pingTimeout, floodBurst, floodInterval, floodQueue, sendQueueBytes, motd, tls, allowedOrigins);
    }

    /** With the registration deadline and the bound on finishing a line once begun. */
    public ServerConfig withDeadlines(Duration registration, Duration line) {
        return new ServerConfig(host, port, serverName, maxClients, maxClientsPerHost, registration, line,
                pingInterval, pingTimeout, floodBurst, floodInterval, floodQueue, sendQueueBytes, motd, tls, allowedOrigins);
    }

    /** With the ping interval and timeout. */
    public ServerConfig withPing(Duration interval, Duration timeout) {
        return new ServerConfig(host, port, serverName, maxClients, maxClientsPerHost, registrationTimeout, lineTimeout, interval, timeout, floodBurst,
                floodInterval, floodQueue, sendQueueBytes, motd, tls, allowedOrigins);
    }

    /** With the flood control: burst, rate interval (0: unlimited) and excess queue. */
    public ServerConfig withFlood(int burst, Duration interval, int queue) {
        return new ServerConfig(host, port, serverName, maxClients, maxClientsPerHost, registrationTimeout, lineTimeout, pingInterval, pingTimeout, burst,
                interval, queue, sendQueueBytes, motd, tls, allowedOrigins);
    }

    /** With the send queue limit. */
    public ServerConfig withSendQueue(long bytes) {
        return new ServerConfig(host, port, serverName, maxClients, maxClientsPerHost, registrationTimeout, lineTimeout, pingInterval, pingTimeout, floodBurst,
                floodInterval, floodQueue, bytes, motd, tls, allowedOrigins);
    }

    /** With TLS on every connection ({@code TlsOptions.server(context)}), or {@code null} for plain TCP. */
    public ServerConfig withTls(TlsOptions options) {
        return new ServerConfig(host, port, serverName, maxClients, maxClientsPerHost, registrationTimeout, lineTimeout, pingInterval, pingTimeout, floodBurst,
                floodInterval, floodQueue, sendQueueBytes, motd, options, allowedOrigins);
    }

    /**
     * With the origins whose pages may connect over WebSocket, such as {@code "https://chat.example"}
     * (none: this server's loopback origins; {@code "*"}: any).
     */
    public ServerConfig withAllowedOrigins(String... origins) {
        return new ServerConfig(host, port, serverName, maxClients, maxClientsPerHost, registrationTimeout, lineTimeout,
                pingInterval, pingTimeout, floodBurst, floodInterval, floodQueue, sendQueueBytes, motd, tls,
                List.of(origins));
    }

    /** With the message of the day (empty: none, 422). */
    public ServerConfig withMotd(List<String> lines) {
        return new ServerConfig(host, port, serverName, maxClients, maxClientsPerHost, registrationTimeout, lineTimeout, pingInterval, pingTimeout, floodBurst,
                floodInterval, floodQueue, sendQueueBytes, lines, tls, allowedOrigins);
    }
}
