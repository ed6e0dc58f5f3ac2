package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.peers.PeerProcess;
import dev.loopbridge.core.tck.TestCertificates;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.client.ServerAddress;

/**
 * The client core over real WebSockets on loopback: against a stand-in IRC server built here on
 * bridge-web's {@code WebSockets.serve} (ws:// and wss://, each IRCv3 subprotocol, a restart), and
 * against servers nobody here wrote: ngircd from Debian behind a bridge on Python's
 * {@code websockets} (Debian's python3-websockets), with a TCP client on the same ngircd.
 */
class WebSocketClientIntegrationTest {

    private final EventLoop loop = EventLoops.newDefault();
    private final List<Probe> probes = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        loop.runUntilComplete(loop.submit(() -> {
            probes.forEach(p -> p.client.close());
            return null;
        }));
        loop.close();
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private Probe connect(ChatConfig config) {
        Probe probe = loop.runUntilComplete(loop.submit(() -> {
            ChatClient client = new ChatClient(loop, config.withReconnect(Duration.ofMillis(50), Duration.ofMillis(400))
                    .withRateLimit(20, Duration.ofMillis(50)));
            Probe p = new Probe(client);
            client.addListener(p);
            client.start();
            return p;
        }));
        probes.add(probe);
        return probe;
    }

    private Probe connect(String address, String nick, String channel) {
        return connect(ChatConfig.of(ServerAddress.parse(address), nick).withChannels(List.of(channel)));
    }

    private void type(Probe probe, String line) {
        loop.runUntilComplete(loop.submit(() -> {
            probe.client.submit(line);
            return null;
        }));
    }

    private static boolean allOwnSent(Probe p) {
        return p.entries().stream().filter(ChatEntry::isOwn).allMatch(e -> e.status() == ChatEntry.Status.SENT);
    }

    @Test
    void twoClientsRegisterJoinAndChatOverWsOneLinePerTextMessage() {
        WebSocketIrcStandIn standIn = closeLater(WebSocketIrcStandIn.plain("text.ircv3.net", "binary.ircv3.net"));
        String url = "ws://127.0.0.1:" + standIn.port() + "/irc";
        Probe ada = connect(url, "ada", "#ws");
        ada.await("ada joined", () -> ada.joined("#ws"));
        Probe bob = connect(url, "bob", "#ws");
        bob.await("bob joined", () -> bob.joined("#ws"));
        ada.await("ada sees bob", () -> ada.sees("#ws", "bob"));
        type(ada, "hello bob, ünïcödé 😀");
        type(bob, "hi ada");
        bob.await("bob hears ada", () -> bob.textsFrom("ada").size() == 1);
        ada.await("ada hears bob", () -> ada.textsFrom("bob").size() == 1);
        assertEquals(List.of("hello bob, ünïcödé 😀"), bob.textsFrom("ada"));
        ada.await("ada's line confirmed by the PONG after it", () -> allOwnSent(ada));

        assertEquals(List.of("text.ircv3.net", "text.ircv3.net"), standIn.agreed(), "text first: the client's preference");
        List<WebSocketIrcStandIn.Received> received = standIn.received();
        assertEquals(List.of("CAP LS 302", "NICK ada", "USER loopchat 0 * :LoopChat (LoopBridge demo)"),
                received.stream().filter(r -> r.nick().equals("*") || r.nick().equals("ada")).limit(3)
                        .map(WebSocketIrcStandIn.Received::text).toList(), "one line per message");
        assertTrue(received.stream().noneMatch(WebSocketIrcStandIn.Received::binary), "text messages: " + received);
        assertTrue(received.stream().noneMatch(r -> r.text().contains("\r") || r.text().contains("\n")),
                "no CR LF in a message: " + received);
        assertTrue(ada.entries().stream().anyMatch(e -> e.text().equals("WebSocket open to " + url.replace("/irc", "")
                + "/irc (subprotocol text.ircv3.net)")), ada.entries().toString());
    }

    @Test
    void aServerThatAgreesOnlyToBinaryGetsBinaryMessagesAndTheClientReadsThem() {
        WebSocketIrcStandIn standIn = closeLater(WebSocketIrcStandIn.plain("binary.ircv3.net"));
        Probe ada = connect("ws://127.0.0.1:" + standIn.port() + "/", "ada", "#bin");
        ada.await("ada joined", () -> ada.joined("#bin"));
        type(ada, "bytes, ünïcödé");
        ada.await("ada's line confirmed", () -> allOwnSent(ada));
        assertEquals(List.of("binary.ircv3.net"), standIn.agreed(), "the client offers binary.ircv3.net too");
        assertTrue(standIn.received().stream().allMatch(WebSocketIrcStandIn.Received::binary), standIn.received().toString());
        assertEquals(List.of("bytes, ünïcödé"), standIn.privmsgTexts());
    }

