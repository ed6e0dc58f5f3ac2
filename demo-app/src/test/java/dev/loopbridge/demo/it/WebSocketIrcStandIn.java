package dev.loopbridge.demo.it;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * A tiny IRC-over-WebSocket server for the client's tests, on bridge-web's {@link WebSockets#serve}
 * and a loop of its own: canned answers only (CAP LS with no capabilities, 001 after USER, JOIN
 * echoed to the channel with a NAMES reply, PRIVMSG relayed to the channel's other members, PONG for
 * PING, ERROR and a close for QUIT). It accepts the subprotocols it is given and records every
 * message it receives, and the subprotocol each socket agreed, for the test thread to read.
 * {@link #stop()} closes it (every socket with 1001), {@link #startAgain()} serves again on the same port.
 */
final class WebSocketIrcStandIn implements AutoCloseable {

    /** One message a client sent: its nick then, the message's text, and whether it came as binary. */
    record Received(String nick, String text, boolean binary) {
    }

    private final EventLoop loop = EventLoops.newDefault();
    private final String[] subprotocols;
    private final TlsOptions tls;
    private final int port;
    // Written on the stand-in's loop, read by the test thread.
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> agreed = new CopyOnWriteArrayList<>();
    // Guarded by: the stand-in's loop thread.
    private final List<Member> members = new ArrayList<>();
    private Server server;

    private WebSocketIrcStandIn(TlsOptions tls, String... subprotocols) {
        this.tls = tls;
        this.subprotocols = subprotocols;
        this.server = loop.runUntilComplete(serve(0));
        Server first = server;
        this.port = loop.runUntilComplete(loop.submit(() -> ((InetSocketAddress) first.addresses().get(0)).getPort()));
    }

    /** A plain ({@code ws://}) stand-in accepting {@code subprotocols}, in its order of preference. */
    static WebSocketIrcStandIn plain(String... subprotocols) {
        return new WebSocketIrcStandIn(null, subprotocols);
    }

    /** A {@code wss://} stand-in with {@code tls} (server options) accepting {@code subprotocols}. */
    static WebSocketIrcStandIn secure(TlsOptions tls, String... subprotocols) {
        return new WebSocketIrcStandIn(tls, subprotocols);
    }

    int port() {
        return port;
    }

    /** Every message received so far, in order. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** The texts of the PRIVMSGs received so far, in order. */
    List<String> privmsgTexts() {
        return received.stream().map(r -> IrcMessage.parse(r.text()).orElseThrow())
                .filter(m -> m.command().equals("PRIVMSG")).map(IrcMessage::last).toList();
    }

    /** The subprotocol each socket agreed, in the order they opened ({@code ""} for none). */
    List<String> agreed() {
        return List.copyOf(agreed);
    }

    /** Closes the server and every socket (1001, going away), as a server going down does. */
    void stop() {
        LoopFuture<Void> closed = loop.runUntilComplete(loop.submit(() -> {
            server.close();
            members.clear();
            return server.closed();
        }));
        loop.runUntilComplete(closed);
    }

    /** Serves again on the same port. */
    void startAgain() {
        server = loop.runUntilComplete(serve(port));
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            loop.close();
        }
    }

    private LoopFuture<Server> serve(int onPort) {
        ServerOptions where = ServerOptions.bind("127.0.0.1", onPort);
        if (tls != null) {
            where = where.withTls(tls);
        }
        return WebSockets.serve(loop, where, WebSocketOptions.defaults().withSubprotocols(subprotocols), socket -> {
            agreed.add(socket.subprotocol());
            Member member = new Member(socket);
            members.add(member);
            member.receive();
            return member.done;
        });
    }

    /** One connected client, on the stand-in's loop. */
    private final class Member {
        final WebSocket socket;
        final LoopFuture<Void> done = loop.newFuture();
        final Set<String> channels = new LinkedHashSet<>();
        String nick = "*";

        Member(WebSocket socket) {
            this.socket = socket;
        }

        void receive() {
            socket.receive().whenComplete((message, failure) -> {
                if (failure != null || message == null) {
                    members.remove(this);
                    done.complete(null);
                    return;
                }
                String text = switch (message) {
                    case Message.Text t -> t.text();
                    case Message.Binary b -> new String(b.data(), StandardCharsets.UTF_8);
                };
                received.add(new Received(nick, text, message instanceof Message.Binary));
                handle(IrcMessage.parse(text).orElseThrow(() -> new AssertionError("not an IRC line: " + text)));
                if (!done.isDone()) {
                    receive();
                }
            });
        }

        void send(String line) {
            if (socket.subprotocol().equals("binary.ircv3.net")) {
                socket.send(line.getBytes(StandardCharsets.UTF_8));
            } else {
                socket.send(line);
            }
        }

        void handle(IrcMessage m) {
            switch (m.command()) {
                case "CAP" -> send(":standin CAP * LS :");
                case "NICK" -> nick = m.param(0);
                case "USER" -> send(":standin 001 " + nick + " :Welcome to the stand-in, " + nick);
                case "PING" -> send(":standin PONG standin :" + m.last());
                case "JOIN" -> {
                    String channel = m.param(0);
                    channels.add(channel);
                    List<String> names = new ArrayList<>();
                    for (Member other : members) {
                        if (other.channels.contains(channel)) {
                            other.send(":" + nick + "!u@standin JOIN " + channel);
                            names.add(other.nick);
                        }
                    }
                    send(":standin 353 " + nick + " = " + channel + " :" + String.join(" ", names));
                    send(":standin 366 " + nick + " " + channel + " :End of NAMES");
                }
                case "PRIVMSG" -> {
                    for (Member other : members) {
                        if (other != this && other.channels.contains(m.param(0))) {
                            other.send(":" + nick + "!u@standin PRIVMSG " + m.param(0) + " :" + m.last());
                        }
                    }
                }
                case "QUIT" -> {
                    send("ERROR :Closing link (" + m.last() + ")");
                    members.remove(this);
                    done.complete(null);
                }
                default -> {
                }
            }
        }
    }
}
