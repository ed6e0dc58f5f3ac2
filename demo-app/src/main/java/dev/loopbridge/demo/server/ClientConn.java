package dev.loopbridge.demo.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.demo.internal.TokenBucket;
import dev.loopbridge.demo.irc.IrcText;
import dev.loopbridge.demo.irc.LineFramer;

/**
 * One client connection of the {@link ChatServer}, over TCP or WebSocket (its {@link LineLink}):
 * loop thread only. Reads and frames lines,
 * enforces the line limit (417), flood control (lines beyond the burst wait for tokens; too many
 * waiting and the client is disconnected), the send queue limit, the registration deadline (which
 * no traffic extends), the bound on finishing a line once begun (in time, and in bytes:
 * {@link #MAX_UNFINISHED_LINE}) and the ping timeout, and hands each line to
 * {@link ServerCommands}. Whatever one client sends, only its own connection suffers.
 *
 * <p>On TCP the port is shared with HTTP: until the first line tells ({@link FirstLine}), what
 * arrives is held, not framed; an HTTP request line hands the connection, with those bytes, to the
 * server's HTTP side ({@code ChatServer.serveHttp}) and this connection leaves the registry
 * without a trace. Meanwhile it counts as a client like any other, under the same limits and
 * deadlines: a peer that trickles bytes which never make a line holds no slot for longer.
 */
final class ClientConn {

    /**
     * The most bytes a line may run to without ending before the connection is dropped ({@code Input
     * line too long}): lines up to it are answered with 417, an endless one is not read forever.
     */
    static final int MAX_UNFINISHED_LINE = 64 * 1024;

    final ChatServer server;
    final EventLoop loop;
    final ServerConfig config;
    final Registry registry;
    private final LineLink link;
    // Guarded by: the loop thread. On TCP, what arrived before the first line told IRC from HTTP;
    // null once it has (at once on a WebSocket). sniffSince: when its first bytes came.
    private byte[] sniff;
    private long sniffSince;
    private final LineFramer framer;
    private final TokenBucket bucket;
    private final Deque<String> waiting = new ArrayDeque<>();
    private final LoopFuture<Void> done;
    final String host;
    // Guarded by: the loop thread. Set by NICK / USER; registered once both are there and CAP ended.
    String nick;
    String user;
    String realName;
    boolean registered;
    boolean capNegotiating;
    // Guarded by: the loop thread. The AWAY message, or null when present.
    String away;
    // Guarded by: the loop thread. When the client registered (epoch seconds) and last sent a
    // PRIVMSG or NOTICE (loop time): WHOIS's signon and idle.
    long signon;
    long lastSpoke;
    final Set<String> caps = new HashSet<>();
    final Set<Registry.Channel> channels = new LinkedHashSet<>();
    // Guarded by: the loop thread. Whether a flush of what send queued on the link is scheduled.
    private boolean flushScheduled;
    // Guarded by: the loop thread. false -> true once; nothing is read or written after.
    private boolean closed;
    private long lastReceived;
    private boolean pingSent;
    private TimerHandle floodTimer;
    private TimerHandle pingTimer;
    private TimerHandle registrationTimer;
    // Guarded by: the loop thread. Runs while a line is unfinished; restarted whenever one completes.
    private TimerHandle lineTimer;
    private long linesSeen;

    /** A connection whose lines travel over {@code link}; TCP ones first tell IRC from HTTP. */
    ClientConn(ChatServer server, LineLink link) {
        this.server = server;
        this.loop = server.loop();
        this.config = server.config();
        this.registry = server.registry();
        this.link = link;
        this.sniff = link instanceof TcpLink ? new byte[0] : null;
        this.done = loop.newFuture();
        this.framer = new LineFramer(IrcText.MAX_LINE_BYTES + IrcText.MAX_TAG_BYTES, this::onLine);
        this.bucket = new TokenBucket(config.floodBurst(), config.floodInterval().toNanos(), loop.time());
        this.host = hostOf(link.remoteAddress());
    }

