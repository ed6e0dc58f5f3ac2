package dev.loopbridge.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.testing.TestEventLoop;
import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.irc.IrcText;

/**
 * What happens to typed lines at the edges — close, quit, a lost connection, a resend, the settle
 * future — and the client's own checks (targets, the action budget, the log limit, parting the
 * active channel, failing listeners, how errors are described), on virtual time against
 * {@link FakeNetwork}.
 */
class DeliveryTest {

    private final TestEventLoop loop = TestEventLoop.create();
    private final FakeNetwork net = new FakeNetwork(loop);
    private ChatClient client;

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private ChatClient start(ChatConfig config) {
        client = new ChatClient(loop, config, net);
        client.start();
        loop.runUntilIdle();
        return client;
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

    private FakeNetwork.Link registeredWithDedup() {
        FakeNetwork.Link link = net.last();
        link.send(":srv CAP * LS :message-tags loopbridge.dev/dedup=run1", ":srv CAP * ACK :message-tags loopbridge.dev/dedup");
        link.welcome();
        loop.runUntilIdle();
        return link;
    }

    private ChatEntry.Status status(ChatEntry entry) {
        return client.log().stream().filter(e -> e.id() == entry.id()).findFirst().orElseThrow().status();
    }

    private ChatEntry last() {
        List<ChatEntry> log = client.log();
        return log.get(log.size() - 1);
    }

    // ---------------------------------------------------------------- the settle future

    @Test
    void whenDeliveredCompletesWhenTheBarrierPongConfirmsTheLastLine() {
        start(config());
        FakeNetwork.Link link = registered();
        client.submit("one");
        assertEquals("PRIVMSG #loop one", link.received().get(link.received().size() - 1),
                "written in the call that typed it, the rate limit allowing");
        client.submit("two");
        LoopFuture<Void> delivered = client.whenDelivered();
        loop.runUntilIdle();
        assertEquals(List.of("PRIVMSG #loop one", "PRIVMSG #loop two", "PING lb-1"),
                link.received().subList(link.received().size() - 3, link.received().size()),
                "lines typed in one callback share one barrier PING, after the last");
        assertFalse(delivered.isDone(), "written is not confirmed");
        link.answerPings();
        loop.runUntilIdle();
        assertTrue(delivered.isDone());
    }

    @Test
    void aCommandQueuedWhileDisconnectedSettlesOnceWritten() {
        net.refuse(true);
        start(config());
        client.command(IrcMessage.of("MODE", "ada", "+i"));
        LoopFuture<Void> delivered = client.whenDelivered();
        loop.runUntilIdle();
        assertFalse(delivered.isDone());
        net.refuse(false);
        loop.advance(Duration.ofSeconds(2));
        FakeNetwork.Link link = registered();
        assertEquals(List.of("MODE ada +i"), link.received("MODE").stream().map(IrcMessage::toWire).toList());
        assertTrue(delivered.isDone(), "a command is not tracked: written is done");
    }

    // ---------------------------------------------------------------- close, quit, loss

    @Test
    void closeDropsQueuedLinesAndSettles() {
        net.refuse(true);
        start(config());
        ChatEntry queued = client.say("#loop", "never").get(0);
        LoopFuture<Void> delivered = client.whenDelivered();
        loop.runUntilIdle();
        assertFalse(delivered.isDone());
        client.close();
        loop.runUntilIdle();
        assertEquals(ChatEntry.Status.DROPPED, status(queued));
        assertEquals(0, client.pendingCount());
        assertTrue(delivered.isDone());
    }

    @Test
    void quitWhileDisconnectedDropsQueuedLinesAndSettles() {
        net.refuse(true);
        start(config());
        ChatEntry queued = client.say("#loop", "never").get(0);
        LoopFuture<Void> delivered = client.whenDelivered();
        LoopFuture<Void> quit = client.quit("bye");
        loop.runUntilIdle();
        assertTrue(quit.isDone());
        assertEquals(ChatEntry.Status.DROPPED, status(queued));
        assertTrue(delivered.isDone());
    }

    @Test
    void aLineTypedAfterCloseIsDroppedNotLeftInFlight() {
        start(config());
        FakeNetwork.Link link = registered();
        client.close();
        ChatEntry late = client.say("#loop", "too late").get(0);
        loop.runUntilIdle();
        assertEquals(List.of(), link.received("PRIVMSG"));
        assertEquals(ChatEntry.Status.DROPPED, status(late));
        assertEquals(0, client.outbox.inFlightCount());
        assertTrue(client.whenDelivered().isDone());
    }

    @Test
    void closeWithLinesInFlightLeavesThemUncertainAndSettles() {
        start(config());
        registered();
        ChatEntry line = client.say("#loop", "maybe").get(0);
        loop.runUntilIdle();
        assertEquals(1, client.outbox.inFlightCount());
        LoopFuture<Void> delivered = client.whenDelivered();
        client.close();
        loop.runUntilIdle();
        assertEquals(ChatEntry.Status.UNCERTAIN, status(line));
        assertEquals(0, client.outbox.inFlightCount());
        assertTrue(delivered.isDone());
    }

    @Test
    void aQuitTheServerNeverConfirmsDropsTheLinesItWouldHaveResent() {
        start(config());
        FakeNetwork.Link link = registeredWithDedup();
        List<ChatEntry> lines = new ArrayList<>();
        lines.add(client.say("#loop", "one").get(0));
        lines.add(client.say("#loop", "two").get(0));
        loop.runUntilIdle();
        LoopFuture<Void> quit = client.quit("bye");
        loop.runUntilIdle();
        link.hangUp();                     // no PONG: the lines would go back to the queue
        loop.runUntilIdle();
        assertTrue(quit.isDone());
        assertEquals(0, client.pendingCount(), "nothing waits for a connection that will never come");
        assertEquals(List.of(ChatEntry.Status.DROPPED, ChatEntry.Status.DROPPED), lines.stream().map(this::status).toList());
        assertTrue(client.whenDelivered().isDone());
    }

    @Test
    void linesLeftUncertainAreSettledAndNotConfirmedByTheNextConnection() {
        start(config().withPing(Duration.ofSeconds(30), Duration.ofSeconds(90)));
        FakeNetwork.Link first = registered();
        ChatEntry line = client.say("#loop", "maybe").get(0);
        loop.runUntilIdle();
        first.hangUp();
        loop.runUntilIdle();
        assertEquals(ChatEntry.Status.UNCERTAIN, status(line));
        assertTrue(client.whenDelivered().isDone(), "an UNCERTAIN line waits for the user, not for the network");
        loop.advance(Duration.ofSeconds(2));
        FakeNetwork.Link second = registered();
        loop.advance(Duration.ofSeconds(30));
        assertEquals(1, second.received("PING").size());
        second.answerPings();
        loop.runUntilIdle();
        assertEquals(ChatEntry.Status.UNCERTAIN, status(line), "the new connection's PONG says nothing about it");
    }

    @Test
    void aResendWhileDisconnectedMakesTheLinePendingUntilTheNextConnection() {
        start(config());
        FakeNetwork.Link first = registered();
        ChatEntry line = client.say("#loop", "again").get(0);
        loop.runUntilIdle();
        first.hangUp();
        loop.runUntilIdle();
        assertEquals(ChatEntry.Status.UNCERTAIN, status(line));
        assertTrue(client.resend(line.id()));
        assertEquals(ChatEntry.Status.PENDING, status(line));
        assertEquals(1, client.pendingCount());
        assertFalse(client.resend(line.id()), "no longer UNCERTAIN");
        loop.advance(Duration.ofSeconds(2));
        FakeNetwork.Link second = registered();
        assertEquals(List.of("PRIVMSG #loop again"), second.received("PRIVMSG").stream().map(IrcMessage::toWire).toList());
    }

    @Test
    void aResendOfALineThatIsNotUncertainIsRefused() {
        start(config());
        FakeNetwork.Link link = registered();
        ChatEntry line = client.say("#loop", "fine").get(0);
        loop.runUntilIdle();
        link.answerPings();
        loop.runUntilIdle();
        assertEquals(ChatEntry.Status.SENT, status(line));
        assertFalse(client.resend(line.id()));
        assertFalse(client.resend(12345));
        assertEquals(1, link.received("PRIVMSG").size());
    }

    // ---------------------------------------------------------------- what the client checks itself

    @Test
    void aTargetThatIsNoChannelOrNickIsRefusedWithAnError() {
        start(config());
        FakeNetwork.Link link = registered();
        for (String target : new String[] {"", " bob", "a b", ":x", null}) {
            assertEquals(List.of(), client.say(target, "hi"), "target " + target);
            assertEquals("Cannot send to \"" + target + "\" (expected: a channel or nick)", last().text());
            assertEquals(ChatEntry.Kind.ERROR, last().kind());
        }
        loop.runUntilIdle();
        assertEquals(List.of(), link.received("PRIVMSG"));
    }

    @Test
    void aLongActionIsSplitSoEveryRelayedLineFits512Bytes() {
        start(config());
        FakeNetwork.Link link = registered();
        String text = "x".repeat(2000);
        client.act("#loop", text);
        loop.runUntilIdle();
        List<IrcMessage> lines = link.received("PRIVMSG");
        assertTrue(lines.size() > 3);
        StringBuilder joined = new StringBuilder();
        for (IrcMessage line : lines) {
            String body = line.last();
            assertTrue(body.startsWith("\u0001ACTION ") && body.endsWith("\u0001"), body);
            joined.append(body, 8, body.length() - 1);
            String relayed = ":" + "n".repeat(30) + "!~" + "u".repeat(9) + "@" + "h".repeat(63) + " " + line.toWire() + "\r\n";
            assertTrue(IrcText.utf8Length(relayed) <= IrcText.MAX_LINE_BYTES, relayed.length() + ": " + relayed);
        }
        assertEquals(text, joined.toString());
    }

    @Test
    void theLogKeepsTheLastTenThousandEntries() {
        start(config());
        FakeNetwork.Link link = registered();
        String[] lines = new String[ChatClient.LOG_LIMIT + 1];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = ":bob!u@h PRIVMSG #loop :line " + i;
        }
        link.send(lines);
        loop.runUntilIdle();
        List<ChatEntry> log = client.log();
        assertEquals(ChatClient.LOG_LIMIT, log.size());
        assertEquals("line 1", log.get(0).text());
        assertEquals("line " + ChatClient.LOG_LIMIT, log.get(log.size() - 1).text());
    }

