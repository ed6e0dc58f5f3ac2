package dev.loopbridge.demo.it;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * An IRC client over WebSocket (bridge-web's client on a loop of the test's), driven from the test
 * thread: what arrives is queued as it comes, every wait is bounded by the scaled timeout.
 */
final class WsIrcClient implements AutoCloseable {

    /** What the socket received: a message, or its end (the close status, or the failure). */
    private record Received(Message message, Object end) { }

    private final EventLoop loop;
    private final WebSocket socket;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Message> messages = new ArrayList<>();

    private WsIrcClient(EventLoop loop, WebSocket socket) {
        this.loop = loop;
        this.socket = socket;
    }

    /** Connects to {@code ws://127.0.0.1:port/} offering {@code subprotocols}. */
    static WsIrcClient connect(EventLoop loop, int port, String... subprotocols) {
        WebSocket ws = loop.runUntilComplete(WebSockets.connect(loop, URI.create("ws://127.0.0.1:" + port + "/"),
                WebSocketOptions.defaults().withSubprotocols(subprotocols)));
        WsIrcClient client = new WsIrcClient(loop, ws);
        loop.execute(client::receiveLoop);
        return client;
    }

    /** Connects and registers as {@code nick}, waiting for the end of the MOTD. */
    static WsIrcClient registered(EventLoop loop, int port, String nick, String... subprotocols) {
        WsIrcClient client = connect(loop, port, subprotocols);
        client.send("NICK " + nick, "USER " + nick + " 0 * :" + nick);
        client.expect(m -> m.command().equals("376") || m.command().equals("422"));
        return client;
    }

    private void receiveLoop() {
        socket.receive().whenComplete((m, error) -> {
            if (error != null) {
                received.add(new Received(null, error));
            } else if (m == null) {
                received.add(new Received(null, socket.closed().resultNow()));
            } else {
                received.add(new Received(m, null));
                receiveLoop();
            }
        });
    }

    String subprotocol() {
        return loop.runUntilComplete(loop.submit(socket::subprotocol));
    }

    /** Sends each line as one text message (no CR LF, as the specification says). */
    WsIrcClient send(String... lines) {
        loop.runUntilComplete(loop.submit(() -> {
            for (String line : lines) {
                socket.send(line);
            }
            return null;
        }));
        return this;
    }

    /** Reads messages until a line matches; fails at the end of the socket or after the timeout. */
    IrcMessage expect(Predicate<IrcMessage> match) {
        while (true) {
            Message m = next();
            String line = m instanceof Message.Text t ? t.text()
                    : new String(((Message.Binary) m).data(), StandardCharsets.UTF_8);
            if (line.endsWith("\n") || line.endsWith("\r")) {
                throw new AssertionError("a line with its line ending (the specification says without): " + line);
            }
            IrcMessage parsed = IrcMessage.parse(line).orElse(null);
            if (parsed != null && match.test(parsed)) {
                return parsed;
            }
        }
    }

    /** The next message; fails if the socket ended. */
    Message next() {
        Received r = poll();
        if (r.message == null) {
            throw new AssertionError("the socket ended (" + r.end + ") before the expected line; saw " + messages);
        }
        messages.add(r.message);
        return r.message;
    }

    /** Reads until the socket ends; returns how it ended: a {@link CloseStatus}, or the failure. */
    Object awaitEnd() {
        while (true) {
            Received r = poll();
            if (r.message == null) {
                return r.end;
            }
            messages.add(r.message);
        }
    }

    /** Every message received so far. */
    List<Message> messages() {
        return messages;
    }

    private Received poll() {
        try {
            Received r = received.poll(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("nothing within " + TestTimeouts.TIMEOUT + "; saw " + messages);
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        loop.runUntilComplete(loop.submit(() -> {
            socket.close();
            return null;
        }));
    }
}
