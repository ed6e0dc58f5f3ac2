package dev.loopbridge.demo.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.loopbridge.core.tck.TestTimeouts;

/**
 * A WebSocket written by hand on a blocking socket, for what a well-behaved client never sends:
 * broken frames, a frame cut off, a connection dropped mid-message. Test thread; every read bounded
 * by the scaled timeout.
 */
final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) TestTimeouts.TIMEOUT.toMillis());
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Sends {@code request} to the port as it is, and returns the response head (up to the blank line). */
    static String exchange(int port, String request) {
        try (RawWebSocket raw = new RawWebSocket(new Socket(InetAddress.getLoopbackAddress(), port))) {
            raw.write(request.getBytes(StandardCharsets.ISO_8859_1));
            return raw.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a WebSocket to the port with subprotocol {@code text.ircv3.net}, failing unless it gets 101. */
    static RawWebSocket open(int port) {
        return open(port, "");
    }

    /** As {@link #open(int)}, with extra header lines (each ending in CR LF). */
    static RawWebSocket open(int port, String extraHeaders) {
        try {
            RawWebSocket raw = new RawWebSocket(new Socket(InetAddress.getLoopbackAddress(), port));
            raw.write(upgrade("/", "Sec-WebSocket-Protocol: text.ircv3.net\r\n" + extraHeaders)
                    .getBytes(StandardCharsets.ISO_8859_1));
            String head = raw.readHead();
            if (!head.startsWith("HTTP/1.1 101 ")) {
                throw new AssertionError("not upgraded: " + head);
            }
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An upgrade request for {@code path} with extra header lines (each ending in CR LF). */
    static String upgrade(String path, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + extraHeaders + "\r\n";
    }

    /** A client's text frame: final, masked. */
    static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("payload: " + payload.length + " bytes (expected: <= 125 here)");
        }
        byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Sends each line as a text frame. */
    RawWebSocket sendLines(String... lines) {
        for (String line : lines) {
            write(textFrame(line));
        }
        return this;
    }

    void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
    }

    /** Reads to the end of the stream (a reset counts as the end). */
    String readAll() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server did not close within " + TestTimeouts.TIMEOUT + "; got "
                    + all.toString(StandardCharsets.ISO_8859_1), e);
        } catch (IOException reset) {
            // the server closed with unread bytes on its side: what came before stands
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed by the server
        }
    }
}
