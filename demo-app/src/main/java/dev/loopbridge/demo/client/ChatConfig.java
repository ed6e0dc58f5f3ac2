package dev.loopbridge.demo.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.loopbridge.core.TlsOptions;

/**
 * Everything a {@link ChatClient} needs to know before it connects: immutable; build it with
 * {@link #of(String, int, String)} and the {@code with...} methods.
 *
 * <pre>{@code
 * ChatConfig config = ChatConfig.of("irc.libera.chat", 6697, "loopfan")
 *         .withTls(TlsOptions.client())          // verified against the system trust store
 *         .withChannels(List.of("#loopbridge"));
 * // IRC over a WebSocket over TLS (the IRCv3 binding), as a user types it:
 * ChatConfig web = ChatConfig.of(ServerAddress.parse("wss://irc.example.org/webirc"), "loopfan");
 * }</pre>
 *
 * @param host              the server's host name or address
 * @param port              the server's port
 * @param tls               TLS settings, or {@code null} for plain TCP (with a WebSocket: {@code wss://}
 *                          when set, {@code ws://} when {@code null})
 * @param webSocketPath     the request target (path and query, starting with {@code /}) for IRC over
 *                          WebSocket (the IRCv3 binding), or {@code null} for IRC straight over TCP
 * @param webSocketOrigin   the {@code Origin} header sent with the WebSocket handshake (such as
 *                          {@code https://irc.example.org}), or {@code null} to send none, as a
 *                          non-browser client may (RFC 6455 4.1); some servers refuse a handshake
 *                          without one (InspIRCd 3 answers 400)
 * @param nick              the wanted nick; on 433 (in use) the client tries variants
 * @param user              the user name sent in USER
 * @param realName          the real name sent in USER
 * @param channels          channels to join after registering (and to rejoin after a reconnect)
 * @param connectTimeout    how long a connection attempt may take
 * @param reconnectInitial  the first reconnect delay
 * @param reconnectMax      the longest reconnect delay (the doubling stops there)
 * @param pingInterval      how often the client PINGs the server (keepalive and lag figure)
 * @param pingTimeout       silence from the server longer than this drops the connection
 * @param rateBurst         how many lines may go out back to back
 * @param rateInterval      one more line may go out per this interval once the burst is spent
 * @param jitterSeed        seeds the reconnect jitter (a fixed seed makes tests repeatable)
 * @param clock             the wall clock stamped on log entries
 */
