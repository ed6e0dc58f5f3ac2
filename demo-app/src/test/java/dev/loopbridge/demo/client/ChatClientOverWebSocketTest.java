package dev.loopbridge.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;

/**
 * Every test of {@link ChatClientTest} again, with the client connecting to {@code ws://} servers:
 * the same registration, keepalive, backoff, rate limit, outbox and exactly-once semantics over the
 * WebSocket transport (each fake link carried as one IRC line per message by {@link LinkWebSocket}),
 * on virtual time. Then what only a WebSocket has: the subprotocols offered and the one agreed,
 * binary messages, the options the socket is opened with, an abnormal end.
 */
class ChatClientOverWebSocketTest extends ChatClientTest {

    private final List<URI> uris = new ArrayList<>();
    private final List<WebSocketOptions> offered = new ArrayList<>();
    private final List<LinkWebSocket> sockets = new ArrayList<>();
    private String agree = WebSocketLines.TEXT;

    @Override
    ChatClient newClient(ChatConfig config, Dialer dialer) {
        ChatConfig ws = config.withWebSocket("/irc");
        Dialer noTcp = options -> {
            throw new AssertionError("dialed TCP for a ws:// server: " + options);
        };
        WebSocketDialer overLinks = (uri, options) -> {
            uris.add(uri);
            offered.add(options);
            LoopFuture<StreamConnection> link = dialer.dial(ConnectOptions.to(uri.getHost(), uri.getPort()));
            LoopFuture<WebSocket> socket = loop.newFuture();
            link.whenComplete((connection, failure) -> {
                if (failure != null) {
                    socket.completeExceptionally(failure);
                } else {
                    LinkWebSocket s = new LinkWebSocket(loop, connection, agree, uri.getRawPath());
                    sockets.add(s);
                    socket.complete(s);
                }
            });
            return socket;
        };
        return new ChatClient(loop, ws, noTcp, overLinks);
    }

    private ChatClient started(ChatConfig config) {
        ChatClient c = newClient(config, net);
        c.start();
        loop.runUntilIdle();
        return c;
    }

    private static ChatConfig wsConfig() {
        return ChatConfig.of("irc.test", 8067, "ada").withChannels(List.of("#loop")).withJitterSeed(42)
                .withRateLimit(100, Duration.ofMillis(10)).withConnectTimeout(Duration.ofSeconds(7));
    }

    @Test
    void theSocketOffersBothIrcv3SubprotocolsTextFirstAndCarriesOneLinePerTextMessage() {
        ChatClient c = started(wsConfig());
        assertEquals(List.of(URI.create("ws://irc.test:8067/irc")), uris);
        WebSocketOptions options = offered.get(0);
        assertEquals(List.of("text.ircv3.net", "binary.ircv3.net"), options.subprotocols());
        assertEquals(Duration.ofSeconds(7), options.handshakeTimeout(), "the connect timeout bounds the handshake");
        assertNull(options.tls(), "ws:// is plain");
        net.last().send(":srv 001 ada :Welcome");
        loop.runUntilIdle();
        assertEquals(ConnectionState.CONNECTED, c.state());
        List<Message> sent = sockets.get(0).sent;
        assertEquals(new Message.Text("CAP LS 302"), sent.get(0));
        assertEquals(new Message.Text("JOIN #loop"), sent.get(sent.size() - 1));
        assertTrue(sent.stream().allMatch(m -> m instanceof Message.Text), sent.toString());
        assertTrue(c.log().stream().anyMatch(e -> e.text().equals(
                "WebSocket open to ws://irc.test:8067/irc (subprotocol text.ircv3.net)")), c.log().toString());
    }

