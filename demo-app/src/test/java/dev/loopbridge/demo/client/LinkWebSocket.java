package dev.loopbridge.demo.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.demo.irc.IrcText;
import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketException;

/**
 * A {@link WebSocket} whose server side is a {@link FakeNetwork.Link}, so that every test written
 * against the fake network's lines also runs over the client's WebSocket transport: each line the
 * test sends to the link arrives as one message (text, or binary when the subprotocol is
 * {@code binary.ircv3.net}), and each message the client sends goes to the link as one line. A
 * message holding CR or LF fails the test: the IRCv3 binding forbids them. The link hanging up is
 * the server closing with 1001; {@link #dropAbnormally()} is a connection lost without a close
 * (1006). Loop thread only.
 */
final class LinkWebSocket implements WebSocket {

    private final EventLoop loop;
    private final StreamConnection link;
    private final String subprotocol;
    private final String path;
    private final Deque<byte[]> lines = new ArrayDeque<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final LoopFuture<CloseStatus> closed;
    // Every message the client sent, in order, as the socket carried it.
    final List<Message> sent = new ArrayList<>();
    private boolean reading;
    private LoopFuture<Message> waiting;
    private CloseStatus status;
    private CloseStatus clientClose;

    LinkWebSocket(EventLoop loop, StreamConnection link, String subprotocol, String path) {
        this.loop = loop;
        this.link = link;
        this.subprotocol = subprotocol;
        this.path = path;
        this.closed = loop.newFuture();
    }

    /** The connection drops without a closing handshake: the client's receive fails with 1006. */
    void dropAbnormally() {
        end(new CloseStatus(CloseStatus.ABNORMAL, ""));
    }

    /** The server sends {@code text} as one text message, as it is (line breaks included). */
    void sendMessage(String text) {
        lines.add(text.getBytes(StandardCharsets.UTF_8));
        if (waiting != null) {
            LoopFuture<Message> w = waiting;
            waiting = null;
            byte[] message = lines.poll();
            w.complete(new Message.Text(IrcText.decode(message, 0, message.length)));
        }
    }

    /** How the client closed the socket, or null if it did not. */
    CloseStatus clientClose() {
        return clientClose;
    }

    private void end(CloseStatus how) {
        if (status != null) {
            return;
        }
        status = how;
        closed.complete(how);
        if (waiting != null && lines.isEmpty()) {
            LoopFuture<Message> w = waiting;
            waiting = null;
            deliverEnd(w);
        }
    }

    private void deliverEnd(LoopFuture<Message> f) {
        if (status.isNormal()) {
            f.complete(null);
        } else {
            f.completeExceptionally(new WebSocketException("the connection was lost", status));
        }
    }

    @Override
    public LoopFuture<Message> receive() {
        LoopFuture<Message> f = loop.newFuture();
        if (!lines.isEmpty()) {
            f.complete(message(lines.poll()));
        } else if (status != null) {
            deliverEnd(f);
        } else {
            waiting = f;
            readMore();
        }
        return f;
    }

    private Message message(byte[] line) {
        return subprotocol.equals("binary.ircv3.net") ? new Message.Binary(line)
                : new Message.Text(IrcText.decode(line, 0, line.length));
    }

    private void readMore() {
        if (reading) {
            return;
        }
        reading = true;
        link.reader().read(4096).whenComplete((data, failure) -> {
            reading = false;
            if (status != null) {
                return;
            }
            if (failure != null || data.length == 0) {
                end(failure != null ? new CloseStatus(CloseStatus.ABNORMAL, "")
                        : new CloseStatus(CloseStatus.GOING_AWAY, "server going down"));
                return;
            }
            split(data);
            if (waiting != null && !lines.isEmpty()) {
                LoopFuture<Message> w = waiting;
                waiting = null;
                w.complete(message(lines.poll()));
            } else if (waiting != null) {
                readMore();
            }
        });
    }

    private void split(byte[] data) {
        for (byte b : data) {
            if (b == '\n' || b == '\r') {
                if (partial.size() > 0) {
                    lines.add(partial.toByteArray());
                    partial.reset();
                }
            } else {
                partial.write(b);
            }
        }
    }

    @Override
    public LoopFuture<Void> send(String text) {
        sent.add(new Message.Text(text));
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public LoopFuture<Void> send(byte[] data) {
        sent.add(new Message.Binary(data.clone()));
        return write(data);
    }

    private LoopFuture<Void> write(byte[] line) {
        for (byte b : line) {
            if (b == '\r' || b == '\n') {
                throw new AssertionError("a WebSocket message holds a line break (the IRCv3 binding forbids it): "
                        + Arrays.toString(line));
            }
        }
        LoopFuture<Void> f = loop.newFuture();
        if (status != null || clientClose != null) {
            f.completeExceptionally(new WebSocketException("the socket is closed", status));
        } else {
            byte[] framed = Arrays.copyOf(line, line.length + 2);
            framed[line.length] = '\r';
            framed[line.length + 1] = '\n';
            link.writer().write(framed);
            f.complete(null);
        }
        return f;
    }

    @Override
    public LoopFuture<Void> ping(byte[] payload) {
        LoopFuture<Void> f = loop.newFuture();
        f.complete(null);
        return f;
    }

    @Override
    public LoopFuture<CloseStatus> close(int code, String reason) {
        if (clientClose == null && status == null) {
            clientClose = new CloseStatus(code, reason);
            link.close();
            end(clientClose);
        }
        return closed;
    }

    @Override
    public LoopFuture<CloseStatus> closed() {
        return closed;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public boolean isCompressed() {
        return false;
    }

    @Override
    public void close() {
        close(CloseStatus.NORMAL, "");
    }
}
