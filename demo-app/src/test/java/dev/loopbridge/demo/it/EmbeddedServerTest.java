package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.server.ServerConfig;

/**
 * The embedded server as any IRC client sees it — numerics, limits, timeouts — and its promise
 * that one client's bad behaviour (garbage, floods, half lines, silence) never reaches the others.
 */
class EmbeddedServerTest {

    private TestServer.Embedded server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(ServerConfig config) {
        server = (TestServer.Embedded) TestServer.embedded(config);
        return server.port();
    }

    private static boolean is(IrcMessage m, String command) {
        return m.command().equals(command);
    }

    @Test
    void registrationIsWelcomedWithNumerics001To005AndTheMotd() {
        int port = start(ServerConfig.defaults());
        try (RawClient c = new RawClient(port)) {
            c.send("NICK ada", "USER ada 0 * :Ada L");
            for (String numeric : List.of("001", "002", "003", "004", "005", "375", "372", "376")) {
                c.expect(m -> is(m, numeric));
            }
            assertTrue(c.seen().get(0).contains("ada!~ada@127.0.0.1"), c.seen().get(0));
        }
        server.close();
        port = start(ServerConfig.defaults().withMotd(List.of()));
        try (RawClient c = new RawClient(port)) {
            c.send("NICK ada", "USER ada 0 * :Ada L");
            c.expect(m -> is(m, "422"));
        }
    }

    @Test
    void badCommandsAndParametersGetTheirErrorNumerics() {
        int port = start(ServerConfig.defaults());
        try (RawClient early = new RawClient(port); RawClient bob = RawClient.registered(port, "bob")) {
            early.send("JOIN #x");
            early.expect(m -> is(m, "451"));
            early.send("NICK");
            early.expect(m -> is(m, "431"));
            early.send("NICK 9lives");
            early.expect(m -> is(m, "432") && m.param(1).equals("9lives"));
            early.send("NICK bob");
            early.expect(m -> is(m, "433"));
            early.send("USER x");
            early.expect(m -> is(m, "461"));

            bob.send("FROB");
            bob.expect(m -> is(m, "421") && m.param(1).equals("FROB"));
            bob.send("JOIN");
            bob.expect(m -> is(m, "461"));
            bob.send("PRIVMSG nobody :hi");
            bob.expect(m -> is(m, "401"));
            bob.send("PRIVMSG #nowhere :hi");
            bob.expect(m -> is(m, "403"));
            bob.send("PART #nowhere");
            bob.expect(m -> is(m, "403"));
            bob.send("JOIN #here", "PART #here", "PART #here");
            bob.expect(m -> is(m, "403") || is(m, "442"));
            bob.send("JOIN #mine");
            bob.expect(m -> is(m, "366"));
            bob.send("PRIVMSG #mine");
            bob.expect(m -> is(m, "412"));
            bob.send("USER again 0 * :x");
            bob.expect(m -> is(m, "462"));
            bob.send("PING :still here");
            bob.expect(m -> is(m, "PONG") && m.last().equals("still here"));
        }
    }

    @Test
    void aLineOver512BytesGets417AndTheConnectionLivesOn() {
        int port = start(ServerConfig.defaults());
        try (RawClient a = RawClient.registered(port, "ada"); RawClient b = RawClient.registered(port, "bob")) {
            a.send("JOIN #c");
            b.send("JOIN #c");
            a.expect(m -> is(m, "JOIN") && m.sourceNick().equals("bob"));
            a.send("PRIVMSG #c :" + "x".repeat(600));
            a.expect(m -> is(m, "417"));
            a.send("PRIVMSG #c :fits");
            assertEquals("fits", b.expect(m -> is(m, "PRIVMSG")).last(), "the long line was not relayed");
        }
    }

    @Test
    void garbageFromOneClientNeverReachesOrDisturbsTheOthers() {
        int port = start(ServerConfig.defaults());
        try (RawClient a = RawClient.registered(port, "ada"); RawClient b = RawClient.registered(port, "bob");
             RawClient junk = new RawClient(port)) {
            a.send("JOIN #c");
            b.send("JOIN #c");
            a.expect(m -> is(m, "JOIN") && m.sourceNick().equals("bob"));
            Random random = new Random(7);
            boolean open = true;
            for (int i = 0; i < 200 && open; i++) {
                byte[] bytes = new byte[random.nextInt(900)];
                random.nextBytes(bytes);
                open = junk.trySend(bytes);    // the server may cut it off for flooding: that is fine
            }
            junk.trySend("NICK junk\r\nUSER j 0 * :j\r\nJOIN #c\r\n:fake!prefix PRIVMSG #c :\u0000\u0001\u00ff\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 20; i++) {
                a.send("PRIVMSG #c :in order " + i);
            }
            for (int i = 0; i < 20; i++) {
                int n = i;
                IrcMessage m = b.expect(x -> is(x, "PRIVMSG"));
                assertEquals("ada", m.sourceNick(), "only ada's lines reach bob: " + m);
                assertEquals("in order " + n, m.last());
            }
        }
    }

