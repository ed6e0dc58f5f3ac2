package dev.loopbridge.demo.client;

import java.nio.charset.StandardCharsets;

import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.Transport;
import dev.loopbridge.demo.irc.IrcText;
import dev.loopbridge.demo.irc.LineFramer;

/**
 * IRC lines on a TCP or TLS stream, CR LF framed: loop thread only. Reads 4 KiB at a time and cuts
 * the bytes into lines with a {@link LineFramer} (a line over the limit arrives truncated).
 */
final class StreamLines implements LineTransport {

    private final StreamConnection connection;
    private final LineFramer framer;
    // Guarded by: the loop thread. Where lines go; null until started.
    private Receiver receiver;
    // Guarded by: the loop thread. false -> true once: ended or aborted; nothing is delivered after.
    private boolean done;

    StreamLines(StreamConnection connection) {
        this.connection = connection;
        this.framer = new LineFramer(IrcText.MAX_LINE_BYTES + IrcText.MAX_TAG_BYTES, line -> {
            if (!done) {
                receiver.line(line.text());
            }
        });
    }

    @Override
    public void start(Receiver newReceiver) {
        this.receiver = newReceiver;
        read();
    }

    private void read() {
        connection.reader().read(4096).whenComplete((data, failure) -> {
            if (done) {
                return;
            }
            if (failure != null) {
                end(ChatClient.describe(failure));
            } else if (data.length == 0) {
                end(framer.hasPartialLine() ? "the server closed the connection mid-line" : "the server closed the connection");
            } else {
                receiver.heard();
                framer.feed(data);
                if (!done) {
                    read();
                }
            }
        });
    }

    private void end(String reason) {
        done = true;
        receiver.ended(reason);
    }

    @Override
    public void send(String line) {
        if (!done) {
            connection.writer().write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void abort() {
        done = true;
        Transport transport = connection.writer().transport();
        if (transport != null) {
            transport.abort();
        } else {
            connection.close();
        }
    }
}
