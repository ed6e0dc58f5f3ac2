package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.loopbridge.demo.irc.IrcMessage;

/**
 * AWAY, channel operators (MODE, TOPIC under {@code +t}, {@code +m}, KICK, INVITE under {@code +i},
 * {@code +s}) and the common queries (USERHOST, VERSION, TIME, LUSERS, WHOIS, WHOWAS, NAMES, WHO),
 * the same test against the embedded server and against ngircd: what a stock client sees must be
 * the same on both (numerics and their parameters; texts may differ).
 */
class IrcCommandsIntegrationTest {

    private TestServer server;
    private final List<RawClient> clients = new ArrayList<>();
    private RawClient ada;
    private RawClient bob;

    @AfterEach
    void stop() {
        clients.forEach(RawClient::close);
        if (server != null) {
            server.close();
        }
    }

    private RawClient registered(String nick) {
        RawClient client = RawClient.registered(server.port(), nick);
        clients.add(client);
        return client;
    }

    private static boolean is(IrcMessage m, String command) {
        return m.command().equals(command);
    }

    /** Starts the server; ada (operator, first in) and bob join {@code channel}, each seeing the other. */
    private void adaAndBobIn(TestServer.Kind kind, String channel) {
        server = kind.start();
        ada = registered("ada");
        bob = registered("bob");
        ada.send("JOIN " + channel);
        ada.expect(m -> is(m, "366"));
        bob.send("JOIN " + channel);
        bob.expect(m -> is(m, "366"));
        ada.expect(m -> is(m, "JOIN") && m.sourceNick().equals("bob"));
    }

    @ParameterizedTest
    @EnumSource(value = TestServer.Kind.class, names = {"EMBEDDED", "NGIRCD"})
    void awayIsAnsweredWith306And305AndShownToSendersAndInWhoisAndUserhost(TestServer.Kind kind) {
        adaAndBobIn(kind, "#c");
        bob.send("AWAY :gone fishing");
        bob.expect(m -> is(m, "306"));
        ada.send("PRIVMSG bob :are you there?");
        IrcMessage away = ada.expect(m -> is(m, "301"));
        assertEquals(List.of("ada", "bob", "gone fishing"), away.params());
        assertEquals("are you there?", bob.expect(m -> is(m, "PRIVMSG")).last(), "delivered all the same");

        ada.send("WHOIS bob");
        List<IrcMessage> whois = ada.collect(m -> is(m, "318"));
        List<String> codes = whois.stream().map(IrcMessage::command).toList();
        assertEquals(List.of("311", "312", "319", "317", "301", "318"), codes, whois.toString());
        IrcMessage user = whois.get(0);
        assertEquals(List.of("ada", "bob", "~bob", "127.0.0.1", "*"), user.params().subList(0, 5));
        assertEquals("#c", whois.get(2).last());
        assertTrue(whois.get(3).param(2).matches("\\d+") && whois.get(3).param(3).matches("\\d+"), whois.get(3).toString());
        assertEquals("gone fishing", whois.get(4).last());

        ada.send("USERHOST bob ada nobody");
        assertEquals("bob=-~bob@127.0.0.1 ada=+~ada@127.0.0.1", ada.expect(m -> is(m, "302")).last());
        bob.send("AWAY");
        bob.expect(m -> is(m, "305"));
        ada.send("USERHOST bob");
        assertEquals("bob=+~bob@127.0.0.1", ada.expect(m -> is(m, "302")).last());
        ada.send("PRIVMSG bob :back?", "PING :sync");
        List<IrcMessage> after = ada.collect(m -> is(m, "PONG"));
        assertTrue(after.stream().noneMatch(m -> is(m, "301")), "no 301 once back: " + after);
    }

