package dev.loopbridge.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.testing.TestEventLoop;
import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.irc.IrcText;

/**
 * The client core on virtual time, against an in-memory server the test plays: registration,
 * keepalive and lag, reconnect backoff, the rate limit, and exactly-once delivery of queued lines.
 */
class ChatClientTest {

    final TestEventLoop loop = TestEventLoop.create();
    final FakeNetwork net = new FakeNetwork(loop);
    private final List<Long> dialTimes = new ArrayList<>();
    private final List<ConnectionState> states = new ArrayList<>();
    private final List<ChatEntry> updates = new ArrayList<>();
    private final List<Duration> lags = new ArrayList<>();
    private ChatClient client;

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private ChatClient start(ChatConfig config) {
        Dialer recording = (ConnectOptions options) -> {
            dialTimes.add(loop.time());
            LoopFuture<StreamConnection> link = net.dial(options);
            return link;
        };
        client = newClient(config, recording);
        client.addListener(new ChatListener() {
            @Override
            public void stateChanged(ConnectionState state) {
                states.add(state);
            }

            @Override
            public void entryUpdated(ChatEntry entry) {
                updates.add(entry);
            }

            @Override
            public void lagChanged(Duration lag) {
                lags.add(lag);
            }
        });
        client.start();
        loop.runUntilIdle();
        return client;
    }

    /** A client on {@code dialer}'s connections: TCP streams here; subclasses put another transport on them. */
    ChatClient newClient(ChatConfig config, Dialer dialer) {
        return new ChatClient(loop, config, dialer);
    }

    private static ChatConfig config() {
        return ChatConfig.of("irc.test", 6667, "ada").withChannels(List.of("#loop")).withJitterSeed(42)
                .withRateLimit(100, Duration.ofMillis(10));
    }

    private FakeNetwork.Link registered() {
        FakeNetwork.Link link = net.last();
        link.send(":srv CAP * LS :multi-prefix");
        link.welcome();
        loop.runUntilIdle();
        return link;
    }

    private static List<String> texts(List<IrcMessage> messages) {
        return messages.stream().map(IrcMessage::last).toList();
    }