    @Test
    void wssWithTheTestCaRegistersAndChatsAndAnUntrustedServerIsRefusedWithoutRetrying() {
        TestCertificates certificates = TestCertificates.get();
        WebSocketIrcStandIn standIn = closeLater(WebSocketIrcStandIn.secure(TlsOptions.server(certificates.serverContext()),
                "text.ircv3.net", "binary.ircv3.net"));
        String url = "wss://localhost:" + standIn.port() + "/irc";
        Probe ada = connect(ChatConfig.of(ServerAddress.parse(url), "ada").withChannels(List.of("#tls"))
                .withTls(TlsOptions.client(certificates.clientContext())));
        ada.await("ada joined over wss", () -> ada.joined("#tls"));
        type(ada, "encrypted hello");
        ada.await("the line confirmed", () -> allOwnSent(ada));
        assertEquals(List.of("encrypted hello"), standIn.privmsgTexts());

        Probe eve = connect(url, "eve", "#tls");   // TlsOptions.client(): the system trust store
        eve.await("eve gives up", () -> eve.client.state() == ConnectionState.CLOSED);
        assertTrue(eve.entries().stream().anyMatch(e -> e.kind() == ChatEntry.Kind.ERROR
                && e.text().contains("TLS certificate could not be verified")), eve.entries().toString());
        assertEquals(1, eve.entries().stream().filter(e -> e.kind() == ChatEntry.Kind.ERROR).count(),
                "one attempt, no reconnecting: " + eve.entries());
        assertEquals(1, standIn.agreed().size(), "eve never opened a socket");
    }

    @Test
    void aStandInRestartLosesNoQueuedLineAndSendsEachOnce() {
        WebSocketIrcStandIn standIn = closeLater(WebSocketIrcStandIn.plain("text.ircv3.net", "binary.ircv3.net"));
        Probe ada = connect("ws://127.0.0.1:" + standIn.port() + "/irc", "ada", "#ws");
        ada.await("ada joined", () -> ada.joined("#ws"));
        type(ada, "before the restart");
        ada.await("confirmed", () -> allOwnSent(ada));

        standIn.stop();
        ada.await("ada lost the server", () -> ada.client.state() != ConnectionState.CONNECTED);
        for (int i = 1; i <= 5; i++) {
            type(ada, "queued " + i);
        }
        ada.await("five lines pending", () -> ada.client.pendingCount() == 5);
        standIn.startAgain();
        ada.await("ada delivered her queue", () -> ada.client.pendingCount() == 0 && allOwnSent(ada));
        type(ada, "after");
        ada.await("the line after confirmed", () -> allOwnSent(ada) && ada.entries().stream()
                .anyMatch(e -> e.text().equals("after")));
        assertEquals(List.of("before the restart", "queued 1", "queued 2", "queued 3", "queued 4", "queued 5", "after"),
                standIn.privmsgTexts(), "every line once, in order");
        assertEquals(2, standIn.agreed().size(), "one socket before the restart, one after");
    }

    @Test
    void againstNgircdBehindAPythonWebsocketsBridgeBesideATcpClientAndThroughABridgeRestart() {
        TestServer ngircd = closeLater(TestServer.ngircd());
        int wsPort = TestServer.freePort();
        PeerProcess[] bridge = {closeLater(PythonWebSocketBridge.start(ngircd.port(), wsPort))};
        Probe bob = connect(ChatConfig.of("127.0.0.1", ngircd.port(), "bob").withChannels(List.of("#it")));
        bob.await("bob joined over TCP", () -> bob.joined("#it"));
        Probe ada = connect("ws://127.0.0.1:" + wsPort + "/", "ada", "#it");
        ada.await("ada joined over the bridge", () -> ada.joined("#it") && ada.sees("#it", "bob"));
        bridge[0].awaitLine(Pattern.compile("open text\\.ircv3\\.net"));
        bob.await("bob sees ada", () -> bob.sees("#it", "ada"));
        type(ada, "hello from a WebSocket, ünïcödé");
        type(bob, "hello from TCP");
        bob.await("bob hears ada", () -> bob.textsFrom("ada").size() == 1);
        ada.await("ada hears bob", () -> ada.textsFrom("bob").size() == 1);
        assertEquals(List.of("hello from a WebSocket, ünïcödé"), bob.textsFrom("ada"));
        assertEquals(List.of("hello from TCP"), ada.textsFrom("bob"));
        ada.await("ada's line confirmed", () -> allOwnSent(ada));

        // The bridge goes down (ada's socket ends without a close frame: 1006); ngircd and bob stay.
        bridge[0].close();
        resources.remove(bridge[0]);
        ada.await("ada lost the server", () -> ada.client.state() != ConnectionState.CONNECTED);
        for (int i = 1; i <= 5; i++) {
            type(ada, "queued " + i);
        }
        ada.await("five lines pending", () -> ada.client.pendingCount() == 5);
        bridge[0] = closeLater(PythonWebSocketBridge.start(ngircd.port(), wsPort));
        ada.await("ada delivered her queue", () -> ada.client.pendingCount() == 0 && allOwnSent(ada));
        java.util.function.Supplier<List<String>> fromAda = () -> bob.entries().stream()
                .filter(e -> e.nick().startsWith("ada") && e.kind() == ChatEntry.Kind.MESSAGE)
                .map(ChatEntry::text).toList();
        bob.await("bob hears the queue", () -> fromAda.get().size() == 6);
        assertEquals(List.of("hello from a WebSocket, ünïcödé", "queued 1", "queued 2", "queued 3", "queued 4",
                "queued 5"), loop.runUntilComplete(loop.submit(fromAda::get)), "every line once, in order");
        assertFalse(ada.entries().stream().anyMatch(e -> e.status() == ChatEntry.Status.UNCERTAIN),
                "nothing was in flight at the restart: " + ada.entries());
    }
}