    /** The IP address of {@code remote} as text, or {@code local} for a Unix socket. */
    static String hostOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "local";
    }

    /** Why one more connection from {@code host} is refused, or {@code null} if it is welcome. */
    static String refusal(Registry registry, ServerConfig config, String host) {
        return registry.connections.size() >= config.maxClients()
                ? "Too many connections: the limit is " + config.maxClients()
                : registry.connectionsFrom(host) >= config.maxClientsPerHost()
                ? "Too many connections from your host: the limit is " + config.maxClientsPerHost() : null;
    }

    /** Starts serving; the future completes when the connection should close. */
    LoopFuture<Void> run() {
        lastReceived = loop.time();
        String refusal = refusal(registry, config, host);
        if (refusal != null) {
            sendRaw("ERROR :Closing Link: " + host + " (" + refusal + ")");
            // After the flush that sendRaw scheduled (callbacks run in order): then close.
            loop.callSoon(() -> {
                closed = true;
                done.complete(null);
            });
            return done;
        }
        registry.add(this);
        registrationTimer = loop.callLater(config.registrationTimeout(), () -> {
            registrationTimer = null;
            if (!registered) {
                disconnect("Registration timeout: " + config.registrationTimeout().toSeconds() + " seconds", false);
            }
        });
        schedulePing();
        read();
        return done;
    }

    /** {@code nick!user@host} once known. */
    String mask() {
        return nick + "!" + (user == null ? "unknown" : user) + "@" + host;
    }

    /** The nick for numerics: {@code *} before one is set. */
    String target() {
        return nick == null ? "*" : nick;
    }

    boolean isClosed() {
        return closed;
    }

    /** Sends a numeric: {@code :server code target params...}, the last one as trailing. */
    void numeric(String code, String... params) {
        StringBuilder line = new StringBuilder(64).append(':').append(config.serverName()).append(' ')
                .append(code).append(' ').append(target());
        for (int i = 0; i < params.length; i++) {
            line.append(' ');
            if (i == params.length - 1) {
                line.append(':');
            }
            line.append(params[i]);
        }
        send(line.toString());
    }

    void send(String line) {
        sendRaw(line);
    }

    /**
     * Queues an encoded line (with CR LF) — what a broadcast shares among its recipients. Lines
     * queued during one loop callback go to the socket together in one write, at the end of it.
     */
    void send(byte[] line) {
        if (closed) {
            return;
        }
        link.queue(line);
        if (!flushScheduled) {
            flushScheduled = true;
            loop.callSoon(this::flush);
        }
    }

    /** Writes what {@link #send} queued: one write per connection per loop pass. */
    private void flush() {
        flushScheduled = false;
        if (closed) {
            return;
        }
        link.flush();
        if (link.sendQueueBytes() > config.sendQueueBytes()) {
            disconnect("SendQ exceeded", true);
        }
    }

    private void sendRaw(String line) {
        send(wire(line));
    }

    /**
     * {@code line} encoded with CR LF, cut to IRC's 512 bytes (RFC 2812 2.3) on a character
     * boundary: a relayed message gains the sender's prefix, so one that fitted when the client sent
     * it may not fit when it is passed on; its end is cut, as ngircd does.
     */
    static byte[] wire(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        int max = IrcText.MAX_LINE_BYTES - 2;
        int end = bytes.length;
        if (end > max) {
            end = max;
            while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
                end--;   // bytes[end] continues the character that starts before it: cut before that one
            }
        }
        byte[] out = java.util.Arrays.copyOf(bytes, end + 2);
        out[end] = '\r';
        out[end + 1] = '\n';
        return out;
    }

    /**
     * Disconnects: tells the client why (unless {@code abort}), tells its channels it quit, and
     * frees its nick. Idempotent.
     */
    void disconnect(String reason, boolean abort) {
        if (closed) {
            return;
        }
        if (registered) {
            byte[] quit = (":" + mask() + " QUIT :" + reason + "\r\n").getBytes(StandardCharsets.UTF_8);
            for (ClientConn peer : registry.peers(this)) {
                peer.send(quit);
            }
        }
        registry.remove(this);
        if (!abort) {
            sendRaw("ERROR :Closing Link: " + host + " (" + reason + ")");
            flush();
        }
        closed = true;
        cancelTimers();
        if (abort) {
            link.abort();
        }
        done.complete(null);
    }

    private void cancelTimers() {
        if (floodTimer != null) {
            floodTimer.cancel();
        }
        if (pingTimer != null) {
            pingTimer.cancel();
        }
        if (registrationTimer != null) {
            registrationTimer.cancel();
        }
        if (lineTimer != null) {
            lineTimer.cancel();
        }
    }

    private void read() {
        link.read().whenComplete((data, failure) -> {
            if (closed) {
                return;
            }
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                disconnect("Read error: " + cause.getClass().getSimpleName(), true);
            } else if (data.length == 0) {
                boolean midLine = framer.hasPartialLine() || sniff != null && sniff.length > 0;
                disconnect(midLine ? "Connection closed mid-line" : "Connection closed", false);
            } else if (sniff != null) {
                sniffed(data);
            } else if (received(data, loop.time())) {
                read();
            }
        });
    }

    /**
     * Before the first line has told IRC from HTTP: holds what arrived until it does. An
     * unfinished line is bounded in time as any other; HTTP leaves for the server's HTTP side.
     */
    private void sniffed(byte[] data) {
        long now = loop.time();
        lastReceived = now;
        pingSent = false;
        if (sniff.length == 0) {
            sniffSince = now;
        }
        byte[] held = java.util.Arrays.copyOf(sniff, sniff.length + data.length);
        System.arraycopy(data, 0, held, sniff.length, data.length);
        FirstLine.Kind kind = FirstLine.classify(held, held.length);
        if (kind == FirstLine.Kind.HTTP) {
            sniff = null;
            handOverToHttp(held);
        } else if (kind == FirstLine.Kind.IRC || held.length >= FirstLine.MAX_BYTES) {
            sniff = null;
            if (lineTimer != null) {
                lineTimer.cancel();
                lineTimer = null;
            }
            if (received(held, sniffSince)) {
                read();
            }
        } else {
            sniff = held;
            if (lineTimer == null) {
                startLineTimer(sniffSince);
            }
            read();
        }
    }

    /**
     * An HTTP request on the IRC port: this connection was never IRC; it leaves the registry (it
     * was not registered: no one saw it) and the server's HTTP side serves it, from its first byte.
     */
    private void handOverToHttp(byte[] held) {
        registry.remove(this);
        closed = true;
        cancelTimers();
        server.serveHttp(((TcpLink) link).connection(), held).whenComplete((v, e) -> done.complete(null));
    }

    /**
     * Frames what arrived; {@code partialSince} is when an unfinished line in it may have begun at
     * the earliest. Returns whether the connection goes on.
     */
    private boolean received(byte[] data, long partialSince) {
        lastReceived = loop.time();
        pingSent = false;
        long before = linesSeen;
        framer.feed(data);
        if (!closed) {
            watchUnfinishedLine(linesSeen != before, partialSince);
        }
        return !closed;
    }

    /**
     * After a read: an unfinished line must end within the line timeout (counted from the last
     * line that did end, or from the start) and within {@link #MAX_UNFINISHED_LINE} bytes.
     */
    private void watchUnfinishedLine(boolean lineEnded, long partialSince) {
        if (framer.partialBytes() > MAX_UNFINISHED_LINE) {
            disconnect("Input line too long", false);
            return;
        }
        if (lineTimer != null && (lineEnded || !framer.hasPartialLine())) {
            lineTimer.cancel();
            lineTimer = null;
        }
        if (lineTimer == null && framer.hasPartialLine()) {
            // A line that ended in this read: the unfinished one after it began now.
            startLineTimer(lineEnded ? loop.time() : partialSince);
        }
    }

    private void startLineTimer(long since) {
        lineTimer = loop.callAt(since + config.lineTimeout().toNanos(), () -> {
            lineTimer = null;
            disconnect("Line not completed within " + config.lineTimeout().toSeconds() + " seconds", false);
        });
    }

    private void onLine(LineFramer.Line line) {
        if (closed) {
            return;
        }
        linesSeen++;
        String text = line.text();
        int tagBytes = text.startsWith("@") ? IrcText.utf8Length(text.substring(0, text.indexOf(' ') < 0
                ? text.length() : text.indexOf(' ') + 1)) : 0;
        if (line.truncated() || line.bytes() - tagBytes > IrcText.MAX_LINE_BYTES) {
            numeric("417", "Input line was too long (the limit is 512 bytes with CR LF)");
            return;
        }
        if (line.hasNul()) {
            // NUL has no place in IRC (RFC 2812 2.3.1): the line is refused, not run without it.
            send(":" + config.serverName() + " NOTICE " + target() + " :Line refused: it holds a NUL byte");
            return;
        }
        if (text.isBlank()) {
            return;
        }
        waiting.add(text);
        if (waiting.size() > config.floodQueue()) {
            disconnect("Excess Flood", false);
            return;
        }
        process();
    }

    private void process() {
        while (!waiting.isEmpty() && !closed && floodTimer == null) {
            long now = loop.time();
            if (!bucket.tryTake(now)) {
                floodTimer = loop.callLater(Duration.ofNanos(Math.max(1, bucket.nanosUntilToken(now))), () -> {
                    floodTimer = null;
                    process();
                });
                return;
            }
            String line = waiting.pollFirst();
            try {
                server.commands().handle(this, line);
            } catch (RuntimeException e) {
                // A bug a client's line exposes costs that client its connection, nobody else anything.
                loop.reportError(e, "ChatServer: handling a line from " + mask() + ": " + line);
                disconnect("Internal error", false);
            }
        }
    }

    private void schedulePing() {
        pingTimer = loop.callLater(config.pingInterval(), () -> {
            long silent = loop.time() - lastReceived;
            if (silent >= config.pingTimeout().toNanos()) {
                disconnect((registered ? "Ping timeout: " : "Registration timeout: ")
                        + Duration.ofNanos(silent).plusMillis(999).toSeconds() + " seconds", false);
                return;
            }
            if (!pingSent && silent >= config.pingInterval().toNanos()) {
                pingSent = true;
                sendRaw("PING :" + config.serverName());
            }
            schedulePing();
        });
    }
}