    @Test
    void aFloodingClientIsCutOffAndTheOthersCarryOn() {
        int port = start(ServerConfig.defaults().withFlood(5, Duration.ofSeconds(1), 20));
        try (RawClient a = RawClient.registered(port, "ada"); RawClient b = RawClient.registered(port, "bob");
             RawClient flooder = RawClient.registered(port, "flood")) {
            a.send("JOIN #c");
            b.send("JOIN #c");
            flooder.send("JOIN #c");
            b.expect(m -> is(m, "JOIN") && m.sourceNick().equals("flood"));
            StringBuilder paste = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                paste.append("PRIVMSG #c :spam ").append(i).append("\r\n");
            }
            flooder.sendBytes(paste.toString().getBytes(StandardCharsets.UTF_8));
            assertTrue(flooder.readToEof().stream().anyMatch(l -> l.contains("Excess Flood")), flooder.seen().toString());
            b.expect(m -> is(m, "QUIT") && m.sourceNick().equals("flood") && m.last().equals("Excess Flood"));
            long spam = b.seen().stream().filter(l -> l.contains("spam")).count();
            assertTrue(spam <= 6, "at most the burst of spam got through before the cut: " + spam);
            a.send("PRIVMSG #c :still fine");
            assertEquals("still fine", b.expect(m -> is(m, "PRIVMSG") && m.sourceNick().equals("ada")).last());
        }
    }

    @Test
    void aClientThatDisconnectsMidLineLeavesNoHalfLineBehind() {
        int port = start(ServerConfig.defaults());
        try (RawClient a = RawClient.registered(port, "ada"); RawClient b = RawClient.registered(port, "bob")) {
            RawClient half = RawClient.registered(port, "half");
            a.send("JOIN #c");
            b.send("JOIN #c");
            half.send("JOIN #c");
            b.expect(m -> is(m, "JOIN") && m.sourceNick().equals("half"));
            half.sendBytes("PRIVMSG #c :this line never ends".getBytes(StandardCharsets.UTF_8));
            half.close();
            IrcMessage quit = b.expect(m -> is(m, "QUIT") || is(m, "PRIVMSG"));
            assertEquals("QUIT", quit.command(), "the half line was not relayed");
            assertEquals("Connection closed mid-line", quit.last());
            a.send("PRIVMSG #c :after");
            assertEquals("after", b.expect(m -> is(m, "PRIVMSG")).last());
        }
    }

    @Test
    void aSilentClientIsPingedThenDroppedAndItsChannelsHear() {
        int port = start(ServerConfig.defaults().withPing(Duration.ofMillis(200), Duration.ofMillis(600)));
        try (RawClient b = RawClient.registered(port, "bob"); RawClient silent = RawClient.registered(port, "silent")) {
            b.send("JOIN #c");
            silent.send("JOIN #c");
            b.expect(m -> is(m, "JOIN") && m.sourceNick().equals("silent"));
            // bob answers the server's PINGs and stays; silent does not.
            IrcMessage m;
            do {
                m = b.expect(x -> is(x, "PING") || is(x, "QUIT"));
                if (is(m, "PING")) {
                    b.send("PONG :" + m.last());
                }
            } while (!is(m, "QUIT"));
            assertEquals("silent", m.sourceNick());
            assertTrue(m.last().startsWith("Ping timeout"), m.last());
            List<String> rest = silent.readToEof();
            assertTrue(rest.stream().anyMatch(l -> l.startsWith("PING")), "pinged first: " + rest);
            assertTrue(rest.stream().anyMatch(l -> l.startsWith("ERROR") && l.contains("Ping timeout")), rest.toString());
            b.send("PING :alive");
            b.expect(x -> is(x, "PONG"));
        }
    }

    @Test
    void connectionsPastTheLimitAreTurnedAwayUntilOneLeaves() {
        int port = start(ServerConfig.defaults().withMaxClients(2));
        try (RawClient a = RawClient.registered(port, "ada")) {
            RawClient b = RawClient.registered(port, "bob");
            try (RawClient third = new RawClient(port)) {
                List<String> lines = third.readToEof();
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("ERROR") && l.contains("Too many connections")),
                        lines.toString());
            }
            b.send("QUIT :making room");
            b.readToEof();
            b.close();
            a.send("PING :sync");   // the server has handled bob's quit once ada's PONG comes back
            a.expect(m -> is(m, "PONG"));
            try (RawClient fourth = RawClient.registered(port, "dave")) {
                fourth.send("PING :in");
                fourth.expect(m -> is(m, "PONG"));
            }
        }
    }

    @Test
    void aRepeatedClientIdIsDroppedWhenDedupWasNegotiated() {
        int port = start(ServerConfig.defaults());
        try (RawClient b = RawClient.registered(port, "bob"); RawClient a = new RawClient(port)) {
            a.send("CAP LS 302", "NICK ada", "USER ada 0 * :Ada");
            a.expect(m -> is(m, "CAP") && m.param(1).equals("LS"));
            a.send("CAP REQ :message-tags loopbridge.dev/dedup");
            a.expect(m -> is(m, "CAP") && m.param(1).equals("ACK"));
            a.send("CAP END");
            a.expect(m -> is(m, "376"));
            a.send("JOIN #c");
            b.send("JOIN #c");
            a.expect(m -> is(m, "JOIN") && m.sourceNick().equals("bob"));
            a.send("@loopbridge.dev/cid=abc PRIVMSG #c :once", "@loopbridge.dev/cid=abc PRIVMSG #c :once",
                    "@loopbridge.dev/cid=def PRIVMSG #c :twice");
            assertEquals("once", b.expect(m -> is(m, "PRIVMSG")).last());
            assertEquals("twice", b.expect(m -> is(m, "PRIVMSG")).last());
        }
    }

    @Test
    void randomCommandsWithRandomParametersNeverBreakTheServer() {
        int port = start(ServerConfig.defaults().withFlood(100_000, Duration.ZERO, 100_000));
        try (RawClient a = RawClient.registered(port, "ada"); RawClient b = RawClient.registered(port, "bob");
             RawClient fuzz = RawClient.registered(port, "fuzz")) {
            a.send("JOIN #c");
            b.send("JOIN #c");
            a.expect(m -> is(m, "JOIN") && m.sourceNick().equals("bob"));
            Random random = new Random(2024);
            String[] commands = {"NICK", "USER", "JOIN", "PART", "PRIVMSG", "NOTICE", "TOPIC", "NAMES", "MODE", "WHO",
                "WHOIS", "LIST", "ISON", "PING", "PONG", "CAP", "MOTD", "PASS", "FOO", "001"};
            String[] words = {"#c", "#d", "ada", "bob", "fuzz", "0", ":", "", "*", ",", "#", "&x", "LS", "REQ", "END",
                ":message-tags", "-message-tags", "b", "+o", "a,b,#c", "9bad", "x".repeat(40), "ä😀"};
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                if (random.nextInt(10) == 0) {
                    lines.append("@a=b;c ");
                }
                lines.append(commands[random.nextInt(commands.length)]);
                for (int p = random.nextInt(5); p > 0; p--) {
                    lines.append(' ').append(random.nextInt(4) == 0 ? ":" : "").append(words[random.nextInt(words.length)]);
                }
                lines.append("\r\n");
            }
            fuzz.trySend(lines.toString().getBytes(StandardCharsets.UTF_8));
            fuzz.trySend("PING :done\r\n".getBytes(StandardCharsets.UTF_8));
            fuzz.expect(m -> is(m, "PONG") && m.last().equals("done"));
            assertTrue(fuzz.seen().stream().noneMatch(l -> l.contains("Internal error")), "the server hit a bug");
            a.send("PRIVMSG #c :after the fuzz");
            assertEquals("after the fuzz", b.expect(m -> is(m, "PRIVMSG") && m.sourceNick().equals("ada")).last());
        }
    }

    @Test
    void whowasRemembersWhoLeftOrChangedNick() {
        int port = start(ServerConfig.defaults());
        try (RawClient a = RawClient.registered(port, "ada")) {
            RawClient b = RawClient.registered(port, "bob");
            b.send("NICK robert");
            b.expect(m -> is(m, "NICK"));
            b.send("QUIT :bye");
            b.readToEof();
            b.close();
            a.send("WHOWAS bob");
            IrcMessage first = a.expect(m -> is(m, "314"));
            assertEquals(List.of("ada", "bob", "~bob", "127.0.0.1", "*", "bob"), first.params());
            a.expect(m -> is(m, "312") && m.param(1).equals("bob"));
            a.expect(m -> is(m, "369"));
            a.send("WHOWAS robert");
            assertEquals("robert", a.expect(m -> is(m, "314")).param(1));
        }
    }

    @Test
    void aFifthTargetGets407AndTheFirstFourTheMessage() {
        int port = start(ServerConfig.defaults());
        try (RawClient a = RawClient.registered(port, "ada"); RawClient b = RawClient.registered(port, "bob")) {
            a.send("PRIVMSG bob,x1,x2,x3,x4,x5 :hi");
            IrcMessage tooMany = a.expect(m -> is(m, "407") || is(m, "PONG"));
            assertEquals(List.of("ada", "x4"), tooMany.params().subList(0, 2), tooMany.toString());
            assertEquals("hi", b.expect(m -> is(m, "PRIVMSG")).last());
            a.send("NOTICE bob,x1,x2,x3,x4 :quiet", "PING :sync");
            List<IrcMessage> after = a.collect(m -> is(m, "PONG"));
            assertTrue(after.stream().noneMatch(m -> is(m, "407")), "NOTICE gets no automatic reply: " + after);
        }
    }

    @Test
    void aLineWithANulIsRefusedNotRunWithoutIt() {
        int port = start(ServerConfig.defaults());
        try (RawClient a = RawClient.registered(port, "ada"); RawClient b = RawClient.registered(port, "bob")) {
            a.sendBytes("PRIVMSG bob :a\u0000b\r\nPRIVMSG bob :clean\r\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("clean", b.expect(m -> is(m, "PRIVMSG")).last(), "the line with the NUL was not relayed");
            assertTrue(a.expect(m -> is(m, "NOTICE")).last().contains("NUL"));
            a.sendBytes("PI\u0000NG :x\r\nPING :y\r\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("y", a.expect(m -> is(m, "PONG")).last(), "no PONG for the command with a NUL");
        }
    }

    @Test
    void linesEndingInLfAloneOrCrAloneAreAcceptedAndTheLimitCountsTheEndingTheyHave() {
        int port = start(ServerConfig.defaults());
        try (RawClient a = RawClient.registered(port, "ada"); RawClient b = RawClient.registered(port, "bob")) {
            a.sendBytes("PING :lf\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("lf", a.expect(m -> is(m, "PONG")).last());
            a.sendBytes("PING :cr\rPING :cr2\r".getBytes(StandardCharsets.UTF_8));
            assertEquals("cr", a.expect(m -> is(m, "PONG")).last());
            assertEquals("cr2", a.expect(m -> is(m, "PONG")).last());
            String head = "PRIVMSG bob :";
            String fits = head + "x".repeat(511 - head.length());   // 511 bytes + LF = 512
            a.sendBytes((fits + "\n").getBytes(StandardCharsets.UTF_8));
            assertTrue(b.expect(m -> is(m, "PRIVMSG")).last().startsWith("xxx"), "512 bytes with a lone LF fit");
            a.sendBytes((fits + "\r\n").getBytes(StandardCharsets.UTF_8));   // 513 with CR LF
            a.expect(m -> is(m, "417"));
        }
    }

    @Test
    void aRelayedLineIsCutToFit512BytesWithTheSendersPrefix() {
        int port = start(ServerConfig.defaults());
        try (RawClient a = RawClient.registered(port, "ada"); RawClient b = RawClient.registered(port, "bob")) {
            String head = "PRIVMSG bob :";
            String text = "ä".repeat((510 - head.length()) / 2);
            a.send(head + text);   // 510 bytes + CR LF: fits as sent, not with ":ada!~ada@127.0.0.1 " in front
            b.expect(m -> is(m, "PRIVMSG"));
            String relayed = b.seen().get(b.seen().size() - 1);
            int bytes = relayed.getBytes(StandardCharsets.UTF_8).length + 2;
            assertTrue(bytes <= 512, bytes + " bytes relayed");
            assertTrue(text.startsWith(IrcMessage.parse(relayed).orElseThrow().last()), "cut on a character boundary");
        }
    }

    @Test
    void capLsWithout302ListsCapabilitiesWithoutValues() {
        int port = start(ServerConfig.defaults());
        try (RawClient a = new RawClient(port)) {
            a.send("CAP LS");
            assertEquals("message-tags loopbridge.dev/dedup", a.expect(m -> is(m, "CAP")).last());
            a.send("CAP LS 302");
            assertTrue(a.expect(m -> is(m, "CAP")).last().contains("loopbridge.dev/dedup="));
        }
    }
}
