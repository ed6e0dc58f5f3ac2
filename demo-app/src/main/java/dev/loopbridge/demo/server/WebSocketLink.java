package dev.loopbridge.demo.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;

/**
 * IRC over WebSocket, as the IRCv3 WebSocket specification says: one line per message, without
 * CR LF; binary messages when {@code binary.ircv3.net} was agreed, text messages otherwise
 * ({@code text.ircv3.net}, or no subprotocol). Both kinds are read whichever was agreed. Loop thread
 * only.
 *
 * <p>A message is handed to the line framer with a CR LF after it, so a line is measured as on TCP
 * (510 bytes of message make the 512 of RFC 1459) and a message holding a line break is cut there,
 * as the same bytes on TCP would be — never relayed with the break inside. Every line the server
 * writes is valid UTF-8 (it is encoded from Java strings), which text messages require.
 */
final class WebSocketLink implements LineLink {

    /** The subprotocols; the client's order of preference picks one (IRCv3). */
    static final String TEXT = "text.ircv3.net";
    static final String BINARY = "binary.ircv3.net";

    private static final byte[] CRLF = {'\r', '\n'};

    private final WebSocket socket;
    private final StreamConnection connection;
    private final boolean binary;

    /**
     * @param socket the upgraded socket
     * @param connection the connection under it: its address and its write buffer (the send queue)
     */
    WebSocketLink(WebSocket socket, StreamConnection connection) {
        this.socket = socket;
        this.connection = connection;
        this.binary = BINARY.equals(socket.subprotocol());
    }

    @Override
    public StreamConnection connection() {
        return connection;
    }

    @Override
    public LoopFuture<byte[]> read() {
        return socket.receive().thenApply(message -> {
            if (message == null) {
                return new byte[0];
            }
            byte[] line = message instanceof Message.Text text ? text.text().getBytes(StandardCharsets.UTF_8)
                    : ((Message.Binary) message).data();
            byte[] withEnd = Arrays.copyOf(line, line.length + 2);
            System.arraycopy(CRLF, 0, withEnd, line.length, 2);
            return withEnd;
        });
    }

    @Override
    public void queue(byte[] line) {
        int end = line.length - 2;  // every queued line ends with CR LF (ClientConn.wire)
        LoopFuture<Void> sent = binary ? socket.send(Arrays.copyOf(line, end))
                : socket.send(new String(line, 0, end, StandardCharsets.UTF_8));
        // A send fails only once the socket is closing or closed, which the reads report.
        sent.exceptionally(error -> null);
    }

    @Override
    public void flush() {
        // The socket gathers the messages sent in one loop pass into one write by itself.
    }
}