    @Test
    void partingTheActiveChannelMovesTheActiveTargetToAnother() {
        start(config().withChannels(List.of("#a", "#b", "#c")));
        FakeNetwork.Link link = registered();
        link.send(":ada!u@h JOIN #a", ":ada!u@h JOIN #b", ":ada!u@h JOIN #c");
        loop.runUntilIdle();
        assertEquals("#a", client.activeTarget().orElseThrow());
        client.part("#b", "");
        assertEquals("#a", client.activeTarget().orElseThrow(), "parting another channel leaves the active one");
        link.send(":ada!u@h PART #b");
        loop.runUntilIdle();
        client.part("#a", "bye");
        loop.runUntilIdle();
        assertEquals(List.of("PART #b", "PART #a bye"), link.received("PART").stream().map(IrcMessage::toWire).toList());
        assertEquals("#c", client.activeTarget().orElseThrow(), "not the channel being left");
    }

    @Test
    void partingWhileDisconnectedForgetsTheChannelAtOnce() {
        start(config().withChannels(List.of("#a", "#b")));
        FakeNetwork.Link link = registered();
        link.send(":ada!u@h JOIN #a", ":ada!u@h JOIN #b");
        loop.runUntilIdle();
        link.hangUp();
        loop.runUntilIdle();
        client.part("#a", "");
        assertEquals(List.of("#b"), client.channels().stream().map(ChannelInfo::name).toList());
        assertEquals("#b", client.activeTarget().orElseThrow());
        loop.advance(Duration.ofSeconds(2));
        assertEquals(List.of("JOIN #b"), registered().received("JOIN").stream().map(IrcMessage::toWire).toList());
    }

