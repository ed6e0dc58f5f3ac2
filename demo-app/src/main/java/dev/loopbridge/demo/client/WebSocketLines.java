package dev.loopbridge.demo.client;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.loopbridge.demo.irc.IrcText;
import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketException;

/**
 * IRC lines over a WebSocket, as the IRCv3 WebSocket specification binds them: loop thread only.
 * One IRC line per message, without CR LF, UTF-8. The client offers {@value #TEXT} then
 * {@value #BINARY}; with {@value #BINARY} agreed, lines go out as binary messages (their UTF-8
 * bytes), otherwise as text messages. Either kind is accepted coming in (a server that agreed no
 * subprotocol may send either, the specification leaves that to the implementation), and a
 * message holding line breaks, which a server must not send, is read as the lines it holds.
 *
 * <p>Messages are read as the previous one is handled ({@link WebSocket#receive()} one at a time),
 * so the socket's flow control holds a server that sends faster than the loop handles lines.
 */
final class WebSocketLines implements LineTransport {

    /** The IRCv3 subprotocol for text messages. */
    static final String TEXT = "text.ircv3.net";

    /** The IRCv3 subprotocol for binary messages. */
    static final String BINARY = "binary.ircv3.net";

    /** The subprotocols offered, most wanted first: UTF-8 text is what this client speaks. */
    static final List<String> OFFERED = List.of(TEXT, BINARY);

    private final WebSocket socket;
    private final boolean binary;
    // Guarded by: the loop thread. Where lines go; null until started.
    private Receiver receiver;
    // Guarded by: the loop thread. false -> true once: ended or aborted; nothing is delivered after.
    private boolean done;

    WebSocketLines(WebSocket socket) {
        this.socket = socket;
        this.binary = socket.subprotocol().equals(BINARY);
    }

    @Override
    public void start(Receiver newReceiver) {
        this.receiver = newReceiver;
        receive();
    }

    private void receive() {
        socket.receive().whenComplete((message, failure) -> {
            if (done) {
                return;
            }
            if (failure != null) {
                end(failure);
                return;
            }
            if (message == null) {
                CloseStatus status = socket.closed().getNow(null);
                end("the server closed the WebSocket" + (status == null ? "" : " (" + status + ")"));
                return;
            }
            receiver.heard();
            String text = switch (message) {
                case Message.Text t -> t.text();
                case Message.Binary b -> IrcText.decode(b.data(), 0, b.data().length);
            };
            // One line per message, as the binding says; a message holding CR or LF anyway is read as
            // the lines it holds, empty ones skipped. By hand, not String.split with a regex, which
            // would compile a Pattern for every message on the loop thread (the FX thread in FxChat).
            int start = 0;
            for (int i = 0; i <= text.length(); i++) {
                if (i == text.length() || text.charAt(i) == '\r' || text.charAt(i) == '\n') {
                    if (done) {
                        return;
                    }
                    if (i > start) {
                        receiver.line(text.substring(start, i));
                    }
                    start = i + 1;
                }
            }
            if (!done) {
                receive();
            }
        });
    }

    private void end(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof WebSocketException)) {
            cause = cause.getCause();
        }
        if (cause instanceof WebSocketException e && e.closeStatus() != null) {
            end("the WebSocket ended: " + e.closeStatus());
        } else {
            end(ChatClient.describe(failure));
        }
    }

    private void end(String reason) {
        done = true;
        receiver.ended(reason);
    }

    @Override
    public void send(String line) {
        if (done) {
            return;
        }
        // The socket's own end is reported by receive(); a send that fails with it says nothing new.
        if (binary) {
            socket.send(line.getBytes(StandardCharsets.UTF_8)).exceptionally(e -> null);
        } else {
            socket.send(line).exceptionally(e -> null);
        }
    }

    @Override
    public void abort() {
        done = true;
        // The closing handshake is bounded by the socket's close timeout; nobody waits for it.
        socket.close(CloseStatus.GOING_AWAY, "");
    }

    /** The subprotocol agreed ({@code ""} for none). */
    String subprotocol() {
        return socket.subprotocol();
    }
}