    @Test
    void registersWithNickAndUserThenJoinsItsChannels() {
        start(config());
        FakeNetwork.Link link = net.last();
        assertEquals(List.of("CAP LS 302", "NICK ada", "USER loopchat 0 * :LoopChat (LoopBridge demo)"), link.received());
        assertEquals(ConnectionState.REGISTERING, client.state());
        link.send(":srv CAP * LS :multi-prefix sasl");
        loop.runUntilIdle();
        assertEquals("CAP END", link.received().get(3));
        link.welcome();
        loop.runUntilIdle();
        assertEquals(ConnectionState.CONNECTED, client.state());
        assertEquals("JOIN #loop", link.received().get(4));
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.REGISTERING, ConnectionState.CONNECTED), states);
    }

    @Test
    void aNickInUseFallsBackToVariantsUntilOneIsFree() {
        start(config());
        FakeNetwork.Link link = net.last();
        link.send(":srv 433 * ada :Nickname is already in use");
        loop.runUntilIdle();
        link.send(":srv 433 * ada_ :Nickname is already in use");
        loop.runUntilIdle();
        assertEquals(List.of("ada", "ada_", "ada__"), link.received("NICK").stream().map(m -> m.param(0)).toList());
        link.send(":srv 001 ada__ :Welcome");
        loop.runUntilIdle();
        assertEquals("ada__", client.nick());
        assertEquals(ConnectionState.CONNECTED, client.state());
    }

    @Test
    void answersServerPingsAndMeasuresLagWithItsOwn() {
        start(config());
        FakeNetwork.Link link = registered();
        link.send("PING :srv.token");
        loop.runUntilIdle();
        assertEquals("srv.token", link.received("PONG").get(0).last());
        loop.advance(Duration.ofSeconds(30));
        assertEquals(1, link.received("PING").size());
        loop.advance(Duration.ofMillis(120));
        link.answerPings();
        loop.runUntilIdle();
        assertEquals(Duration.ofMillis(120), client.lag().orElseThrow());
        assertEquals(List.of(Duration.ofMillis(120)), lags);
    }

    @Test
    void aSilentServerIsDroppedAfterThePingTimeoutAndTheClientReconnects() {
        start(config().withPing(Duration.ofSeconds(30), Duration.ofSeconds(90)).withReconnect(Duration.ofSeconds(1),
                Duration.ofSeconds(60)));
        FakeNetwork.Link first = registered();
        loop.advance(Duration.ofSeconds(89));
        assertEquals(ConnectionState.CONNECTED, client.state());
        loop.advance(Duration.ofSeconds(1));
        assertEquals(ConnectionState.WAITING, client.state());
        assertTrue(first.clientClosed());
        loop.advance(Duration.ofSeconds(1));
        assertEquals(2, net.links().size());
        assertEquals(ConnectionState.REGISTERING, client.state());
    }

    @Test
    void reconnectDelaysDoubleWithJitterUpToTheCap() {
        net.refuse(true);
        start(config().withReconnect(Duration.ofSeconds(1), Duration.ofSeconds(16)));
        loop.advance(Duration.ofMinutes(5));
        assertTrue(dialTimes.size() > 8, "dials: " + dialTimes.size());
        boolean jittered = false;
        for (int n = 1; n < dialTimes.size(); n++) {
            long delay = dialTimes.get(n) - dialTimes.get(n - 1);
            long ceiling = Duration.ofSeconds(Math.min(16, 1L << (n - 1))).toNanos();
            assertTrue(delay >= ceiling / 2 && delay <= ceiling, "attempt " + n + ": delay " + delay + " ns, ceiling " + ceiling);
            jittered |= delay != ceiling;
        }
        assertTrue(jittered, "every delay was exactly the ceiling: no jitter");
        net.refuse(false);
        loop.advance(Duration.ofSeconds(16));
        registered();
        net.last().hangUp();
        loop.runUntilIdle();
        int before = dialTimes.size();
        loop.advance(Duration.ofSeconds(1));
        assertEquals(before + 1, dialTimes.size(), "after a successful registration the backoff starts over at 1 s");
    }

    @Test
    void linesTypedWhileDisconnectedArePendingThenSentInOrderExactlyOnce() {
        net.refuse(true);
        start(config());
        for (int i = 1; i <= 5; i++) {
            client.submit("queued " + i);
        }
        assertEquals(5, client.pendingCount());
        assertTrue(client.log().stream().filter(ChatEntry::isOwn).allMatch(e -> e.status() == ChatEntry.Status.PENDING));
        net.refuse(false);
        loop.advance(Duration.ofSeconds(2));
        FakeNetwork.Link link = registered();
        assertEquals(List.of("queued 1", "queued 2", "queued 3", "queued 4", "queued 5"), texts(link.received("PRIVMSG")));
        assertTrue(link.received().indexOf("JOIN #loop") < link.received().indexOf("PRIVMSG #loop :queued 1"),
                "the channel is joined before the queued lines go to it");
        link.answerPings();
        loop.runUntilIdle();
        assertTrue(client.log().stream().filter(ChatEntry::isOwn).allMatch(e -> e.status() == ChatEntry.Status.SENT));
        link.hangUp();
        loop.advance(Duration.ofSeconds(2));
        FakeNetwork.Link next = registered();
        assertEquals(List.of(), next.received("PRIVMSG"), "confirmed lines are never sent again");
    }

    @Test
    void aPasteIsHeldToTheRateLimit() {
        start(config().withRateLimit(5, Duration.ofSeconds(2)));
        FakeNetwork.Link link = registered();
        int joinAndRegistration = link.received().size();
        for (int i = 0; i < 20; i++) {
            client.submit("line " + i);
        }
        loop.runUntilIdle();
        assertEquals(5, link.received("PRIVMSG").size(), "the burst");
        loop.advance(Duration.ofMillis(1999));
        assertEquals(5, link.received("PRIVMSG").size());
        loop.advance(Duration.ofMillis(1));
        assertEquals(6, link.received("PRIVMSG").size(), "one more per interval");
        assertEquals(0, link.received("PING").size(), "no barrier PING while the paste is still queued");
        loop.advance(Duration.ofSeconds(28));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("line " + i);
        }
        assertEquals(expected, texts(link.received("PRIVMSG")));
        assertTrue(link.received().size() > joinAndRegistration);
        loop.advance(Duration.ofSeconds(2));
        link.answerPings();
        loop.runUntilIdle();
        assertTrue(client.log().stream().filter(ChatEntry::isOwn).allMatch(e -> e.status() == ChatEntry.Status.SENT));
    }

    @Test
    void linesInFlightWhenTheConnectionDiesAreResentOnceWhereTheServerDropsRepeats() {
        start(config());
        FakeNetwork.Link first = net.last();
        first.send(":srv CAP * LS :message-tags loopbridge.dev/dedup=run1");
        loop.runUntilIdle();
        assertEquals("CAP REQ :message-tags loopbridge.dev/dedup", first.received().get(3));
        first.send(":srv CAP * ACK :message-tags loopbridge.dev/dedup");
        first.welcome();
        loop.runUntilIdle();
        client.submit("one");
        client.submit("two");
        loop.runUntilIdle();
        List<IrcMessage> sent = first.received("PRIVMSG");
        assertEquals(List.of("one", "two"), texts(sent));
        assertTrue(updates.stream().anyMatch(e -> e.status() == ChatEntry.Status.IN_FLIGHT));
        first.hangUp();                       // no PONG: the server may or may not have them
        loop.runUntilIdle();
        assertEquals(2, client.pendingCount());
        loop.advance(Duration.ofSeconds(2));
        FakeNetwork.Link second = net.last();
        second.send(":srv CAP * LS :message-tags loopbridge.dev/dedup=run1");
        second.send(":srv CAP * ACK :message-tags loopbridge.dev/dedup");
        second.welcome();
        loop.runUntilIdle();
        List<IrcMessage> resent = second.received("PRIVMSG");
        assertEquals(List.of("one", "two"), texts(resent));
        assertEquals(sent.get(0).tags().get("loopbridge.dev/cid"), resent.get(0).tags().get("loopbridge.dev/cid"),
                "the same client id, so the server can drop a repeat");
        second.answerPings();
        loop.runUntilIdle();
        List<ChatEntry> own = client.log().stream().filter(ChatEntry::isOwn).toList();
        assertEquals(2, own.size(), "one log entry per line, however often it went out");
        assertTrue(own.stream().allMatch(e -> e.status() == ChatEntry.Status.SENT));
    }

    @Test
    void linesInFlightBecomeUncertainWhereTheServerCannotDropRepeats() {
        start(config());
        FakeNetwork.Link first = registered();
        client.submit("maybe");
        loop.runUntilIdle();
        first.hangUp();
        loop.advance(Duration.ofSeconds(2));
        FakeNetwork.Link second = registered();
        assertEquals(List.of(), second.received("PRIVMSG"), "not resent behind the user's back");
        ChatEntry entry = client.log().stream().filter(ChatEntry::isOwn).findFirst().orElseThrow();
        assertEquals(ChatEntry.Status.UNCERTAIN, entry.status());
        assertTrue(client.resend(entry.id()));
        loop.runUntilIdle();
        assertEquals(List.of("maybe"), texts(second.received("PRIVMSG")));
    }

    @Test
    void lineBreaksInTypedTextCannotInjectACommand() {
        start(config());
        FakeNetwork.Link link = registered();
        client.submit("hi\r\nQUIT :pwned\0");
        client.say("#loop", "x\nMODE #loop +o mallory");
        loop.runUntilIdle();
        assertEquals(List.of(), link.received("QUIT"));
        assertEquals(List.of(), link.received("MODE"));
        assertEquals(List.of("hi  QUIT :pwned ", "x MODE #loop +o mallory"), texts(link.received("PRIVMSG")));
    }

    @Test
    void aLongMessageIsSplitSoEveryRelayedLineFits512Bytes() {
        start(config());
        FakeNetwork.Link link = registered();
        String text = "é😀 word ".repeat(300);
        client.submit(text);
        loop.runUntilIdle();
        List<IrcMessage> lines = link.received("PRIVMSG");
        assertTrue(lines.size() > 3);
        assertEquals(text, String.join("", texts(lines)));
        for (IrcMessage line : lines) {
            String relayed = ":" + "n".repeat(30) + "!~" + "u".repeat(9) + "@" + "h".repeat(63) + " " + line.toWire() + "\r\n";
            assertTrue(relayed.getBytes(StandardCharsets.UTF_8).length <= IrcText.MAX_LINE_BYTES, relayed);
        }
    }

    @Test
    void channelMembersAndTopicFollowNamesJoinPartNickAndQuit() {
        start(config());
        FakeNetwork.Link link = registered();
        link.send(":ada!u@h JOIN #loop", ":srv 332 ada #loop :the topic", ":srv 353 ada = #loop :@ada +bob",
                ":srv 353 ada = #loop :carol", ":srv 366 ada #loop :End", ":dave!u@h JOIN #loop",
                ":bob!u@h NICK :robert", ":carol!u@h PART #loop :bye", ":dave!u@h QUIT :gone");
        loop.runUntilIdle();
        ChannelInfo channel = client.channel("#LOOP").orElseThrow();
        assertEquals("the topic", channel.topic());
        assertEquals(List.of("ada", "robert"), channel.members());
        assertTrue(channel.joined());
        link.hangUp();
        loop.runUntilIdle();
        assertFalse(client.channel("#loop").orElseThrow().joined());
    }

    @Test
    void listenersHearNewEntriesNickChangesAndChannelsAndSayAndActReturnTheirEntries() {
        start(config());
        FakeNetwork.Link link = registered();
        List<String> heard = new ArrayList<>();
        client.addListener(new ChatListener() {
            @Override
            public void entryAdded(ChatEntry entry) {
                heard.add("entry " + entry.id() + " " + entry.kind() + " " + entry.text());
            }

            @Override
            public void nickChanged(String nick) {
                heard.add("nick " + nick);
            }

            @Override
            public void channelChanged(ChannelInfo channel) {
                heard.add("channel " + channel.name());
            }
        });
        link.send(":ada!u@h JOIN #loop");
        loop.runUntilIdle();
        assertTrue(heard.contains("channel #loop"), "heard " + heard);
        List<ChatEntry> said = client.say("#loop", "hello");
        List<ChatEntry> acted = client.act("#loop", "waves");
        assertEquals(1, said.size());
        assertEquals("hello", said.get(0).text());
        assertEquals(1, acted.size());
        assertEquals(ChatEntry.Kind.ACTION, acted.get(0).kind());
        assertTrue(acted.get(0).id() > said.get(0).id(), "entry ids must grow: " + said + ", " + acted);
        assertTrue(heard.contains("entry " + said.get(0).id() + " MESSAGE hello"), "heard " + heard);
        assertTrue(heard.contains("entry " + acted.get(0).id() + " ACTION waves"), "heard " + heard);
        link.send(":ada!u@h NICK lovelace");
        loop.runUntilIdle();
        assertEquals("lovelace", client.nick());
        assertTrue(heard.contains("nick lovelace"), "heard " + heard);
    }

    @Test
    void commandsBecomeTheirIrcLines() {
        start(config());
        FakeNetwork.Link link = registered();
        link.send(":ada!u@h JOIN #loop");
        loop.runUntilIdle();
        client.submit("/me waves");
        client.submit("/msg bob psst");
        client.submit("/nick lovelace");
        client.submit("/join second");
        client.submit("/topic new topic");
        client.submit("/part #loop see you");
        client.submit("//not a command");
        client.submit("/frobnicate");
        loop.runUntilIdle();
        List<String> lines = link.received().subList(link.received().indexOf("JOIN #loop") + 1, link.received().size())
                .stream().filter(l -> !l.startsWith("PING")).toList();
        assertEquals(List.of("PRIVMSG #loop :\u0001ACTION waves\u0001", "PRIVMSG bob psst", "NICK lovelace", "JOIN #second",
                "TOPIC #second :new topic", "PART #loop :see you", "PRIVMSG #second :/not a command"), lines);
        assertTrue(client.log().stream().anyMatch(e -> e.kind() == ChatEntry.Kind.ERROR && e.text().contains("/frobnicate")));
    }

    @Test
    void quitSaysGoodbyeDropsWhatIsQueuedAndNeverReconnects() {
        start(config().withRateLimit(1, Duration.ofSeconds(10)));
        FakeNetwork.Link link = registered();
        client.submit("first");
        client.submit("second");
        loop.runUntilIdle();
        LoopFuture<Void> quit = client.quit("bye");
        loop.runUntilIdle();
        assertEquals("bye", link.received("QUIT").get(0).last());
        link.answerPings();
        link.hangUp();
        loop.runUntilIdle();
        assertTrue(quit.isDone());
        assertEquals(ConnectionState.CLOSED, client.state());
        List<ChatEntry.Status> statuses = client.log().stream().filter(ChatEntry::isOwn).map(ChatEntry::status).toList();
        assertEquals(List.of(ChatEntry.Status.SENT, ChatEntry.Status.DROPPED), statuses);
        loop.advance(Duration.ofMinutes(10));
        assertEquals(1, net.dials());
    }

    @Test
    void invalidUtf8FromTheServerIsShownNotLost() {
        start(config());
        FakeNetwork.Link link = registered();
        link.sendBytes(":bob!u@h PRIVMSG #loop :caf\u00e9 ".getBytes(StandardCharsets.ISO_8859_1));
        link.sendBytes(new byte[] {(byte) 0xff, 'o', 'k', '\r', '\n'});
        loop.runUntilIdle();
        ChatEntry last = client.log().get(client.log().size() - 1);
        assertEquals("bob", last.nick());
        assertEquals("caf\uFFFD \uFFFDok", last.text());
    }

    @Test
    void anythingTheServerSendsIsSurvivedAndTheClientKeepsReading() {
        List<String> errors = new ArrayList<>();
        loop.setExceptionHandler((l, error, context) -> errors.add(context + ": " + error));
        start(config());
        FakeNetwork.Link link = registered();
        link.send(":ada!u@h JOIN #loop");
        Random random = new Random(99);
        String[] commands = {"PRIVMSG", "NOTICE", "JOIN", "PART", "KICK", "QUIT", "NICK", "TOPIC", "332", "353", "366",
            "PING", "PONG", "CAP", "001", "433", "401", "ERROR", "005", "MODE", "999", "X"};
        String[] words = {"#loop", "ada", "bob", ":", "", "\u0001ACTION", "\u0001", "lb-", "lb-x", "lb-99999999999999999999",
            "*", "=", "@", "!", "ACK", "LS", "NAK", "#other", "ä😀"};
        for (int i = 0; i < 5000; i++) {
            StringBuilder line = new StringBuilder();
            if (random.nextBoolean()) {
                line.append(':').append(words[random.nextInt(words.length)]).append("!u@h ");
            }
            line.append(commands[random.nextInt(commands.length)]);
            for (int p = random.nextInt(5); p > 0; p--) {
                line.append(' ').append(random.nextInt(4) == 0 ? ":" : "").append(words[random.nextInt(words.length)]);
            }
            link.send(line.toString());
        }
        link.send(":bob!u@h PRIVMSG ada :still listening");
        loop.runUntilIdle();
        assertEquals(List.of(), errors);
        assertEquals(ConnectionState.CONNECTED, client.state());
        assertEquals("still listening", client.log().get(client.log().size() - 1).text());
    }

    @Test
    void closingBeforeTheSessionsFirstCallbackLeavesNothingRunning() {
        client = newClient(config(), net);
        client.start();               // the fake dial completes at once; the session starts in the next callback
        client.close();
        loop.runUntilIdle();
        assertEquals(List.of(), net.last().received());
        assertTrue(net.last().clientClosed());
        loop.advance(Duration.ofHours(1));
        assertEquals(List.of(), net.last().received(), "no keepalive PINGs from a closed client");
        assertEquals(1, net.dials(), "and no reconnects");
        assertEquals(ConnectionState.CLOSED, client.state());
    }

    @Test
    void messagesCarryTheServersTimeWhenItSendsOne() {
        start(config());
        FakeNetwork.Link link = net.last();
        link.send(":srv CAP * LS :server-time sasl");
        loop.runUntilIdle();
        assertEquals("CAP REQ server-time", link.received().get(3));
        link.send(":srv CAP * ACK :server-time");
        link.welcome();
        link.send("@time=2021-03-04T05:06:07.089Z :bob!u@h PRIVMSG #loop :from the past",
                "@time=garbage :bob!u@h PRIVMSG #loop :now");
        loop.runUntilIdle();
        List<ChatEntry> log = client.log();
        assertEquals(java.time.Instant.parse("2021-03-04T05:06:07.089Z"), log.get(log.size() - 2).time());
        assertTrue(log.get(log.size() - 1).time().isAfter(java.time.Instant.parse("2022-01-01T00:00:00Z")));
    }

    @Test
    void linesInFlightAreNotResentToARestartedServerThatForgotTheirIds() {
        start(config());
        FakeNetwork.Link first = net.last();
        first.send(":srv CAP * LS :message-tags loopbridge.dev/dedup=run1", ":srv CAP * ACK :message-tags loopbridge.dev/dedup");
        first.welcome();
        loop.runUntilIdle();
        client.submit("in flight");
        loop.runUntilIdle();
        first.hangUp();
        loop.runUntilIdle();
        assertEquals(ChatEntry.Status.PENDING, client.log().stream().filter(ChatEntry::isOwn).findFirst().orElseThrow().status(),
                "kept for a resend to the same server run");
        loop.advance(Duration.ofSeconds(2));
        FakeNetwork.Link second = net.last();
        second.send(":srv CAP * LS :message-tags loopbridge.dev/dedup=run2", ":srv CAP * ACK :message-tags loopbridge.dev/dedup");
        second.welcome();
        loop.runUntilIdle();
        assertEquals(List.of(), second.received("PRIVMSG"), "the new run would not recognise the id");
        assertEquals(ChatEntry.Status.UNCERTAIN, client.log().stream().filter(ChatEntry::isOwn).findFirst().orElseThrow().status());
    }

    @Test
    void aCertificateThatCannotBeVerifiedEndsTheClientInsteadOfBeingRetried() {
        net.refuse(true);
        start(config());
        client.submit("never sent");
        net.failWith(new SSLHandshakeException("PKIX path building failed",
                new CertificateException("unable to find valid certification path to requested target")));
        loop.advance(Duration.ofMinutes(10));
        assertEquals(2, net.dials(), "a refused connection is retried; a certificate error is not, again and again");
        assertEquals(ConnectionState.CLOSED, client.state());
        assertTrue(client.log().stream().anyMatch(e -> e.kind() == ChatEntry.Kind.ERROR
                && e.text().contains("TLS certificate could not be verified")), client.log().toString());
        assertTrue(client.log().stream().filter(ChatEntry::isOwn).allMatch(e -> e.status() == ChatEntry.Status.DROPPED),
                client.log().toString());
    }

    @Test
    void aHandshakeCutByTheNetworkIsStillRetried() {
        net.failWith(new SSLHandshakeException("the connection was closed by irc.test during the TLS handshake"));
        start(config());
        loop.advance(Duration.ofSeconds(10));
        assertTrue(net.dials() > 1, "retried: " + net.dials());
        assertEquals(ConnectionState.WAITING, client.state());
    }

    @Test
    void malformedServerLinesAreReportedAndIgnoredNotShownAsEmptyFields() {
        start(config());
        FakeNetwork.Link link = registered();
        link.send(":srv JOIN");
        link.send(":bob!b@h KICK #loop");
        link.send("JOIN #loop");
        link.send(":bob!b@h PRIVMSG");
        link.send(":bob!b@h JOIN #loop");
        loop.runUntilIdle();
        List<ChatEntry> log = client.log();
        assertTrue(log.stream().noneMatch(e -> (e.kind() == ChatEntry.Kind.JOIN || e.kind() == ChatEntry.Kind.KICK
                || e.kind() == ChatEntry.Kind.MESSAGE) && (e.nick().isEmpty() || e.target().isEmpty())), log.toString());
        assertEquals(4, log.stream().filter(e -> e.kind() == ChatEntry.Kind.ERROR
                && e.text().startsWith("Ignored a malformed line from the server")).count(), log.toString());
        assertTrue(log.stream().anyMatch(e -> e.kind() == ChatEntry.Kind.JOIN && e.nick().equals("bob")), "a good line after them still counts");
    }
}
