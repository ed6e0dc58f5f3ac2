package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.server.ServerConfig;

/**
 * Why the client has a rate limit: a pasted page sent at full speed gets the user kicked for
 * flooding; held to a rate under the server's, every line arrives. Both against a server whose
 * flood control is scaled down (5 lines at once, one per 100 ms, 10 waiting at most) so the test
 * takes seconds.
 */
class RateLimitIntegrationTest {

    private static final int LINES = 40;

    private final EventLoop loop = EventLoops.newDefault();
    private final TestServer server = TestServer.embedded(ServerConfig.defaults()
            .withFlood(5, Duration.ofMillis(100), 10));
    private final List<Probe> probes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        loop.runUntilComplete(loop.submit(() -> {
            probes.forEach(p -> p.client.close());
            return null;
        }));
        loop.close();
        server.close();
    }

    private Probe connect(String nick, int burst, Duration interval) {
        ChatConfig config = ChatConfig.of("127.0.0.1", server.port(), nick).withChannels(List.of("#paste"))
                .withRateLimit(burst, interval).withReconnect(Duration.ofSeconds(30), Duration.ofSeconds(30));
        Probe probe = loop.runUntilComplete(loop.submit(() -> {
            ChatClient client = new ChatClient(loop, config);
            Probe p = new Probe(client);
            client.addListener(p);
            client.start();
            return p;
        }));
        probes.add(probe);
        probe.await(nick + " joined", () -> probe.joined("#paste"));
        return probe;
    }

    private void paste(Probe probe) {
        loop.runUntilComplete(loop.submit(() -> {
            for (int i = 0; i < LINES; i++) {
                probe.client.submit("pasted line " + i);
            }
            return null;
        }));
    }

    @Test
    void aPasteHeldToTheClientsRateArrivesWhole() {
        Probe reader = connect("reader", 5, Duration.ofMillis(100));
        Probe paster = connect("paster", 4, Duration.ofMillis(150));
        reader.await("reader sees paster", () -> reader.sees("#paste", "paster"));
        paste(paster);
        reader.await("every pasted line", () -> reader.textsFrom("paster").size() == LINES);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            expected.add("pasted line " + i);
        }
        assertEquals(expected, loop.runUntilComplete(loop.submit(() -> reader.textsFrom("paster"))));
        paster.await("all confirmed", () -> paster.entries().stream().filter(ChatEntry::isOwn)
                .allMatch(e -> e.status() == ChatEntry.Status.SENT));
    }

    @Test
    void theSamePasteAtFullSpeedGetsTheUserKickedForFlooding() {
        Probe reader = connect("reader", 5, Duration.ofMillis(100));
        Probe flooder = connect("flooder", 1000, Duration.ZERO);
        reader.await("reader sees flooder", () -> reader.sees("#paste", "flooder"));
        paste(flooder);
        // The server's ERROR line may be lost to the reset of a socket still being written to;
        // what the channel sees is the reliable sign.
        reader.await("reader sees the flooder kicked", () -> reader.entries().stream()
                .anyMatch(e -> e.kind() == ChatEntry.Kind.QUIT && e.nick().equals("flooder")
                        && e.text().equals("Excess Flood")));
        flooder.await("the flooder lost its connection", () -> flooder.entries().stream()
                .anyMatch(e -> e.kind() == ChatEntry.Kind.ERROR && e.text().startsWith("Disconnected")));
    }
}
