package dev.loopbridge.demo.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * LoopChat's embedded IRC server: enough of RFC 1459 / 2812 for LoopChat and standard IRC
 * clients to register, join, chat, change nick, see names and quits. Everything in this class
 * runs on its loop's thread (normally a headless {@code EventLoops.newDefault()} loop); its
 * methods must be called there, except {@link #start}, which may be called from any thread.
 *
 * <p>It answers registration with 001-005 and the MOTD (375/372/376, or 422), bad commands and
 * parameters with their numerics (421, 461, 431, 432, 433, 401, 403, 404, 407, 442, 451, 482, 417
 * for lines over 512 bytes), runs channels with operators (MODE, KICK, INVITE), answers AWAY and
 * the common queries (WHOIS, WHOWAS, WHO, NAMES, USERHOST, LUSERS, VERSION, TIME). Against hostile
 * peers it disconnects connections not registered within the registration timeout however much
 * they send,
 * lines not finished within the line timeout or 64 KiB, clients silent past the ping timeout; it
 * rate-limits each client's lines (too many waiting: {@code Excess Flood}), drops clients that do
 * not read ({@code SendQ exceeded}) and refuses connections past the limit and the per-host limit.
 * It offers the {@code message-tags} capability and {@code loopbridge.dev/dedup}: a PRIVMSG or
 * NOTICE whose {@code loopbridge.dev/cid} tag it has seen is dropped, which lets a client resend a
 * line whose fate a lost connection left unknown (see {@code ChatClient}).
 *
 * <p>The same port speaks HTTP: a connection whose first line is an HTTP request line gets the
 * web client ({@code GET /}, HTML, CSS and JavaScript from the jar) or, upgrading, IRC over
 * WebSocket as the IRCv3 WebSocket specification says (subprotocols {@code text.ircv3.net} and
 * {@code binary.ircv3.net}, one line per message; a client offering neither gets text), behind
 * the same registration, flood control and limits as TCP clients. Browsers' WebSocket requests
 * are checked against {@link ServerConfig#allowedOrigins()} (403 otherwise).
 *
 * <pre>{@code
 * EventLoop loop = EventLoops.newDefault();
 * ChatServer server = loop.runUntilComplete(ChatServer.start(loop, ServerConfig.defaults().withPort(0)));
 * System.out.println("listening on " + server.port());
 * }</pre>
 */
public final class ChatServer implements AutoCloseable {

    private final EventLoop loop;
    private final ServerConfig config;
    private final Registry registry = new Registry();
    private final ServerCommands commands = new ServerCommands(this);
    private final String created = Instant.now().toString();
    private final String bootId = Long.toHexString(new java.security.SecureRandom().nextLong());
    private Server listener;
    // Guarded by: the loop thread. Made on the first HTTP connection, once the port is known.
    private WebSocketOptions webOptions;

    /** The class path folder of the web client (not a package name: resources there are never encapsulated). */
    static final String WEB_CLIENT = "loopchat-web";

    private ChatServer(EventLoop loop, ServerConfig config) {
        this.loop = loop;
        this.config = config;
    }

    /** Starts listening as {@code config} says; the future completes on the loop once bound. Any thread. */
    public static LoopFuture<ChatServer> start(EventLoop loop, ServerConfig config) {
        ChatServer server = new ChatServer(loop, config);
        ServerOptions options = ServerOptions.bind(config.host(), config.port());
        if (config.tls() != null) {
            options = options.withTls(config.tls());
        }
        return loop.startServer(connection -> new ClientConn(server, new TcpLink(connection)).run(), options)
                .thenApply(bound -> {
                    server.listener = bound;
                    return server;
                });
    }

    /**
     * Serves an HTTP request that arrived on the IRC port ({@link ClientConn} tells them apart by the
     * first line, and hands over the bytes it read): the web client's files, or, upgrading, IRC over
     * WebSocket for a new {@code ClientConn}. Completes when the connection may be closed.
     */
    LoopFuture<Void> serveHttp(StreamConnection connection, byte[] alreadyRead) {
        return WebSockets.serveConnection(loop, connection, alreadyRead, webOptions(),
                socket -> new ClientConn(this, new WebSocketLink(socket, connection)).run());
    }

    /**
     * How HTTP on the shared port is served: IRC over WebSocket (IRCv3 subprotocols, in the client's order),
     * messages up to {@link ClientConn#MAX_UNFINISHED_LINE} (a longer line is refused on TCP too),
     * the allowed origins, and the web client from the class path.
     */
    private WebSocketOptions webOptions() {
        if (webOptions == null) {
            List<String> origins = config.allowedOrigins();
            if (origins.isEmpty()) {
                int port = port();
                String scheme = config.tls() == null ? "http://" : "https://";
                origins = List.of(scheme + "127.0.0.1:" + port, scheme + "localhost:" + port, scheme + "[::1]:" + port);
            } else if (origins.contains("*")) {
                origins = List.of();   // bridge-web: an empty list allows any origin
            }
            webOptions = WebSocketOptions.defaults()
                    .withSubprotocols(WebSocketLink.TEXT, WebSocketLink.BINARY)
                    .withClientSubprotocolOrder(true)   // the IRCv3 binding: the client's order decides
                    .withMaxMessageSize(ClientConn.MAX_UNFINISHED_LINE)
                    .withHandshakeTimeout(config.lineTimeout())
                    .withAllowedOrigins(origins.toArray(String[]::new))
                    .withStaticResources(ChatServer.class.getClassLoader(), WEB_CLIENT);
        }
        return webOptions;
    }

    /** The port the server listens on (the real one when started with port 0). */
    public int port() {
        checkLoop("port");
        return ((InetSocketAddress) listener.addresses().get(0)).getPort();
    }

    /**
     * The address of the web client this server serves: {@code http://127.0.0.1:port/} by default
     * ({@code https://} with TLS; the bound address when it is a specific one).
     */
    public String webClientUrl() {
        checkLoop("webClientUrl");
        String host = config.host();
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (config.tls() == null ? "http://" : "https://") + host + ":" + port() + "/";
    }

    /** The number of open client connections (registered or not). */
    public int clientCount() {
        checkLoop("clientCount");
        return registry.connections.size();
    }

    /** The nicks of the registered clients, in connection order. */
    public java.util.List<String> nicks() {
        checkLoop("nicks");
        return registry.connections.stream().filter(c -> c.registered).map(c -> c.nick).toList();
    }

    /**
     * Stops listening and disconnects every client ({@code ERROR :Closing Link ... (Server shutting
     * down)}). Idempotent.
     */
    @Override
    public void close() {
        checkLoop("close");
        if (listener == null || !listener.isServing()) {
            return;
        }
        listener.close();
        for (ClientConn conn : java.util.List.copyOf(registry.connections)) {
            conn.disconnect("Server shutting down", false);
        }
    }

    /** Completed on the loop when the server is closed and its last connection is gone. */
    public LoopFuture<Void> closed() {
        checkLoop("closed");
        return listener.closed();
    }

    EventLoop loop() {
        return loop;
    }

    ServerConfig config() {
        return config;
    }

    Registry registry() {
        return registry;
    }

    ServerCommands commands() {
        return commands;
    }

    /** Names this run of the server (see {@code loopbridge.dev/dedup}). */
    String bootId() {
        return bootId;
    }

    String created() {
        return created;
    }

    private void checkLoop(String method) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("ChatServer." + method + " must be called on the loop thread (loop: "
                    + loop + ", current thread: " + Thread.currentThread().getName() + ")");
        }
    }
}