public record ChatConfig(
        String host,
        int port,
        TlsOptions tls,
        String webSocketPath,
        String webSocketOrigin,
        String nick,
        String user,
        String realName,
        List<String> channels,
        Duration connectTimeout,
        Duration reconnectInitial,
        Duration reconnectMax,
        Duration pingInterval,
        Duration pingTimeout,
        int rateBurst,
        Duration rateInterval,
        long jitterSeed,
        Clock clock) {

    /** Checks every value. */
    public ChatConfig {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if (webSocketPath != null && !webSocketPath.startsWith("/")) {
            throw new IllegalArgumentException("webSocketPath: \"" + webSocketPath
                    + "\" (expected: null for IRC over TCP, or a path starting with /)");
        }
        if (webSocketOrigin != null && !isOrigin(webSocketOrigin)) {
            throw new IllegalArgumentException("webSocketOrigin: \"" + webSocketOrigin
                    + "\" (expected: null, or a scheme, :// and a host with an optional port, such as https://irc.example.org)");
        }
        if (nick == null || nick.isEmpty() || nick.chars().anyMatch(c -> c <= ' ' || c == ':' || c == ',')) {
            throw new IllegalArgumentException("nick: \"" + nick + "\" (expected: not empty, no space, ':' or ',')");
        }
        if (user == null || user.isEmpty() || user.chars().anyMatch(c -> c <= ' ' || c == '@')) {
            throw new IllegalArgumentException("user: \"" + user + "\" (expected: not empty, no space or '@')");
        }
        Objects.requireNonNull(realName, "realName");
        channels = List.copyOf(channels);
        positive("connectTimeout", connectTimeout);
        positive("reconnectInitial", reconnectInitial);
        positive("reconnectMax", reconnectMax);
        positive("pingInterval", pingInterval);
        positive("pingTimeout", pingTimeout);
        if (rateBurst < 1) {
            throw new IllegalArgumentException("rateBurst: " + rateBurst + " (expected: >= 1)");
        }
        Objects.requireNonNull(rateInterval, "rateInterval");
        if (rateInterval.isNegative()) {
            throw new IllegalArgumentException("rateInterval: " + rateInterval + " (expected: >= 0; 0 means unlimited)");
        }
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * Defaults for {@code host:port} as {@code nick}: plain TCP, no channels, 10 s connect timeout,
     * reconnect after 1 s doubling up to 60 s with jitter, PING every 30 s, drop after 90 s of
     * silence, 5 lines at once then one per 2 s (well under what servers call flooding).
     */
    public static ChatConfig of(String host, int port, String nick) {
        return new ChatConfig(host, port, null, null, null, nick, "loopchat", "LoopChat (LoopBridge demo)", List.of(),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(90), 5, Duration.ofSeconds(2),
                System.nanoTime(), Clock.systemUTC());
    }

    /**
     * Defaults as {@link #of(String, int, String)}, for {@code address}: {@code host:port} is plain
     * TCP ({@link #withTls} for TLS), {@code ws://} a WebSocket, {@code wss://} a WebSocket over TLS
     * verified with {@link TlsOptions#client()}.
     */
    public static ChatConfig of(ServerAddress address, String nick) {
        return of(address.host(), address.port(), nick).withServer(address);
    }

    /** With TLS ({@link TlsOptions#client()} verifies the server), or {@code null} for plain TCP. */
    public ChatConfig withTls(TlsOptions options) {
        return new ChatConfig(host, port, options, webSocketPath, webSocketOrigin, nick, user, realName, channels, connectTimeout,
                reconnectInitial, reconnectMax, pingInterval, pingTimeout, rateBurst, rateInterval, jitterSeed, clock);
    }

    /**
     * Connecting to {@code address}: its host and port, and for a {@code ws://} or {@code wss://}
     * address its path. A {@code host:port} address keeps the TLS setting (IRC straight over TCP or
     * TLS); {@code ws://} is plain; {@code wss://} keeps these TLS settings, or verifies the server
     * with {@link TlsOptions#client()} if there are none.
     */
    public ChatConfig withServer(ServerAddress address) {
        TlsOptions newTls = !address.isWebSocket() ? tls : !address.secure() ? null : tls != null ? tls : TlsOptions.client();
        return new ChatConfig(address.host(), address.port(), newTls, address.webSocketPath(), webSocketOrigin, nick, user, realName,
                channels, connectTimeout, reconnectInitial, reconnectMax, pingInterval, pingTimeout, rateBurst,
                rateInterval, jitterSeed, clock);
    }

    /**
     * IRC over WebSocket at {@code path} on this host and port ({@code wss://} with the TLS settings,
     * {@code ws://} without), or straight over TCP for {@code null}.
     */
    public ChatConfig withWebSocket(String path) {
        return new ChatConfig(host, port, tls, path, webSocketOrigin, nick, user, realName, channels, connectTimeout,
                reconnectInitial, reconnectMax, pingInterval, pingTimeout, rateBurst, rateInterval, jitterSeed, clock);
    }

    /**
     * With the {@code Origin} header sent when connecting over a WebSocket ({@code null}: none, the
     * default). Servers that check it want the origin of their own web page; InspIRCd 3 refuses a
     * handshake without one, and accepts those its {@code <wsorigin allow>} matches.
     */
    public ChatConfig withWebSocketOrigin(String origin) {
        return new ChatConfig(host, port, tls, webSocketPath, origin, nick, user, realName, channels, connectTimeout,
                reconnectInitial, reconnectMax, pingInterval, pingTimeout, rateBurst, rateInterval, jitterSeed, clock);
    }

    /** With the wanted nick. */
    public ChatConfig withNick(String newNick) {
        return new ChatConfig(host, port, tls, webSocketPath, webSocketOrigin, newNick, user, realName, channels, connectTimeout,
                reconnectInitial, reconnectMax, pingInterval, pingTimeout, rateBurst, rateInterval, jitterSeed, clock);
    }

    /** Where the client connects, as a user would type it ({@code host:port} or the WebSocket URL). */
    public ServerAddress server() {
        return new ServerAddress(host, port, webSocketPath, webSocketPath != null && tls != null);
    }

    /** The {@code ws://} or {@code wss://} URI the client connects to, or {@code null} for IRC over TCP. */
    public URI webSocketUri() {
        return server().webSocketUri();
    }

    /** With the user name and real name sent in USER. */
    public ChatConfig withUser(String newUser, String newRealName) {
        return new ChatConfig(host, port, tls, webSocketPath, webSocketOrigin, nick, newUser, newRealName, channels, connectTimeout,
                reconnectInitial, reconnectMax, pingInterval, pingTimeout, rateBurst, rateInterval, jitterSeed, clock);
    }

    /** With the channels joined after registering. */
    public ChatConfig withChannels(List<String> newChannels) {
        return new ChatConfig(host, port, tls, webSocketPath, webSocketOrigin, nick, user, realName, newChannels, connectTimeout,
                reconnectInitial, reconnectMax, pingInterval, pingTimeout, rateBurst, rateInterval, jitterSeed, clock);
    }

    /** With the connect timeout. */
    public ChatConfig withConnectTimeout(Duration timeout) {
        return new ChatConfig(host, port, tls, webSocketPath, webSocketOrigin, nick, user, realName, channels, timeout,
                reconnectInitial, reconnectMax, pingInterval, pingTimeout, rateBurst, rateInterval, jitterSeed, clock);
    }

    /** With the reconnect backoff: the first delay and the cap. */
    public ChatConfig withReconnect(Duration initial, Duration max) {
        return new ChatConfig(host, port, tls, webSocketPath, webSocketOrigin, nick, user, realName, channels, connectTimeout,
                initial, max, pingInterval, pingTimeout, rateBurst, rateInterval, jitterSeed, clock);
    }

    /** With the keepalive: PING every {@code interval}, drop after {@code timeout} of silence. */
    public ChatConfig withPing(Duration interval, Duration timeout) {
        return new ChatConfig(host, port, tls, webSocketPath, webSocketOrigin, nick, user, realName, channels, connectTimeout,
                reconnectInitial, reconnectMax, interval, timeout, rateBurst, rateInterval, jitterSeed, clock);
    }

    /** With the outgoing rate limit: {@code burst} lines at once, then one per {@code interval} (0: unlimited). */
    public ChatConfig withRateLimit(int burst, Duration interval) {
        return new ChatConfig(host, port, tls, webSocketPath, webSocketOrigin, nick, user, realName, channels, connectTimeout,
                reconnectInitial, reconnectMax, pingInterval, pingTimeout, burst, interval, jitterSeed, clock);
    }

    /** With the seed of the reconnect jitter. */
    public ChatConfig withJitterSeed(long seed) {
        return new ChatConfig(host, port, tls, webSocketPath, webSocketOrigin, nick, user, realName, channels, connectTimeout,
                reconnectInitial, reconnectMax, pingInterval, pingTimeout, rateBurst, rateInterval, seed, clock);
    }

    /** With the wall clock stamped on entries. */
    public ChatConfig withClock(Clock newClock) {
        return new ChatConfig(host, port, tls, webSocketPath, webSocketOrigin, nick, user, realName, channels, connectTimeout,
                reconnectInitial, reconnectMax, pingInterval, pingTimeout, rateBurst, rateInterval, jitterSeed, newClock);
    }

    /** Whether {@code value} is a serialized origin: {@code scheme://host} or {@code scheme://host:port}. */
    private static boolean isOrigin(String value) {
        int sep = value.indexOf("://");
        if (sep < 1 || sep + 3 == value.length()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean schemeChar = Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.';
            if (i < sep ? !(c < 0x80 && schemeChar) || (i == 0 && !Character.isLetter(c))
                    : i >= sep + 3 && (c <= ' ' || c >= 0x7f || c == '/' || c == '?' || c == '#' || c == '@')) {
                return false;
            }
        }
        return true;
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
