package dev.loopbridge.web.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.IncompleteReadException;
import dev.loopbridge.core.LimitOverrunException;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketException;
import dev.loopbridge.web.WebSocketOptions;

/**
 * The client's opening handshake (RFC 6455 section 4.1) over {@code loop.openConnection}: the
 * upgrade request, then every check of the answer, each failure a {@link WebSocketException}
 * saying what the server answered and what was expected. Redirects are reported, not followed.
 * Runs on the loop thread from {@link #connect} on.
 */
public final class ClientHandshake {

    private static final SecureRandom KEYS = new SecureRandom();

    private final EventLoop loop;
    private final URI uri;
    private final WebSocketOptions options;
    private final LoopFuture<WebSocket> result;
    private final String key;
    private StreamConnection connection;

    private ClientHandshake(EventLoop loop, URI uri, WebSocketOptions options) {
        this.loop = loop;
        this.uri = uri;
        this.options = options;
        this.result = loop.newFuture();
        byte[] nonce = new byte[16];
        KEYS.nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    /** Connects to {@code uri}; any thread. The future completes on the loop thread. */
    public static LoopFuture<WebSocket> connect(EventLoop loop, URI uri, WebSocketOptions options) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("WebSocket URI " + uri + " (expected: ws:// or wss://)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("WebSocket URI " + uri + " has no host (expected: ws://host[:port]/path)");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("WebSocket URI " + uri + " has a fragment (RFC 6455 forbids one)");
        }
        ClientHandshake h = new ClientHandshake(loop, uri, options);
        TimerHandle timeout = loop.callLater(options.handshakeTimeout(), () -> h.result.completeExceptionally(
                new WebSocketException("WebSocket handshake with " + uri + " not done within "
                        + options.handshakeTimeout() + " (WebSocketOptions.withHandshakeTimeout)")));
        h.result.whenComplete((ws, error) -> {
            timeout.cancel();
            if (error != null && h.connection != null) {
                h.connection.writer().transport().abort();
            }
        });
        loop.execute(h::start);
        return h.result;
    }

    private boolean secure() {
        return uri.getScheme().equalsIgnoreCase("wss");
    }

    private int port() {
        return uri.getPort() != -1 ? uri.getPort() : secure() ? 443 : 80;
    }

    private String target() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private void start() {
        if (result.isDone()) {
            return;
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        ConnectOptions where = ConnectOptions.to(host, port());
        if (secure()) {
            where = where.withTls(options.tls() != null ? options.tls() : TlsOptions.client());
        }
        loop.openConnection(where).whenComplete((conn, error) -> {
            if (error != null) {
                result.completeExceptionally(new WebSocketException("cannot connect to " + uri + ": "
                        + unwrap(error).getMessage(), unwrap(error)));
                return;
            }
            if (result.isDone()) {  // timed out meanwhile
                conn.writer().transport().abort();
                return;
            }
            connection = conn;
            conn.writer().write(request().getBytes(StandardCharsets.ISO_8859_1));
            conn.reader().readUntil(HttpHead.END).whenComplete(this::onResponse);
        });
    }

    private String request() {
        StringBuilder r = new StringBuilder();
        boolean defaultPort = uri.getPort() == -1 || uri.getPort() == (secure() ? 443 : 80);
        r.append("GET ").append(target()).append(" HTTP/1.1\r\n");
        r.append("Host: ").append(uri.getHost()).append(defaultPort ? "" : ":" + uri.getPort()).append("\r\n");
        r.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        r.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
        r.append("Sec-WebSocket-Version: 13\r\n");
        if (!options.subprotocols().isEmpty()) {
            r.append("Sec-WebSocket-Protocol: ").append(String.join(", ", options.subprotocols())).append("\r\n");
        }
        if (options.compression()) {
            r.append("Sec-WebSocket-Extensions: ").append(DeflateNegotiation.clientOffer()).append("\r\n");
        }
        for (Map.Entry<String, String> h : options.headers().entrySet()) {
            r.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        return r.append("\r\n").toString();
    }

    private void onResponse(byte[] bytes, Throwable error) {
        if (result.isDone()) {
            return;
        }
        if (error != null) {
            Throwable e = unwrap(error);
            String why = e instanceof IncompleteReadException ? "the server closed the connection before answering"
                    : e instanceof LimitOverrunException ? "the server's answer has a head over "
                            + connection.reader().limit() + " bytes"
                    : e.getMessage();
            result.completeExceptionally(new WebSocketException("WebSocket handshake with " + uri + " failed: " + why, e));
            return;
        }
        try {
            HttpHead head = HttpHead.parse(bytes);
            String[] status = head.startLine().split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
                throw refused("answered \"" + head.startLine() + "\", which is not an HTTP/1.1 status line");
            }
            if (!status[1].equals("101")) {
                String location = head.header("location");
                if (status[1].startsWith("3") && location != null) {
                    throw refused("answered \"" + head.startLine() + "\", a redirect to " + location
                            + " (redirects are not followed: connect to that URI instead)");
                }
                throw refused("answered \"" + head.startLine() + "\" (expected: 101 Switching Protocols)");
            }
            if (!"websocket".equalsIgnoreCase(head.header("upgrade"))) {
                throw refused("answered 101 with Upgrade: " + head.header("upgrade") + " (expected: websocket)");
            }
            if (!head.hasToken("connection", "upgrade")) {
                throw refused("answered 101 with Connection: " + head.header("connection") + " (expected: Upgrade)");
            }
            String accept = head.header("sec-websocket-accept");
            if (accept == null) {
                throw refused("answered 101 without Sec-WebSocket-Accept");
            }
            if (!accept.equals(HttpHead.acceptFor(key))) {
                throw refused("answered Sec-WebSocket-Accept: " + accept + " (expected: " + HttpHead.acceptFor(key)
                        + " for the key sent)");
            }
            String protocol = head.header("sec-websocket-protocol");
            if (protocol != null && !options.subprotocols().contains(protocol)) {
                throw refused("chose subprotocol \"" + protocol + "\" (offered: " + options.subprotocols() + ")");
            }
            String extensions = head.header("sec-websocket-extensions");
            DeflateNegotiation deflate;
            if (!options.compression() && extensions != null) {
                throw refused("agreed to extensions \"" + extensions + "\", but none were offered");
            }
            try {
                deflate = DeflateNegotiation.clientAccept(extensions);
            } catch (IllegalArgumentException e) {
                throw refused(e.getMessage().replaceFirst("^the server ", ""));
            }
            WebSocketSession session = new WebSocketSession(loop, connection, options, true, target(),
                    protocol == null ? "" : protocol, deflate);
            if (result.complete(session)) {
                session.start();
            }
        } catch (WebSocketException e) {
            result.completeExceptionally(e);
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(refused("answered a malformed head: " + e.getMessage()));
        }
    }

    private WebSocketException refused(String what) {
        return new WebSocketException("the server at " + uri + " refused the WebSocket handshake: it " + what);
    }

    static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