    @Test
    void partingWithNoActiveTargetIsFine() {
        start(config().withChannels(List.of()));
        registered();
        client.part("#nowhere", "");
        assertFalse(client.activeTarget().isPresent());
    }

    @Test
    void aListenerThatThrowsIsReportedAndTheOthersStillHear() {
        List<String> errors = new ArrayList<>();
        loop.setExceptionHandler((l, error, context) -> errors.add(context + ": " + error.getMessage()));
        start(config());
        List<String> heard = new ArrayList<>();
        client.addListener(new ChatListener() {
            @Override
            public void entryAdded(ChatEntry entry) {
                throw new IllegalStateException("listener bug");
            }
        });
        client.addListener(new ChatListener() {
            @Override
            public void entryAdded(ChatEntry entry) {
                heard.add(entry.text());
            }
        });
        client.submit("/frobnicate");
        assertEquals(1, heard.size());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("ChatListener ") && errors.get(0).endsWith(": listener bug"), errors.get(0));
    }

    @Test
    void aFailedDialIsDescribedByItsCauseNotItsWrapper() {
        net.failWith(new CompletionException(new ConnectException("no route")));
        start(config().withReconnect(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        List<String> said = new ArrayList<>();
        said.add(last().text());
        net.failWith(new ExecutionException(new ConnectException("refused")));
        loop.advance(Duration.ofSeconds(1));
        said.add(last().text());
        net.failWith(new CompletionException("bare", null));
        loop.advance(Duration.ofSeconds(1));
        said.add(last().text());
        net.failWith(new ConnectException());
        loop.advance(Duration.ofSeconds(1));
        said.add(last().text());
        String head = "Disconnected (cannot connect to irc.test:6667: ";
        assertEquals(List.of(head + "ConnectException: no route)", head + "ConnectException: refused)",
                head + "CompletionException: bare)", head + "ConnectException)"),
                said.stream().map(s -> s.substring(0, s.indexOf("; reconnecting"))).toList());
    }
}
