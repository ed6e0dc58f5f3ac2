package dev.loopbridge.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.testing.TestEventLoop;
import dev.loopbridge.demo.irc.IrcMessage;

/**
 * One connection's handling of what the server sends, on virtual time against {@link FakeNetwork}:
 * each reply the client understands (membership, nick changes, topics, numerics, errors, CTCP,
 * capability negotiation), the nick fallback, keepalive and quit timing, and how a connection ends.
 */
class SessionTest {

    private final TestEventLoop loop = TestEventLoop.create();
    private final FakeNetwork net = new FakeNetwork(loop);
    private final List<IrcMessage> heard = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private ChatClient client;

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private ChatClient start(ChatConfig config) {
        client = new ChatClient(loop, config, net);
        client.addListener(new ChatListener() {
            @Override
            public void messageReceived(IrcMessage message) {
                heard.add(message);
            }

            @Override
            public void channelRemoved(String channel) {
                removed.add(channel);
            }
        });
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

    /** The server's lines, each handled before the next. */
    private void send(FakeNetwork.Link link, String... lines) {
        link.send(lines);
        loop.runUntilIdle();
    }

    private List<ChatEntry> entries(ChatEntry.Kind kind) {
        return client.log().stream().filter(e -> e.kind() == kind).toList();
    }

    private ChatEntry last() {
        List<ChatEntry> log = client.log();
        return log.get(log.size() - 1);
    }

    private static String show(ChatEntry e) {
        return e.target() + " " + e.kind() + " " + e.nick() + ": " + e.text();
    }

    private List<String> shown(ChatEntry.Kind kind) {
        return entries(kind).stream().map(SessionTest::show).toList();
    }

    // ---------------------------------------------------------------- what reaches the listeners

    @Test
    void listenersHearEveryWellFormedLineButNotAMalformedOne() {
        start(config());
        FakeNetwork.Link link = registered();
        heard.clear();
        send(link, ":bob!u@h PRIVMSG #loop :hi", ":srv JOIN", "PING :tok");
        assertEquals(List.of("PRIVMSG", "PING"), heard.stream().map(IrcMessage::command).toList());
    }

    @Test
    void aMalformedLineIsReportedWithWhatIsWrongWithIt() {
        start(config());
        FakeNetwork.Link link = registered();
        send(link, ":srv JOIN", ":bob!u@h JOIN :", ":bob!u@h KICK #loop :", "JOIN #loop");
        List<String> errors = entries(ChatEntry.Kind.ERROR).stream().map(ChatEntry::text).toList();
        assertEquals(List.of(
                "Ignored a malformed line from the server (JOIN needs 1 parameters): :srv JOIN",
                "Ignored a malformed line from the server (JOIN with an empty target): :bob!u@h JOIN :",
                "Ignored a malformed line from the server (KICK with an empty target): :bob!u@h KICK #loop :",
                "Ignored a malformed line from the server (JOIN without a source): JOIN #loop"), errors);
        assertEquals(List.of(), entries(ChatEntry.Kind.JOIN));
    }

    @Test
    void aQuitWithoutAReasonAndAnEmptyMessageAreNotMalformed() {
        start(config());
        FakeNetwork.Link link = registered();
        send(link, ":ada!u@h JOIN #loop", ":bob!u@h JOIN #loop", ":bob!u@h PRIVMSG ada :", ":bob!u@h QUIT");
        assertEquals(List.of(), entries(ChatEntry.Kind.ERROR));
        assertEquals(List.of("bob MESSAGE bob: "), shown(ChatEntry.Kind.MESSAGE));
        assertEquals(List.of("#loop QUIT bob: "), shown(ChatEntry.Kind.QUIT));
    }

    // ---------------------------------------------------------------- channels

    @Test
    void othersJoiningAndLeavingChangeTheMembersAndAreLogged() {
        start(config());
        FakeNetwork.Link link = registered();
        send(link, ":ada!u@h JOIN #loop", ":srv 353 ada = #loop :@ada", ":srv 366 ada #loop :End",
                ":bob!u@h JOIN #loop", ":carol!u@h JOIN #loop");
        assertEquals(List.of("ada", "bob", "carol"), client.channel("#loop").orElseThrow().members());
        send(link, ":bob!u@h PART #loop", ":carol!u@h PART #loop :bye now");
        assertEquals(List.of("ada"), client.channel("#loop").orElseThrow().members());
        assertEquals(List.of("#loop JOIN ada: ", "#loop JOIN bob: ", "#loop JOIN carol: "), shown(ChatEntry.Kind.JOIN));
        assertEquals(List.of("#loop PART bob: ", "#loop PART carol: bye now"), shown(ChatEntry.Kind.PART));
    }

    @Test
    void leavingOrBeingKickedRemovesTheChannelAndAKickedChannelIsNotRejoined() {
        start(config());
        FakeNetwork.Link link = registered();
        send(link, ":ada!u@h JOIN #loop", ":ada!u@h JOIN #two", ":srv 353 ada = #loop :ada carol",
                ":srv 366 ada #loop :End");
        assertEquals(List.of("#loop", "#two"), client.channels().stream().map(ChannelInfo::name).toList());
        send(link, ":bob!u@h KICK #loop carol :spam");
        assertEquals(List.of("ada"), client.channel("#loop").orElseThrow().members());
        assertEquals(List.of("#loop KICK carol: by bob: spam"), shown(ChatEntry.Kind.KICK));
        send(link, ":bob!u@h KICK #loop ada :out");
        assertFalse(client.channel("#loop").isPresent());
        assertEquals("#loop KICK ada: by bob: out", show(entries(ChatEntry.Kind.KICK).get(1)));
        send(link, ":ada!u@h PART #two :done");
        assertFalse(client.channel("#two").isPresent());
        assertEquals(List.of("#loop", "#two"), removed);
        assertEquals(List.of(), client.channels());
        link.hangUp();
        loop.advance(Duration.ofSeconds(2));
        FakeNetwork.Link next = registered();
        assertEquals(List.of(), next.received("JOIN"), "a channel the user was kicked from is not rejoined");
    }

    @Test
    void aQuitIsLoggedInEveryChannelTheNickWasIn() {
        start(config());
        FakeNetwork.Link link = registered();
        send(link, ":ada!u@h JOIN #loop", ":ada!u@h JOIN #two", ":ada!u@h JOIN #three", ":bob!u@h JOIN #loop",
                ":bob!u@h JOIN #two", ":bob!u@h QUIT :gone");
        assertEquals(List.of("#loop QUIT bob: gone", "#two QUIT bob: gone"), shown(ChatEntry.Kind.QUIT));
    }

    @Test
    void nickChangesAreLoggedWhereTheNickIsKnown() {
        start(config());
        FakeNetwork.Link link = registered();
        send(link, ":ada!u@h NICK :lovelace");
        assertEquals(List.of("*server* NICK ada: lovelace"), shown(ChatEntry.Kind.NICK), "no channel yet: shown once");
        send(link, ":lovelace!u@h JOIN #loop", ":bob!u@h JOIN #loop", ":bob!u@h NICK :robert",
                ":zed!u@h NICK :zz", ":lovelace!u@h NICK :ada");
        assertEquals(List.of("*server* NICK ada: lovelace", "#loop NICK bob: robert", "#loop NICK lovelace: ada"),
                shown(ChatEntry.Kind.NICK), "a nick in no shared channel is not shown; ours in a channel is shown there only");
        assertEquals("ada", client.nick());
    }

    @Test
    void topicsOnJoinAndTopicChangesAreShownAndKept() {
        start(config());
        FakeNetwork.Link link = registered();
        send(link, ":ada!u@h JOIN #loop", ":srv 332 ada #loop :old topic");
        assertEquals("old topic", client.channel("#loop").orElseThrow().topic());
        send(link, ":bob!u@h TOPIC #loop :new topic");
        assertEquals("new topic", client.channel("#loop").orElseThrow().topic());
        assertEquals(List.of("#loop TOPIC : old topic", "#loop TOPIC bob: new topic"), shown(ChatEntry.Kind.TOPIC));
    }

    @Test
    void theFirstChannelJoinedBecomesActiveAndLaterOnesDoNot() {
        start(config().withChannels(List.of()));
        FakeNetwork.Link link = registered();
        assertFalse(client.activeTarget().isPresent());
        send(link, ":ada!u@h JOIN #a");
        assertEquals("#a", client.activeTarget().orElseThrow());
        send(link, ":ada!u@h JOIN #b");
        assertEquals("#a", client.activeTarget().orElseThrow());
    }

    // ---------------------------------------------------------------- numerics and errors

    @Test
    void serverInformationIsShownAndErrorsGoWhereTheyBelong() {
        start(config());
        FakeNetwork.Link link = registered();
        send(link, ":ada!u@h JOIN #loop");
        int infos = entries(ChatEntry.Kind.INFO).size();
        send(link, ":srv 375 ada :- srv Message of the day -", ":srv 333 ada #loop bob 1700000000",
                ":srv 329 ada #loop 1700000000", ":srv FOO bar :baz");
        List<ChatEntry> info = entries(ChatEntry.Kind.INFO);
        assertEquals(List.of("*server* INFO : - srv Message of the day -"),
                info.subList(infos, info.size()).stream().map(SessionTest::show).toList(),
                "333 (who set the topic), 329 (channel creation) and non-numeric commands are not shown");
        send(link, ":srv 404 ada #loop :Cannot send to channel", ":srv 403 ada #nope :No such channel",
                ":srv 502 ada :Cant change mode for other users", ":srv 421 ada FROB :Unknown command",
                "ERROR :Closing link");
        assertEquals(List.of("#loop ERROR : #loop Cannot send to channel", "*server* ERROR : #nope No such channel",
                "*server* ERROR : Cant change mode for other users", "*server* ERROR : FROB Unknown command",
                "*server* ERROR : Server: Closing link"), shown(ChatEntry.Kind.ERROR));
    }

    @Test
    void aServerThatDoesNotKnowCapEndsNegotiationInsteadOfShowingAnError() {
        start(config());
        FakeNetwork.Link link = net.last();
        send(link, ":srv 421 * CAP :Unknown command");
        assertEquals("CAP END", link.received().get(link.received().size() - 1));
        assertEquals(List.of(), entries(ChatEntry.Kind.ERROR));
    }

    @Test
    void theWelcomeNamesTheNickTheServerGaveAndIsShown() {
        start(config());
        FakeNetwork.Link link = net.last();
        send(link, ":srv 001 ada_x :Welcome to the test net");
        assertEquals("ada_x", client.nick());
        assertEquals(ConnectionState.CONNECTED, client.state());
        assertEquals(List.of("*server* INFO : Welcome to the test net"), shown(ChatEntry.Kind.INFO));
        assertTrue(client.toString().contains("ada_x@irc.test:6667, CONNECTED"), client.toString());
    }

    // ---------------------------------------------------------------- nick fallback

    @Test
    void aRejectedNickIsReplacedAtOnceAndTheThirdTryIsRandom() {
        start(config());
        FakeNetwork.Link link = net.last();
        send(link, ":srv 433 * ada :Nickname is already in use");
        assertEquals("ada_", client.nick(), "the nick shown follows the one being tried");
        assertEquals(List.of("*server* INFO : Nick ada is taken or invalid; trying ada_"), shown(ChatEntry.Kind.INFO));
        send(link, ":srv 433 * ada_ :Nickname is already in use", ":srv 432 * ada__ :Erroneous nickname");
        String third = link.received("NICK").get(3).param(0);
        assertTrue(third.matches("ada[1-9][0-9]{3}"), third);
        assertEquals(third, client.nick());
    }

    @Test
    void aNickRefusedAfterRegistrationIsAnErrorAndNoOtherIsTried() {
        start(config());
        FakeNetwork.Link link = registered();
        client.submit("/nick bob");
        loop.runUntilIdle();
        send(link, ":srv 433 ada bob :Nickname is already in use");
        assertEquals(List.of("*server* ERROR : bob: Nickname is already in use"), shown(ChatEntry.Kind.ERROR));
        assertEquals("ada", client.nick());
        assertEquals(List.of("ada", "bob"), link.received("NICK").stream().map(m -> m.param(0)).toList());
    }

    @Test
    void aNickChangedWhileDisconnectedIsTheOneTheNextConnectionRegisters() {
        start(config());
        FakeNetwork.Link link = registered();
        link.hangUp();
        loop.runUntilIdle();
        client.submit("/nick lovelace");
        loop.advance(Duration.ofSeconds(2));
        assertEquals(ConnectionState.REGISTERING, client.state());
        assertEquals("NICK lovelace", net.last().received().get(1));
        assertEquals("lovelace", client.nick(), "before the server's welcome");
    }

    // ---------------------------------------------------------------- private messages, notices, CTCP

    @Test
    void privateMessagesAndNoticesGoToTheirConversation() {
        start(config());
        FakeNetwork.Link link = registered();
        send(link, ":bob!u@h PRIVMSG ada :psst", ":bob!u@h NOTICE ada :note", ":srv.example NOTICE ada :from the server",
                "NOTICE ada :no source", ":carol@host PRIVMSG ada :host only", ":dave!u PRIVMSG ada :user only",
                ":bob!u@h NOTICE #loop :to all");
        assertEquals(List.of("bob MESSAGE bob: psst", "carol MESSAGE carol: host only", "dave MESSAGE dave: user only"),
                shown(ChatEntry.Kind.MESSAGE));
        assertEquals(List.of("bob NOTICE bob: note", "*server* NOTICE srv.example: from the server",
                "*server* NOTICE : no source", "#loop NOTICE bob: to all"), shown(ChatEntry.Kind.NOTICE));
    }

    @Test
    void actionsAreShownAndOtherCtcpRequestsAreNot() {
        start(config());
        FakeNetwork.Link link = registered();
        send(link, ":bob!u@h PRIVMSG #loop :\u0001ACTION waves\u0001", ":bob!u@h PRIVMSG #loop :\u0001ACTION\u0001",
                ":bob!u@h PRIVMSG #loop :\u0001VERSION\u0001", ":bob!u@h PRIVMSG #loop :\u0001\u0001",
                ":bob!u@h PRIVMSG #loop :\u0001ACTIONS\u0001", ":bob!u@h PRIVMSG #loop :\u0001ACTION unterminated");
        assertEquals(List.of("#loop ACTION bob: waves", "#loop ACTION bob: ", "#loop ACTION bob: unterminated"),
                shown(ChatEntry.Kind.ACTION));
        assertEquals(List.of(), entries(ChatEntry.Kind.MESSAGE));
    }

    // ---------------------------------------------------------------- capabilities

    @Test
    void aCapabilityListOnSeveralLinesIsAnsweredOnceAfterTheLast() {
        start(config());
        FakeNetwork.Link link = net.last();
        send(link, ":srv CAP * LS * :message-tags sasl");
        assertEquals(3, link.received().size(), "a line ending in * has more after it");
        send(link, ":srv CAP * LS :server-time");
        assertEquals(List.of("CAP REQ :message-tags server-time"), link.received().subList(3, link.received().size()));
    }

    @Test
    void aSingleCapabilityLineIsTheLastWhateverItLists() {
        start(config());
        FakeNetwork.Link link = net.last();
        send(link, ":srv CAP * LS :*");
        assertEquals(List.of("CAP END"), link.received().subList(3, link.received().size()));
    }

    // ---------------------------------------------------------------- the line limit

    @Test
    void aLineOfExactlyTheLimitIsSentAndOneByteMoreIsRefusedWithTheReason() {
        start(config());
        FakeNetwork.Link link = registered();
        String prefix = "PRIVMSG #loop :a ";
        client.command(IrcMessage.of("PRIVMSG", "#loop", "a " + "x".repeat(510 - prefix.length())));
        client.command(IrcMessage.of("PRIVMSG", "#loop", "a " + "y".repeat(511 - prefix.length())));
        loop.runUntilIdle();
        assertEquals(List.of(510), link.received("PRIVMSG").stream().map(m -> m.toWire().length()).toList());
        assertEquals(List.of("*server* ERROR : Not sent: the line is 511 bytes (IRC allows 510): PRIVMSG"),
                shown(ChatEntry.Kind.ERROR));
    }

    @Test
    void aTypedLineThatCannotFitTheWireIsDroppedNotLeftInFlight() {
        start(config());
        FakeNetwork.Link link = registered();
        List<ChatEntry> said = client.say("#" + "a".repeat(499), "hello");
        loop.runUntilIdle();
        assertEquals(List.of(), link.received("PRIVMSG"));
        assertEquals(ChatEntry.Status.DROPPED, client.log().stream().filter(e -> e.id() == said.get(0).id())
                .findFirst().orElseThrow().status());
        int bytes = IrcMessage.of("PRIVMSG", "#" + "a".repeat(499), "hello").toWire().length();
        assertTrue(bytes > 510);
        assertTrue(last().text().startsWith("Not sent: the line is " + bytes + " bytes"), last().text());
        assertTrue(client.whenDelivered().isDone());
    }

    @Test
    void theClientIdTagDoesNotCountTowardsTheLineLimitAndCommandsCarryNone() {
        start(config());
        FakeNetwork.Link link = net.last();
        send(link, ":srv CAP * LS :message-tags loopbridge.dev/dedup=run1", ":srv CAP * ACK :message-tags loopbridge.dev/dedup");
        link.welcome();
        loop.runUntilIdle();
        String target = "#" + "a".repeat(480);
        client.say(target, "hello");
        client.join("#two");
        loop.runUntilIdle();
        List<IrcMessage> sent = link.received("PRIVMSG");
        assertEquals(1, sent.size(), "a body under 510 bytes with a tag that takes it past");
        assertTrue(sent.get(0).toWire().length() > 510);
        assertTrue(sent.get(0).tags().containsKey(Outbox.CID_TAG));
        assertEquals(List.of("JOIN #loop", "JOIN #two"), link.received("JOIN").stream().map(IrcMessage::toWire).toList());
    }

    // ---------------------------------------------------------------- keepalive, PING and PONG

    @Test
    void aPongForAPingWrittenBeforeALineDoesNotConfirmIt() {
        start(config().withPing(Duration.ofSeconds(30), Duration.ofSeconds(90)));
        FakeNetwork.Link link = registered();
        loop.advance(Duration.ofSeconds(30));
        assertEquals(List.of("lb-1"), link.received("PING").stream().map(IrcMessage::last).toList(), "the keepalive PING");
        ChatEntry line = client.say("#loop", "hello").get(0);
        loop.runUntilIdle();
        assertEquals(List.of("lb-1", "lb-2"), link.received("PING").stream().map(IrcMessage::last).toList(), "and the barrier");
        send(link, ":srv PONG srv :lb-1");
        assertEquals(ChatEntry.Status.IN_FLIGHT, status(line));
        send(link, ":srv PONG srv :lb-2");
        assertEquals(ChatEntry.Status.SENT, status(line));
    }

    private ChatEntry.Status status(ChatEntry entry) {
        return client.log().stream().filter(e -> e.id() == entry.id()).findFirst().orElseThrow().status();
    }

    @Test
    void aServerThatKeepsTalkingIsNotDroppedThoughItAnswersNoPing() {
        start(config().withPing(Duration.ofSeconds(30), Duration.ofSeconds(90)));
        FakeNetwork.Link link = registered();
        for (int i = 0; i < 15; i++) {
            loop.advance(Duration.ofSeconds(20));
            send(link, ":bob!u@h PRIVMSG #loop :still here " + i);
        }
        assertEquals(ConnectionState.CONNECTED, client.state());
        assertEquals(1, net.dials());
        loop.advance(Duration.ofSeconds(90));
        assertEquals(ConnectionState.WAITING, client.state(), "and one that stops is");
    }

    // ---------------------------------------------------------------- how a connection ends

    @Test
    void quitWaitsForTheServerToCloseAtMostThePingTimeout() {
        start(config().withPing(Duration.ofSeconds(30), Duration.ofSeconds(90)));
        FakeNetwork.Link link = registered();
        loop.advance(Duration.ofSeconds(10));
        LoopFuture<Void> quit = client.quit("bye");
        loop.runUntilIdle();
        assertEquals("QUIT bye", link.received().get(link.received().size() - 1));
        link.answerPings();
        loop.runUntilIdle();
        loop.advance(Duration.ofSeconds(90).minusMillis(1));
        assertFalse(quit.isDone());
        assertFalse(link.clientClosed());
        loop.advance(Duration.ofMillis(1));
        assertTrue(quit.isDone(), "the server never closed: the client does, after the ping timeout");
        assertTrue(link.clientClosed());
        assertEquals(ConnectionState.CLOSED, client.state());
    }

    @Test
    void quitWhileRegisteringClosesAtOnceWithoutAQuitLine() {
        start(config());
        FakeNetwork.Link link = net.last();
        LoopFuture<Void> quit = client.quit("bye");
        loop.runUntilIdle();
        assertTrue(quit.isDone());
        assertTrue(link.clientClosed());
        assertEquals(List.of(), link.received("QUIT"));
        assertEquals(ConnectionState.CLOSED, client.state());
    }

    @Test
    void aReadErrorIsReportedAndTheClientReconnects() {
        start(config());
        FakeNetwork.Link link = registered();
        link.fail(new IOException("Connection reset by peer"));
        loop.runUntilIdle();
        assertEquals(ConnectionState.WAITING, client.state());
        assertTrue(last().text().startsWith("Disconnected (IOException: Connection reset by peer); reconnecting in "),
                last().text());
        loop.advance(Duration.ofSeconds(2));
        assertEquals(2, net.links().size());
    }

    @Test
    void theServerClosingMidLineIsToldApartFromAPlainClose() {
        start(config());
        FakeNetwork.Link link = registered();
        link.sendBytes(":bob!u@h PRIVMSG #loop :half a li".getBytes(StandardCharsets.UTF_8));
        link.hangUp();
        loop.runUntilIdle();
        assertTrue(last().text().startsWith("Disconnected (the server closed the connection mid-line); "), last().text());
        loop.advance(Duration.ofSeconds(2));
        registered().hangUp();
        loop.runUntilIdle();
        assertTrue(last().text().startsWith("Disconnected (the server closed the connection); "), last().text());
    }

    @Test
    void aDeadConnectionsTransportIsAborted() {
        net.withTransports();
        start(config().withPing(Duration.ofSeconds(30), Duration.ofSeconds(90)));
        FakeNetwork.Link link = registered();
        loop.advance(Duration.ofSeconds(90));
        assertEquals(ConnectionState.WAITING, client.state());
        assertTrue(link.aborted(), "aborted, not closed politely: nothing more is to be written to it");
    }
}
