package dev.loopbridge.web.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LimitOverrunException;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.internal.net.Unread;
import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;

/**
 * One connection to a WebSocket server: reads the request head, then either upgrades it (RFC
 * 6455 section 4.2: checks, subprotocol, permessage-deflate, then the handler) or answers a plain
 * GET from the static files, or refuses it — 400 (malformed), 403 (origin not allowed), 404 (no
 * such file), 405 (not GET), 426 (not a WebSocket request where only WebSockets are served, or a
 * WebSocket version other than 13), 431 (a head over the stream limit). Loop thread only.
 */
public final class ServerExchange {

    private static final Logger log = LoggerFactory.getLogger(ServerExchange.class);

    /** How long the server reads and drops what a client sends after a refusal, before it closes. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private final EventLoop loop;
    private final StreamConnection connection;
    private final WebSocketOptions options;
    private final Function<WebSocket, ? extends CompletionStage<?>> handler;
    private final LoopFuture<Void> done;
    /** The listener's bookkeeping, or {@code null} for a connection someone else accepted. */
    private final WebSocketServer server;

    private ServerExchange(EventLoop loop, StreamConnection connection, WebSocketOptions options,
            Function<WebSocket, ? extends CompletionStage<?>> handler, WebSocketServer server) {
        this.loop = loop;
        this.server = server;
        this.connection = connection;
        this.options = options;
        this.handler = handler;
        this.done = loop.newFuture();
    }

    /** Listens at {@code where}; any thread. */
    public static LoopFuture<Server> serve(EventLoop loop, ServerOptions where, WebSocketOptions options,
            Function<WebSocket, ? extends CompletionStage<?>> handler) {
        WebSocketServer server = new WebSocketServer();
        LoopFuture<Server> ready = loop.newFuture();
        loop.startServer(conn -> new ServerExchange(loop, conn, options, handler, server).run(), where)
                .whenComplete((listener, error) -> {
                    if (error != null) {
                        ready.completeExceptionally(ClientHandshake.unwrap(error));
                    } else {
                        server.listenWith(listener);
                        ready.complete(server);
                    }
                });
        return ready;
    }

    /**
     * Serves one connection its caller accepted, whose first bytes it already read: those are put
     * back in front of the connection's own reader and read again first. Loop thread; the future
     * completes when the connection may be closed.
     */
    public static LoopFuture<Void> serveAccepted(EventLoop loop, StreamConnection accepted, byte[] alreadyRead,
            WebSocketOptions options, Function<WebSocket, ? extends CompletionStage<?>> handler) {
        if (alreadyRead.length > 0) {
            Unread.putBack(accepted, alreadyRead);
        }
        ServerExchange exchange = new ServerExchange(loop, accepted, options, handler, null);
        exchange.run();
        return exchange.done;
    }

    /** Serves the connection; the stage completes when it may be closed. */
    private CompletionStage<?> run() {
        LoopFuture<byte[]> head = connection.reader().readUntil(HttpHead.END);
        head.orTimeout(options.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS).whenComplete((bytes, error) -> {
            if (error != null) {
                Throwable e = ClientHandshake.unwrap(error);
                if (e instanceof LimitOverrunException) {
                    respond(431, "Request Header Fields Too Large", Map.of(), "the request head is over "
                            + connection.reader().limit() + " bytes\n");
                } else {
                    connection.writer().transport().abort();
                    done.complete(null);
                }
                return;
            }
            try {
                onRequest(HttpHead.parse(bytes));
            } catch (IllegalArgumentException e) {
                respond(400, "Bad Request", Map.of(), "malformed request: " + e.getMessage() + "\n");
            }
        });
        return done;
    }

