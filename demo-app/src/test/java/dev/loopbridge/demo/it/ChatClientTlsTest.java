package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.tck.TestCertificates;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.server.ServerConfig;

/** The client over TLS: it chats when it trusts the server, and refuses a server it cannot verify. */
class ChatClientTlsTest {

    private final EventLoop loop = EventLoops.newDefault();
    private final TestServer server = TestServer.embedded(ServerConfig.defaults()
            .withTls(TlsOptions.server(TestCertificates.get().serverContext())));
    private Probe probe;

    @AfterEach
    void tearDown() {
        if (probe != null) {
            loop.runUntilComplete(loop.submit(() -> {
                probe.client.close();
                return null;
            }));
        }
        loop.close();
        server.close();
    }

    private Probe connect(TlsOptions tls) {
        ChatConfig config = ChatConfig.of("127.0.0.1", server.port(), "secure").withChannels(List.of("#tls"))
                .withTls(tls).withReconnect(Duration.ofMillis(50), Duration.ofMillis(200));
        probe = loop.runUntilComplete(loop.submit(() -> {
            ChatClient client = new ChatClient(loop, config);
            Probe p = new Probe(client);
            client.addListener(p);
            client.start();
            return p;
        }));
        return probe;
    }

    @Test
    void aClientThatTrustsTheServerRegistersAndChatsOverTls() {
        Probe p = connect(TlsOptions.client(TestCertificates.get().clientContext()));
        p.await("joined over TLS", () -> p.joined("#tls"));
        loop.runUntilComplete(loop.submit(() -> {
            p.client.submit("encrypted hello");
            return null;
        }));
        p.await("the line confirmed", () -> p.entries().stream().filter(ChatEntry::isOwn)
                .anyMatch(e -> e.status() == ChatEntry.Status.SENT));
    }

    @Test
    void theDefaultTlsSettingsVerifyTheServerAndGiveUpOnAnUntrustedOneInsteadOfRetrying() {
        Probe p = connect(TlsOptions.client());
        p.await("the client gives up", () -> p.client.state() == ConnectionState.CLOSED);
        assertTrue(p.entries().stream().anyMatch(e -> e.kind() == ChatEntry.Kind.ERROR
                && e.text().contains("TLS certificate could not be verified")), p.entries().toString());
        assertTrue(p.entries().stream().noneMatch(e -> e.kind() == ChatEntry.Kind.INFO && e.text().contains("Welcome")),
                "never registered with a server whose certificate it cannot verify");
        assertEquals(1, p.entries().stream().filter(e -> e.kind() == ChatEntry.Kind.ERROR).count(),
                "one attempt, no reconnecting: " + p.entries());
    }
}