    @Test
    void withBinaryAgreedLinesGoAsBinaryMessagesOfTheirUtf8Bytes() {
        agree = WebSocketLines.BINARY;
        ChatClient c = started(wsConfig());
        net.last().send(":srv 001 ada :Welcome");
        loop.runUntilIdle();
        c.submit("ünïcödé");
        loop.runUntilIdle();
        List<Message> sent = sockets.get(0).sent;
        assertTrue(sent.stream().allMatch(m -> m instanceof Message.Binary), sent.toString());
        String line = net.last().received().stream().filter(l -> l.startsWith("PRIVMSG")).findFirst().orElseThrow();
        assertTrue(sent.contains(new Message.Binary(line.getBytes(StandardCharsets.UTF_8))),
                "the line as one binary message of its UTF-8 bytes: " + line);
        assertEquals("ünïcödé", net.last().received("PRIVMSG").get(0).last());
    }

    @Test
    void noSubprotocolAgreedFallsBackToTextMessages() {
        agree = "";
        ChatClient c = started(wsConfig());
        net.last().send(":srv 001 ada :Welcome");
        loop.runUntilIdle();
        assertEquals(ConnectionState.CONNECTED, c.state());
        assertTrue(sockets.get(0).sent.stream().allMatch(m -> m instanceof Message.Text));
        assertTrue(c.log().stream().anyMatch(e -> e.text().contains("(subprotocol none agreed: text messages)")));
    }

    @Test
    void aMessageHoldingLineBreaksWhichServersMustNotSendIsReadAsTheLinesItHolds() {
        ChatClient c = started(wsConfig());
        sockets.get(0).sendMessage(":srv 001 ada :Welcome\r\n:ada!u@h JOIN #loop\r\n");
        loop.runUntilIdle();
        assertEquals(ConnectionState.CONNECTED, c.state());
        assertTrue(c.channel("#loop").orElseThrow().joined());
        sockets.get(0).sendMessage(":bob!u@h PRIVMSG #loop :no line ending");
        loop.runUntilIdle();
        assertTrue(c.log().stream().anyMatch(e -> e.nick().equals("bob") && e.text().equals("no line ending")));
        sockets.get(0).sendMessage(":bob!u@h PRIVMSG #loop :after CR\r:bob!u@h PRIVMSG #loop :after LF\n\r\n"
                + ":bob!u@h PRIVMSG #loop :last\r\n");
        loop.runUntilIdle();
        assertEquals(List.of("no line ending", "after CR", "after LF", "last"), c.log().stream()
                .filter(e -> e.nick().equals("bob")).map(ChatEntry::text).toList(),
                "bare CR and LF end lines too; empty ones are skipped");
    }

    @Test
    void wssOpensTheSocketWithTheConfiguredTlsSettings() {
        TlsOptions trust = TlsOptions.client();
        started(wsConfig().withTls(trust));
        assertEquals(URI.create("wss://irc.test:8067/irc"), uris.get(0));
        assertSame(trust, offered.get(0).tls());
    }

    @Test
    void anAbnormalEndIsALossThatSaysItsStatusAndTheQueueWaitsForTheNextSocket() {
        ChatClient c = started(wsConfig().withReconnect(Duration.ofSeconds(1), Duration.ofSeconds(60)));
        net.last().send(":srv 001 ada :Welcome");
        loop.runUntilIdle();
        sockets.get(0).dropAbnormally();
        loop.runUntilIdle();
        assertEquals(ConnectionState.WAITING, c.state());
        assertTrue(c.log().stream().anyMatch(e -> e.kind() == ChatEntry.Kind.ERROR
                && e.text().startsWith("Disconnected (the WebSocket ended: 1006")), c.log().toString());
        c.submit("while away");
        assertEquals(1, c.pendingCount());
        loop.advance(Duration.ofSeconds(2));
        assertEquals(2, sockets.size(), "reconnected after the backoff");
        net.last().send(":srv 001 ada :Welcome back");
        loop.runUntilIdle();
        assertEquals(List.of("while away"), net.last().received("PRIVMSG").stream().map(m -> m.last()).toList());
    }

    @Test
    void closingTheClientClosesItsSocketGoingAway() {
        ChatClient c = started(wsConfig());
        net.last().send(":srv 001 ada :Welcome");
        loop.runUntilIdle();
        c.close();
        assertEquals(new CloseStatus(CloseStatus.GOING_AWAY, ""), sockets.get(0).clientClose());
    }
}
