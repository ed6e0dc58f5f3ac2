package dev.loopbridge.demo.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.irc.IrcMessage;

/**
 * A bare IRC connection driven line by line from the test thread (blocking sockets, every read
 * bounded by the scaled timeout): what a misbehaving or minimal client looks like to the server.
 */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final List<String> seen = new ArrayList<>();

    RawClient(int port) {
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout((int) TestTimeouts.TIMEOUT.toMillis());
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects and registers as {@code nick}, waiting for the end of the MOTD (376 or 422). */
    static RawClient registered(int port, String nick) {
        RawClient client = new RawClient(port);
        client.send("NICK " + nick, "USER " + nick + " 0 * :" + nick);
        client.expect(m -> m.command().equals("376") || m.command().equals("422"));
        return client;
    }

    /** Sends lines, each with CR LF. */
    RawClient send(String... lines) {
        for (String line : lines) {
            sendBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    void sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends bytes unless the server has closed the connection; returns whether they went. */
    boolean trySend(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException closedByServer) {
            return false;
        }
    }

    /** Reads lines until one matches; fails at EOF or after the timeout. */
    IrcMessage expect(Predicate<IrcMessage> match) {
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new AssertionError("EOF before the expected line; saw " + seen);
            }
            IrcMessage message = IrcMessage.parse(line).orElse(null);
            if (message != null && match.test(message)) {
                return message;
            }
        }
    }

    /** Reads messages until one matches; returns them all, the matching one last. */
    List<IrcMessage> collect(Predicate<IrcMessage> last) {
        List<IrcMessage> messages = new ArrayList<>();
        expect(m -> {
            messages.add(m);
            return last.test(m);
        });
        return messages;
    }

    /** Reads lines until the server closes the connection; returns them. */
    List<String> readToEof() {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = readLine()) != null) {
            lines.add(line);
        }
        return lines;
    }

    /** Every line read so far. */
    List<String> seen() {
        return seen;
    }

    private String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return line.size() == 0 ? null : finish(line);
                }
                if (b == '\n') {
                    return finish(line);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no line within " + TestTimeouts.TIMEOUT + "; saw " + seen, e);
        } catch (IOException e) {
            return line.size() == 0 ? null : finish(line);   // reset by the server: as EOF
        }
    }

    private String finish(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        seen.add(text);
        return text;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the server already closed
        }
    }
}
