package dev.loopbridge.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.testing.TestEventLoop;

/**
 * {@link Commands}: what each typed line puts on the wire, and which mistakes become ERROR entries
 * (with nothing sent), on virtual time against the in-memory server.
 */
class CommandsTest {

    private final TestEventLoop loop = TestEventLoop.create();
    private final FakeNetwork net = new FakeNetwork(loop);
    private ChatClient client;
    private FakeNetwork.Link link;
    private int seen;

    @BeforeEach
    void registered() {
        client = new ChatClient(loop, ChatConfig.of("irc.test", 6667, "ada").withJitterSeed(42)
                .withRateLimit(100, Duration.ofMillis(10)), net::dial);
        client.start();
        loop.runUntilIdle();
        link = net.last();
        link.send(":srv CAP * LS :multi-prefix");
        link.welcome();
        loop.runUntilIdle();
        seen = link.received().size();
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Submits {@code input}; returns the lines it wrote (barrier PINGs left out). */
    private List<String> type(String input) {
        client.submit(input);
        loop.runUntilIdle();
        List<String> all = link.received();
        List<String> sent = all.subList(seen, all.size()).stream().filter(l -> !l.startsWith("PING ")).toList();
        seen = all.size();
        return sent;
    }

    private ChatEntry lastEntry() {
        List<ChatEntry> log = client.log();
        return log.get(log.size() - 1);
    }

    private void assertError(String input, String text) {
        int before = client.log().size();
        assertEquals(List.of(), type(input), input);
        assertEquals(before + 1, client.log().size(), input);
        assertEquals(ChatEntry.Kind.ERROR, lastEntry().kind(), input);
        assertEquals(ChatEntry.SERVER, lastEntry().target(), input);
        assertTrue(lastEntry().text().contains(text), input + " -> " + lastEntry().text());
    }

    private void inChannel(String channel) {
        assertEquals(List.of("JOIN " + channel), type("/join " + channel));
        link.send(":ada!u@h JOIN " + channel);
        loop.runUntilIdle();
    }

    @Test
    void textGoesToTheActiveChannelAndNeedsOne() {
        int before = client.log().size();
        assertEquals(List.of(), type("   "), "a blank line does nothing");
        assertEquals(before, client.log().size());
        assertError("hello", "Not in a channel");
        inChannel("#loop");
        assertEquals(List.of("PRIVMSG #loop hello"), type("hello"));
        assertEquals(List.of("PRIVMSG #loop :/slash and more"), type("//slash and more"));
    }

    @Test
    void joinAddsTheHashAndNeedsAName() {
        assertEquals(List.of("JOIN #loop"), type("/join loop"));
        assertEquals(List.of("JOIN &local"), type("/J &local"));
        assertError("/join", "Usage: /join #channel");
    }

    @Test
    void partLeavesTheNamedOrActiveChannelWithItsReason() {
        assertError("/part", "Usage: /part");
        inChannel("#a");
        inChannel("#b");
        assertEquals(List.of("PART #a :gone for now"), type("/part #a gone for now"));
        assertEquals(List.of("PART #b :see you"), type("/leave see you"));
        assertEquals(List.of("PART #b"), type("/part #b"));
    }

    @Test
    void nickRefusesWhatCannotBeANick() {
        assertError("/nick", "Usage: /nick name");
        assertError("/nick :x", "Usage: /nick name");
        assertError("/nick #x", "Usage: /nick name");
        assertError("/nick a,b", "Usage: /nick name");
        assertEquals(List.of("NICK bob"), type("/NICK bob extra"));
    }

    @Test
    void msgNeedsATargetAndText() {
        assertError("/msg", "Usage: /msg target text");
        assertError("/msg bob", "Usage: /msg target text");
        assertEquals(List.of("PRIVMSG bob :hi there"), type("/msg bob   hi there"));
        assertEquals(List.of("PRIVMSG carol yo"), type("/query carol yo"));
    }

    @Test
    void meActsInTheActiveTarget() {
        assertError("/me waves", "Not in a channel");
        inChannel("#loop");
        assertEquals(List.of("PRIVMSG #loop :\u0001ACTION waves\u0001"), type("/me waves"));
    }

    @Test
    void topicAndNamesWorkInAChannel() {
        assertError("/topic", "Usage: /topic");
        assertError("/names", "Usage: /names #channel");
        assertEquals(List.of("NAMES #other"), type("/names #other"));
        assertError("/names nochannel", "Usage: /names #channel");
        inChannel("#loop");
        assertEquals(List.of("TOPIC #loop"), type("/topic"));
        assertEquals(List.of("TOPIC #loop :new topic here"), type("/topic new topic here"));
        assertEquals(List.of("NAMES #loop"), type("/names"));
    }

    @Test
    void helpAndUnknownCommandsAnswerInTheServerWindow() {
        int before = client.log().size();
        assertEquals(List.of(), type("/help"));
        assertEquals(before + 1, client.log().size());
        assertEquals(ChatEntry.Kind.INFO, lastEntry().kind());
        assertTrue(lastEntry().text().startsWith("Commands: /join #channel"), lastEntry().text());
        assertError("/bogus arg", "Unknown command /bogus (known: /join");
    }

    @Test
    void quitSaysGoodbyeWithItsReason() {
        assertEquals(List.of("QUIT :time to go"), type("/Exit time to go"));
    }
}