    private void onRequest(HttpHead request) {
        String[] line = request.startLine().split(" ");
        if (line.length != 3 || !line[2].startsWith("HTTP/1.") || !line[1].startsWith("/")) {
            respond(400, "Bad Request", Map.of(), "malformed request line\n");
            return;
        }
        String method = line[0];
        String target = line[1];
        // An Upgrade to anything but websocket (the JDK HttpClient's h2c, offered on every plain
        // GET) is ignored, as RFC 9110 section 7.8 lets a server do: the request is HTTP/1.1's.
        if (!request.hasToken("upgrade", "websocket")) {
            if (options.staticDirectory() != null || options.staticResources() != null) {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    respond(405, "Method Not Allowed", Map.of("Allow", "GET, HEAD"), "only GET and HEAD are served\n");
                } else {
                    StaticFiles.serve(loop, options, target, request, method.equals("HEAD"), this::respondFile);
                }
            } else {
                respond(426, "Upgrade Required", Map.of("Upgrade", "websocket", "Sec-WebSocket-Version", "13"),
                        "this endpoint serves WebSocket connections only\n");
            }
            return;
        }
        if (!method.equals("GET")) {
            respond(405, "Method Not Allowed", Map.of("Allow", "GET"), "a WebSocket upgrade must be a GET\n");
            return;
        }
        if (!request.hasToken("connection", "upgrade")
                || !line[2].equals("HTTP/1.1") || request.header("host") == null) {
            respond(400, "Bad Request", Map.of(), "a WebSocket upgrade needs HTTP/1.1, Host, Upgrade: websocket "
                    + "and Connection: Upgrade\n");
            return;
        }
        if (!"13".equals(request.header("sec-websocket-version"))) {
            respond(426, "Upgrade Required", Map.of("Sec-WebSocket-Version", "13"),
                    "WebSocket version " + request.header("sec-websocket-version") + " is not supported (13 is)\n");
            return;
        }
        String key = request.header("sec-websocket-key");
        if (!validKey(key)) {
            respond(400, "Bad Request", Map.of(), "Sec-WebSocket-Key must be 16 bytes in base64\n");
            return;
        }
        String origin = request.header("origin");
        if (origin != null && !options.allowedOrigins().isEmpty() && !options.allowedOrigins().contains(origin)) {
            respond(403, "Forbidden", Map.of(), "origin " + origin + " is not allowed\n");
            return;
        }
        upgrade(request, target, key);
    }

    /**
     * The subprotocol agreed on: the server's first choice the client offered, or, with
     * {@code clientSubprotocolOrder}, the client's first choice the server accepts; {@code ""} for none.
     */
    private String agreeSubprotocol(String offered) {
        if (offered == null) {
            return "";
        }
        List<String> theirs = Arrays.stream(offered.split(",")).map(String::strip).toList();
        List<String> first = options.clientSubprotocolOrder() ? theirs : options.subprotocols();
        List<String> second = options.clientSubprotocolOrder() ? options.subprotocols() : theirs;
        for (String candidate : first) {
            for (String other : second) {
                if (candidate.equalsIgnoreCase(other)) {
                    return options.clientSubprotocolOrder() ? other : candidate;   // the server's spelling
                }
            }
        }
        return "";
    }

    private static boolean validKey(String key) {
        try {
            return key != null && Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void upgrade(HttpHead request, String target, String key) {
        String subprotocol = agreeSubprotocol(request.header("sec-websocket-protocol"));
        DeflateNegotiation deflate = options.compression()
                ? DeflateNegotiation.serverAccept(request.header("sec-websocket-extensions")) : null;
        StringBuilder r = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: ").append(HttpHead.acceptFor(key)).append("\r\n");
        if (!subprotocol.isEmpty()) {
            r.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
        }
        if (deflate != null) {
            r.append("Sec-WebSocket-Extensions: ").append(deflate.response()).append("\r\n");
        }
        connection.writer().write(r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        WebSocketSession session = new WebSocketSession(loop, connection, options, false, target, subprotocol, deflate);
        session.start();
        if (server != null) {
            server.opened(session);
        }
        CompletionStage<?> stage;
        try {
            stage = handler.apply(session);
            if (stage == null) {
                throw new NullPointerException("the WebSocket handler returned null (expected: a stage)");
            }
        } catch (RuntimeException e) {
            handlerFailed(session, e);
            stage = null;
        }
        if (stage != null) {
            stage.whenComplete((value, error) -> loop.execute(() -> {
                if (error != null) {
                    handlerFailed(session, error);
                } else {
                    session.close(CloseStatus.NORMAL, "");
                }
            }));
        }
        session.closed().whenComplete((status, error) -> done.complete(null));
    }

    private void handlerFailed(WebSocketSession session, Throwable error) {
        log.error("WebSocket handler for {} failed; closing the socket with 1011", session.path(),
                ClientHandshake.unwrap(error));
        session.close(CloseStatus.INTERNAL_ERROR, "");
    }

    private void respondFile(StaticFiles.Reply reply) {
        respond(reply.status(), reply.reason(), reply.headers(), reply.body(), reply.headOnly());
    }

    /** Answers with a plain-text body that says what was refused, for whoever reads it with curl. */
    private void respond(int status, String reason, Map<String, String> headers, String body) {
        respond(status, reason, headers, body.getBytes(StandardCharsets.UTF_8), false);
    }

    private void respond(int status, String reason, Map<String, String> headers, byte[] body, boolean headOnly) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Content-Type", "text/plain; charset=utf-8");
        all.put("Content-Length", String.valueOf(body.length));
        all.put("Connection", "close");
        StringBuilder r = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        all.forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
        connection.writer().write(r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!headOnly && status != 304) {
            connection.writer().write(body);
        }
        lingerThenClose();
    }

    /**
     * Closes after an answer the way HTTP servers do (RFC 9112 section 9.6): the sending side
     * first, then what the client still sends is read and dropped until it closes too (at most
     * {@link #LINGER}), so that closing with unread bytes does not reset the connection and lose
     * the answer on its way (a 431 answers a request that is still arriving).
     */
    private void lingerThenClose() {
        if (!connection.writer().canWriteEof()) {
            connection.writer().close();
            done.complete(null);
            return;
        }
        connection.writer().writeEof();
        LoopFuture<Void> drained = loop.newFuture();
        discardUntilEof(drained);
        drained.completeOnTimeout(null, LINGER.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
            connection.writer().close();
            done.complete(null);
        });
    }

    private void discardUntilEof(LoopFuture<Void> drained) {
        if (drained.isDone()) {
            return;
        }
        connection.reader().read(64 * 1024).whenComplete((bytes, error) -> {
            if (error != null || bytes.length == 0) {
                drained.complete(null);
            } else {
                discardUntilEof(drained);
            }
        });
    }
}
