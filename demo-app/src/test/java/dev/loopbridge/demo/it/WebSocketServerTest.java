package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.server.ServerConfig;
import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;

/**
 * The embedded server's HTTP side, on the IRC port: IRC over WebSocket (IRCv3) beside TCP clients,
 * the Origin check, the web client's files, and the same protections for WebSocket clients as for
 * TCP ones.
 */
class WebSocketServerTest {

    private final EventLoop loop = EventLoops.newDefault();
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestServer.Embedded server;

    private TestServer.Embedded start(ServerConfig config) {
        server = (TestServer.Embedded) TestServer.embedded(config.withMaxClientsPerHost(100));
        return server;
    }

    private <T extends AutoCloseable> T opened(T client) {
        open.add(client);
        return client;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        loop.close();
        if (server != null) {
            server.close();
        }
    }

    private static String header(String response, String name) {
        Matcher m = Pattern.compile("(?im)^" + name + ": ([^\r\n]*)").matcher(response);
        return m.find() ? m.group(1) : null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"text.ircv3.net", "binary.ircv3.net"})
    void aWebSocketClientAndATcpClientChatInOneChannelInOrder(String subprotocol) {
        int port = start(ServerConfig.defaults().withFlood(100, Duration.ofMillis(1), 100)).port();
        WsIrcClient web = opened(WsIrcClient.registered(loop, port, "webby", subprotocol));
        assertEquals(subprotocol, web.subprotocol());
        RawClient tcp = opened(RawClient.registered(port, "tcpy"));
        web.send("JOIN #mixed");
        web.expect(m -> m.command().equals("366"));
        tcp.send("JOIN #mixed");
        web.expect(m -> m.command().equals("JOIN") && "tcpy".equals(m.sourceNick()));
        tcp.expect(m -> m.command().equals("366"));

        int n = 30;
        String[] fromWeb = new String[n];
        for (int i = 0; i < n; i++) {
            fromWeb[i] = "PRIVMSG #mixed :from the browser side " + i + " é";
        }
        web.send(fromWeb);
        tcp.send("PRIVMSG #mixed :hello from TCP 0", "PRIVMSG #mixed :hello from TCP 1");
        for (int i = 0; i < n; i++) {
            int expected = i;
            IrcMessage m = tcp.expect(x -> x.command().equals("PRIVMSG"));
            assertEquals("webby", m.sourceNick());
            assertEquals("from the browser side " + expected + " é", m.last(), "in order");
        }
        assertEquals("hello from TCP 0", web.expect(m -> m.command().equals("PRIVMSG")).last());
        assertEquals("hello from TCP 1", web.expect(m -> m.command().equals("PRIVMSG")).last());
        Class<?> kind = subprotocol.startsWith("binary") ? Message.Binary.class : Message.Text.class;
        for (Message m : web.messages()) {
            assertInstanceOf(kind, m, "every message of a " + subprotocol + " socket");
        }
        tcp.send("QUIT :bye");
        web.expect(m -> m.command().equals("QUIT") && "tcpy".equals(m.sourceNick()));
    }

    @Test
    void aClientOfferingNoSubprotocolGetsTextAndLinesWithoutLineEndings() {
        int port = start(ServerConfig.defaults()).port();
        WsIrcClient web = opened(WsIrcClient.registered(loop, port, "plain"));
        assertEquals("", web.subprotocol());
        web.send("PING :x");
        assertEquals("x", web.expect(m -> m.command().equals("PONG")).last());
        assertTrue(web.messages().stream().allMatch(m -> m instanceof Message.Text), web.messages().toString());
    }

    @Test
    void theClientsOrderOfPreferenceDecidesTheSubprotocol() {
        int port = start(ServerConfig.defaults()).port();
        assertEquals("binary.ircv3.net",
                opened(WsIrcClient.connect(loop, port, "binary.ircv3.net", "text.ircv3.net")).subprotocol());
        assertEquals("text.ircv3.net",
                opened(WsIrcClient.connect(loop, port, "text.ircv3.net", "binary.ircv3.net")).subprotocol());
        assertEquals("text.ircv3.net", opened(WsIrcClient.connect(loop, port, "chat.other", "text.ircv3.net")).subprotocol());
    }

    @Test
    void aPageFromAnotherOriginIsRefusedWith403AndTheServersOwnAccepted() {
        int port = start(ServerConfig.defaults()).port();
        String foreign = RawWebSocket.exchange(port, RawWebSocket.upgrade("/", "Origin: http://evil.example\r\n"));
        assertTrue(foreign.startsWith("HTTP/1.1 403 "), foreign);
        for (String own : new String[] {"http://127.0.0.1:" + port, "http://localhost:" + port}) {
            try (RawWebSocket ws = RawWebSocket.open(port, "Origin: " + own + "\r\n")) {
                ws.sendLines("PING :origin");
            }
        }
    }

    @Test
    void theAllowedOriginsComeFromTheConfiguration() {
        int port = start(ServerConfig.defaults().withAllowedOrigins("https://chat.example")).port();
        String loopback = RawWebSocket.exchange(port, RawWebSocket.upgrade("/",
                "Origin: http://127.0.0.1:" + port + "\r\n"));
        assertTrue(loopback.startsWith("HTTP/1.1 403 "), "a list replaces the default: " + loopback);
        RawWebSocket.open(port, "Origin: https://chat.example\r\n").close();
    }

    @Test
    void getSlashServesTheWebClientFromTheJar() {
        int port = start(ServerConfig.defaults()).port();
        assertEquals("http://127.0.0.1:" + port + "/", server.onLoop(s -> s.webClientUrl()));
        String page = RawWebSocket.exchange(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertTrue(page.startsWith("HTTP/1.1 200 "), page);
        assertEquals("text/html; charset=utf-8", header(page, "Content-Type"));
        assertTrue(page.contains("<title>LoopChat</title>") && page.contains("app.js"), page);
        String script = RawWebSocket.exchange(port, "GET /app.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals("text/javascript; charset=utf-8", header(script, "Content-Type"));
        assertTrue(script.contains("text.ircv3.net"), "the page speaks the IRCv3 subprotocol");
        String style = RawWebSocket.exchange(port, "GET /app.css HTTP/1.0\r\n\r\n");
        assertEquals("text/css; charset=utf-8", header(style, "Content-Type"));
        assertTrue(RawWebSocket.exchange(port, "GET /../module-info.class HTTP/1.1\r\nHost: x\r\n\r\n")
                .startsWith("HTTP/1.1 404 "));
        assertTrue(RawWebSocket.exchange(port, "DELETE / HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 405 "));
    }

    @Test
    void garbageFramesOrAClientVanishingMidMessageDisturbNobodyElse() {
        int port = start(ServerConfig.defaults().withFlood(100, Duration.ofMillis(1), 100)).port();
        RawClient tcp = opened(RawClient.registered(port, "steady"));
        tcp.send("JOIN #calm");
        tcp.expect(m -> m.command().equals("366"));
        WsIrcClient web = opened(WsIrcClient.registered(loop, port, "webcalm", "text.ircv3.net"));
        web.send("JOIN #calm");
        web.expect(m -> m.command().equals("366"));

        RawWebSocket garbage = opened(RawWebSocket.open(port));
        garbage.sendLines("NICK garbage", "USER g 0 * :g", "JOIN #calm");
        tcp.expect(m -> m.command().equals("JOIN") && "garbage".equals(m.sourceNick()));
        garbage.write(new byte[] {(byte) 0xf3, (byte) 0x85, 1, 2, 3, 4, 'x', 'y', 'z', 'z', 'y'});  // RSV bits, opcode 3
        IrcMessage quit = tcp.expect(m -> m.command().equals("QUIT"));
        assertEquals("garbage", quit.sourceNick());

        RawWebSocket vanishing = opened(RawWebSocket.open(port));
        vanishing.sendLines("NICK vanishing", "USER v 0 * :v", "JOIN #calm");
        tcp.expect(m -> m.command().equals("JOIN") && "vanishing".equals(m.sourceNick()));
        byte[] whole = RawWebSocket.textFrame("PRIVMSG #calm :this message never ends");
        vanishing.write(java.util.Arrays.copyOf(whole, 12));
        vanishing.close();
        assertEquals("vanishing", tcp.expect(m -> m.command().equals("QUIT")).sourceNick());

        web.send("PRIVMSG #calm :still here");
        assertEquals("still here", tcp.expect(m -> m.command().equals("PRIVMSG")).last());
        tcp.send("PRIVMSG #calm :me too");
        assertEquals("me too", web.expect(m -> m.command().equals("PRIVMSG")).last());
        assertEquals(List.of("steady", "webcalm"), server.onLoop(s -> s.nicks()));
    }

    @Test
    void aWebSocketClientThatStopsReadingIsDroppedAtTheSendQueueLimitAndNobodyElseWaits() {
        int port = start(ServerConfig.defaults().withFlood(1_000_000, Duration.ZERO, 1_000_000)
                .withSendQueue(64 * 1024)).port();
        RawClient talker = opened(RawClient.registered(port, "talker"));
        talker.send("JOIN #sink");
        talker.expect(m -> m.command().equals("366"));
        RawWebSocket deaf = opened(RawWebSocket.open(port));   // never reads a byte
        deaf.sendLines("NICK deaf", "USER d 0 * :d", "JOIN #sink");
        floodUntilTheDeafClientIsDropped(talker);
        talker.send("PING :still");
        assertEquals("still", talker.expect(m -> m.command().equals("PONG")).last());
    }

    @Test
    void aTcpClientThatStopsReadingIsDroppedAtTheSendQueueLimitToo() throws java.io.IOException {
        int port = start(ServerConfig.defaults().withFlood(1_000_000, Duration.ZERO, 1_000_000)
                .withSendQueue(64 * 1024)).port();
        RawClient talker = opened(RawClient.registered(port, "talker"));
        talker.send("JOIN #sink");
        talker.expect(m -> m.command().equals("366"));
        try (java.net.Socket deaf = new java.net.Socket("127.0.0.1", port)) {  // never reads a byte
            deaf.getOutputStream().write("NICK deaf\r\nUSER d 0 * :d\r\nJOIN #sink\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            floodUntilTheDeafClientIsDropped(talker);
        }
    }

    /**
     * Once "deaf" has joined #sink: {@code talker} says long lines there until the server drops the
     * deaf client, which must then quit with "SendQ exceeded". The kernel's socket buffers fill first
     * (megabytes on loopback), then the server's queue.
     */
    private void floodUntilTheDeafClientIsDropped(RawClient talker) {
        talker.expect(m -> m.command().equals("JOIN") && "deaf".equals(m.sourceNick()));
        String[] batch = new String[500];
        java.util.Arrays.fill(batch, "PRIVMSG #sink :" + "w".repeat(400));
        long deadline = System.nanoTime() + dev.loopbridge.core.tck.TestTimeouts.TIMEOUT.toNanos();
        while (server.onLoop(s -> s.nicks()).contains("deaf")) {
            assertTrue(System.nanoTime() < deadline, "the deaf client is still connected after "
                    + dev.loopbridge.core.tck.TestTimeouts.TIMEOUT);
            talker.send(batch);
        }
        IrcMessage quit = talker.expect(m -> m.command().equals("QUIT"));
        assertEquals("deaf", quit.sourceNick());
        assertEquals("SendQ exceeded", quit.last());
    }

    @Test
    void aServerThatStopsTellsItsWebSocketClientsWhyAndClosesTheirSockets() {
        int port = start(ServerConfig.defaults()).port();
        WsIrcClient web = opened(WsIrcClient.registered(loop, port, "leaving", "text.ircv3.net"));
        server.stop();
        assertTrue(web.expect(m -> m.command().equals("ERROR")).last().contains("Server shutting down"));
        assertEquals(new CloseStatus(1000, ""), web.awaitEnd());
    }

    @Test
    void floodControlAppliesToWebSocketClients() {
        int port = start(ServerConfig.defaults().withFlood(5, Duration.ofMillis(100), 10)).port();
        WsIrcClient flooder = opened(WsIrcClient.registered(loop, port, "flooder", "text.ircv3.net"));
        String[] lines = new String[40];
        java.util.Arrays.fill(lines, "PRIVMSG flooder :flood");
        flooder.send(lines);
        IrcMessage error = flooder.expect(m -> m.command().equals("ERROR"));
        assertTrue(error.last().contains("Excess Flood"), error.toString());
        Object end = flooder.awaitEnd();
        assertInstanceOf(CloseStatus.class, end, "closed by the server, not lost: " + end);
        assertEquals(List.of(), server.onLoop(s -> s.nicks()));
    }

    @Test
    void aLineOverTheLimitGets417OverWebSocketAsOverTcp() {
        int port = start(ServerConfig.defaults()).port();
        WsIrcClient web = opened(WsIrcClient.registered(loop, port, "longer", "text.ircv3.net"));
        web.send("PRIVMSG longer :" + "x".repeat(600));
        assertEquals("417", web.expect(m -> m.command().matches("\\d{3}")).command());
        web.send("PING :after");
        assertEquals("after", web.expect(m -> m.command().equals("PONG")).last());
    }
}