    @ParameterizedTest
    @EnumSource(value = TestServer.Kind.class, names = {"EMBEDDED", "NGIRCD"})
    void theOperatorLocksTheTopicModeratesAndGivesVoiceAndOperator(TestServer.Kind kind) {
        adaAndBobIn(kind, "#c");
        bob.send("MODE #c +m");
        assertEquals("#c", bob.expect(m -> is(m, "482")).param(1), "only operators change modes");
        ada.send("MODE #c +t");
        IrcMessage mode = bob.expect(m -> is(m, "MODE"));
        assertEquals(List.of("#c", "+t"), mode.params());
        assertEquals("ada", mode.sourceNick());
        bob.send("TOPIC #c :mine now");
        assertEquals("#c", bob.expect(m -> is(m, "482")).param(1), "+t: not for a non-operator");

        ada.send("MODE #c +m");
        assertEquals(List.of("#c", "+m"), bob.expect(m -> is(m, "MODE")).params());
        bob.send("PRIVMSG #c :may I speak?");
        assertEquals("#c", bob.expect(m -> is(m, "404")).param(1), "+m: not without voice");
        ada.send("MODE #c +v bob");
        assertEquals(List.of("#c", "+v", "bob"), bob.expect(m -> is(m, "MODE")).params());
        bob.send("PRIVMSG #c :now I can");
        assertEquals("now I can", ada.expect(m -> is(m, "PRIVMSG")).last(), "the refused line was never relayed");

        ada.send("MODE #c");
        IrcMessage modes = ada.expect(m -> is(m, "324"));
        assertTrue(modes.param(2).contains("t") && modes.param(2).contains("m"), modes.toString());

        ada.send("MODE #c +o bob");
        assertEquals(List.of("#c", "+o", "bob"), bob.expect(m -> is(m, "MODE")).params());
        bob.send("TOPIC #c :an operator's topic");
        assertEquals("an operator's topic", ada.expect(m -> is(m, "TOPIC")).last());
        bob.send("MODE #c -ov ada ada");
        // ada was never voiced: only the change that changes something is announced.
        assertEquals(List.of("#c", "-o", "ada"), ada.expect(m -> is(m, "MODE")).params());
        ada.send("MODE #c -t");
        assertEquals("#c", ada.expect(m -> is(m, "482")).param(1), "no longer an operator");

        bob.send("MODE #c +o nobody");
        assertEquals("nobody", bob.expect(m -> is(m, "401")).param(1));
        bob.send("MODE #c +X");
        assertEquals("X", bob.expect(m -> is(m, "472")).param(1));
    }

    @ParameterizedTest
    @EnumSource(value = TestServer.Kind.class, names = {"EMBEDDED", "NGIRCD"})
    void theOperatorKicksAndInvitesIntoAnInviteOnlyChannel(TestServer.Kind kind) {
        adaAndBobIn(kind, "#c");
        RawClient cy = registered("cy");
        bob.send("KICK #c ada :no");
        assertEquals("#c", bob.expect(m -> is(m, "482")).param(1));
        ada.send("KICK #c");
        assertEquals("KICK", ada.expect(m -> is(m, "461")).param(1));
        ada.send("KICK #c cy");
        assertEquals(List.of("ada", "cy", "#c"), ada.expect(m -> is(m, "441")).params().subList(0, 3));

        ada.send("MODE #c +i");
        bob.expect(m -> is(m, "MODE"));
        cy.send("JOIN #c");
        assertEquals("#c", cy.expect(m -> is(m, "473")).param(1));
        bob.send("INVITE cy #c");
        assertEquals("#c", bob.expect(m -> is(m, "482")).param(1), "+i: only operators invite");
        ada.send("INVITE bob #c");
        assertEquals(List.of("ada", "bob", "#c"), ada.expect(m -> is(m, "443")).params().subList(0, 3));
        ada.send("INVITE cy #c");
        assertEquals(List.of("ada", "cy", "#c"), ada.expect(m -> is(m, "341")).params());
        IrcMessage invite = cy.expect(m -> is(m, "INVITE"));
        assertEquals(List.of("cy", "#c"), invite.params());
        assertEquals("ada", invite.sourceNick());
        cy.send("JOIN #c");
        cy.expect(m -> is(m, "366"));
        bob.expect(m -> is(m, "JOIN") && m.sourceNick().equals("cy"));

        ada.send("KICK #c cy :out you go");
        IrcMessage kick = bob.expect(m -> is(m, "KICK"));
        assertEquals(List.of("#c", "cy", "out you go"), kick.params());
        assertEquals("ada", kick.sourceNick());
        assertEquals(List.of("#c", "cy", "out you go"), cy.expect(m -> is(m, "KICK")).params());
        ada.send("NAMES #c");
        IrcMessage names = ada.expect(m -> is(m, "353"));
        assertEquals(List.of("@ada", "bob"), Arrays.stream(names.last().split(" ")).sorted().toList());
        cy.send("JOIN #c");
        assertEquals("#c", cy.expect(m -> is(m, "473")).param(1), "an invitation is used up by joining");
    }

