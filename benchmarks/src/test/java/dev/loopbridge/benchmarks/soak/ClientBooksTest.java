package dev.loopbridge.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.demo.client.ChannelInfo;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;

/**
 * How {@link ClientBooks} decides that a confirmed line nobody received had nobody to go to: the
 * sender was alone in the channel when the server took the line. A real {@link ChatClient} on a
 * default loop talks over loopback to a server this test scripts line by line (on a thread of its
 * own, blocking), so the order of what the client sees is fixed: no timing decides the outcome.
 */
class ClientBooksTest {

    /** How long a wait for a loopback exchange of a few lines may take, scaled for slow machines. */
    private static final Duration TIMEOUT =
            Duration.ofSeconds(10).multipliedBy(Long.getLong("loopbridge.test.timeoutScale", 1));

    private final EventLoop loop = EventLoops.newDefault();
    private ServerSocket listener;
    private Socket accepted;

    @AfterEach
    void close() throws IOException {
        loop.close();
        if (accepted != null) {
            accepted.close();
        }
        if (listener != null) {
            listener.close();
        }
    }

    /**
     * The soak's case: the first client back after a restart writes the line it queued while the
     * server was down right after its JOIN, the server takes it with nobody else in the channel, and
     * another client's JOIN reaches the sender before the PONG that confirms the line. Nobody could
     * receive it: alone, a loss the client has no part in — not a silent one.
     */
    @Test
    void aLineTakenBeforeAnotherMemberJoinedIsAloneThoughTheJoinCameBeforeTheConfirmation() throws Exception {
        Ledger.Outcome outcome = sendOneLine("soak0", false);
        assertEquals(1, outcome.lost(), outcome.toString());
        assertEquals(1, outcome.lostAloneInChannel(), "soak1 joined after the server took the line: " + outcome);
    }

    /** A member the server listed in the NAMES reply to the sender's JOIN was there: a real loss. */
    @Test
    void aMemberListedWhenTheSenderJoinedWasThereSoTheLossIsNotExcused() throws Exception {
        Ledger.Outcome outcome = sendOneLine("soak0 soak1", false);
        assertEquals(1, outcome.lost(), outcome.toString());
        assertEquals(0, outcome.lostAloneInChannel(), "soak1 was in the channel before the line: " + outcome);
    }

    /** A member whose JOIN reached the sender before it wrote the line was there: a real loss. */
    @Test
    void aMemberWhoseJoinCameBeforeTheLineWasWrittenWasThereSoTheLossIsNotExcused() throws Exception {
        Ledger.Outcome outcome = sendOneLine("soak0", true);
        assertEquals(1, outcome.lost(), outcome.toString());
        assertEquals(0, outcome.lostAloneInChannel(), "soak1 joined before the line was written: " + outcome);
    }

    /**
     * One line, confirmed, received by nobody. The server (this test) registers the client, answers
     * its JOIN with a NAMES reply listing {@code names}, tells the client that soak1 joined — right
     * after the NAMES reply when {@code joinFirst} (and the client says the line once it shows
     * soak1), else once it has read the line (which the client queued before connecting) — and then
     * answers the PING that follows the line.
     */
    private Ledger.Outcome sendOneLine(String names, boolean joinFirst) throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CompletableFuture<Void> script = CompletableFuture.runAsync(() -> {
            try {
                accepted = listener.accept();
                BufferedReader in = new BufferedReader(new InputStreamReader(accepted.getInputStream(),
                        StandardCharsets.UTF_8));
                OutputStream out = accepted.getOutputStream();
                readUntil(in, "USER ");
                send(out, ":srv 001 soak0 :Welcome");
                readUntil(in, "JOIN #soak0");
                send(out, ":soak0!u@h JOIN #soak0", ":srv 353 soak0 = #soak0 :" + names,
                        ":srv 366 soak0 #soak0 :End of /NAMES list");
                if (joinFirst) {
                    send(out, ":soak1!u@h JOIN #soak0");
                }
                readUntil(in, "PRIVMSG #soak0 ");
                if (!joinFirst) {
                    send(out, ":soak1!u@h JOIN #soak0");
                }
                String ping = readUntil(in, "PING ");
                send(out, ":srv PONG srv :" + ping.substring(ping.lastIndexOf(' ') + 1).replace(":", ""));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, runnable -> Thread.ofPlatform().name("scripted-irc-server").daemon().start(runnable));

        Ledger ledger = new Ledger(2);
        CompletableFuture<ChatEntry> confirmed = new CompletableFuture<>();
        boolean[] said = {false};   // the loop thread's
        loop.submit(() -> {
            ChatClient client = new ChatClient(loop, ChatConfig.of("127.0.0.1", listener.getLocalPort(), "soak0")
                    .withChannels(List.of("#soak0")).withJitterSeed(1));
            ClientBooks books = new ClientBooks(0, client, ledger, new ClientBooks.Crowd());
            client.addListener(books);
            client.addListener(new ChatListener() {
                @Override
                public void entryUpdated(ChatEntry entry) {
                    if (entry.status() == ChatEntry.Status.SENT) {
                        confirmed.complete(entry);
                    }
                }

                @Override
                public void channelChanged(ChannelInfo channel) {
                    if (joinFirst && channel.members().contains("soak1") && !said[0]) {
                        said[0] = true;
                        books.say("#soak0");
                    }
                }
            });
            client.start();
            if (!joinFirst) {
                books.say("#soak0");   // queued while connecting, as during an outage: it goes right after the JOIN
            }
            return null;
        }).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        script.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        confirmed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return loop.submit(ledger::outcome).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads lines until one starts with {@code prefix}; returns it. */
    private static String readUntil(BufferedReader in, String prefix) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("the client closed the connection before sending " + prefix.trim());
    }

    private static void send(OutputStream out, String... lines) throws IOException {
        for (String line : lines) {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }
}
