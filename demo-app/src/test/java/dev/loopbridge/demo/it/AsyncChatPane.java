package dev.loopbridge.demo.it;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

import dev.loopbridge.core.Async;
import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.StreamWriter;

/** A chat pane's network side as sequential code with Async.await. Loop thread only. */
final class AsyncChatPane implements AutoCloseable {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private final ConnectOptions server;
    private final String nick;
    private final String channel;
    private final Consumer<String> show;
    private final Consumer<String> status;
    private final Deque<String> outbox = new ArrayDeque<>();
    private final LoopFuture<Void> session;
    private StreamWriter joined;                         // null while not in the channel
    private Duration backoff = Duration.ofSeconds(1);

    AsyncChatPane(EventLoop loop, ConnectOptions server, String nick, String channel,
            Consumer<String> show, Consumer<String> status) {
        this.server = server.withLineSeparator("\r\n");  // IRC wants CRLF on the wire
        this.nick = nick;
        this.channel = channel;
        this.show = show;
        this.status = status;
        this.session = Async.async(loop, () -> run(loop));
    }

    /** Sends {@code text} to the channel now, or in order once (re)joined. */
    void send(String text) {
        outbox.add(text);
        flush();
    }

    private Void run(EventLoop loop) throws Exception {
        while (true) {
            status.accept("connecting");
            String why = "connection closed";
            try (StreamConnection conn = Async.await(loop.openConnection(server))) {
                conn.writer().writeLine("NICK " + nick);
                conn.writer().writeLine("USER " + nick + " 0 * :" + nick);
                String line;
                while ((line = Async.await(conn.reader().readLine())) != null) {
                    handle(conn, line);
                }
            } catch (Exception e) {
                Async.ensureActive();                    // closed by the user: end here, no reconnect
                why = e.getMessage();
            } finally {
                joined = null;
            }
            status.accept("offline (" + why + "), retrying in " + backoff.toSeconds() + " s");
            Async.await(loop.sleep(backoff));
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private void handle(StreamConnection conn, String line) {
        String[] word = line.split(" ", 4);              // [:prefix] COMMAND params...
        if (word[0].equals("PING")) {
            conn.writer().writeLine("PONG " + word[1]);
        } else if (word.length >= 3 && word[1].equals("001")) {
            conn.writer().writeLine("JOIN " + channel);
        } else if (word.length >= 3 && word[1].equals("JOIN") && word[0].startsWith(":" + nick + "!")) {
            joined = conn.writer();
            backoff = Duration.ofSeconds(1);
            status.accept("in " + channel);
            flush();
        } else if (word.length == 4 && word[1].equals("PRIVMSG") && word[2].equals(channel)) {
            show.accept("<" + word[0].substring(1, word[0].indexOf('!')) + "> " + word[3].substring(1));
        }
    }

    private void flush() {
        while (joined != null && !outbox.isEmpty()) {
            String text = outbox.remove();
            joined.writeLine("PRIVMSG " + channel + " :" + text);
            show.accept("<" + nick + "> " + text);
        }
    }

    /** Says goodbye (sent before the connection closes), and stops. */
    @Override
    public void close() {
        if (joined != null) {
            joined.writeLine("QUIT :closing");
        }
        session.cancel(false);                           // CancellationException at the await
    }
}