    @ParameterizedTest
    @EnumSource(value = TestServer.Kind.class, names = {"EMBEDDED", "NGIRCD"})
    void aSecretChannelIsHiddenFromThoseOutsideIt(TestServer.Kind kind) {
        adaAndBobIn(kind, "#hidden");
        RawClient cy = registered("cy");
        ada.send("MODE #hidden +s");
        ada.expect(m -> is(m, "MODE"));
        cy.send("LIST");
        List<IrcMessage> list = cy.collect(m -> is(m, "323"));
        assertTrue(list.stream().noneMatch(m -> is(m, "322") && m.param(1).equals("#hidden")), list.toString());
        cy.send("NAMES #hidden");
        List<IrcMessage> names = cy.collect(m -> is(m, "366"));
        assertTrue(names.stream().noneMatch(m -> is(m, "353")), names.toString());
        cy.send("WHOIS bob");
        List<IrcMessage> whois = cy.collect(m -> is(m, "318"));
        assertTrue(whois.stream().noneMatch(m -> is(m, "319")), whois.toString());
    }

    @ParameterizedTest
    @EnumSource(value = TestServer.Kind.class, names = {"EMBEDDED", "NGIRCD"})
    void theCommonQueriesAreAnswered(TestServer.Kind kind) {
        adaAndBobIn(kind, "#c");
        ada.send("VERSION");
        assertTrue(ada.expect(m -> is(m, "351")).params().size() >= 3);
        ada.send("TIME");
        IrcMessage time = ada.expect(m -> is(m, "391"));
        assertEquals(3, time.params().size(), "nick, server, time: " + time);
        ada.send("LUSERS");
        List<IrcMessage> lusers = ada.collect(m -> is(m, "255"));
        assertTrue(lusers.stream().anyMatch(m -> is(m, "251") && m.last().startsWith("There are 2 users")), lusers.toString());
        // ngircd counts its predefined &SERVER channel too.
        assertTrue(lusers.stream().anyMatch(m -> is(m, "254") && m.param(1).matches("[12]")), lusers.toString());

        ada.send("NAMES");
        List<IrcMessage> names = ada.collect(m -> is(m, "366"));
        assertTrue(names.stream().anyMatch(m -> is(m, "353") && m.param(2).equals("#c") && m.last().contains("bob")),
                names.toString());
        assertEquals("*", names.get(names.size() - 1).param(1));

        ada.send("WHO *");
        List<IrcMessage> who = ada.collect(m -> is(m, "315"));
        assertEquals(List.of("ada", "bob"), who.stream().filter(m -> is(m, "352")).map(m -> m.param(5)).sorted().toList(),
                who.toString());
        assertEquals("*", who.get(0).param(1));

        ada.send("WHOIS");
        ada.expect(m -> is(m, "431"));
        ada.send("WHOWAS");
        ada.expect(m -> is(m, "431"));
        ada.send("WHOWAS nobody");
        List<IrcMessage> none = ada.collect(m -> is(m, "369"));
        assertEquals(List.of("406", "369"), none.stream().map(IrcMessage::command).toList());

        // A departed nick's WHOWAS (314, 312, 369) is in EmbeddedServerTest: ngircd remembers only
        // clients that stayed 30 seconds.
    }
}
