package dev.loopbridge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.tck.TestCertificates;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.core.testing.TestEventLoop;
import dev.loopbridge.demo.client.ChannelInfo;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.it.TestServerAccess;
import dev.loopbridge.demo.server.ServerConfig;

/** The command line: options, usage errors, the terminal client end to end, and the GUI hook. */
class LoopChatTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return LoopChat.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "--port 6667", "--server --port abc", "--server --port 70000", "--connect nohost",
        "--connect host:0", "--connect", "--nick", "--nick a:b", "--tls", "--cli --swing", "--both --cli", "--both --swing", "--server --connect h:1",
        "--channel #a,b", "--max-clients 500", "--server --max-clients 0", "--server --max-clients-per-host x",
        "--server --cli --tls-keystore k.p12", "--server --tls-password pw", "--tls-keystore k.p12"})
    void unknownOrMalformedOptionsPrintTheUsageAndExitWith2(String args) {
        assertEquals(LoopChat.EXIT_USAGE, run(args.split(" ")));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("usage: loopchat"), printed);
    }

    @Test
    void optionsCombineIntoAMode() {
        LoopChat.Options serverOnly = LoopChat.parse(new String[] {"--server", "--port", "7000"});
        assertEquals(LoopChat.Options.Mode.SERVER_ONLY, serverOnly.mode());
        assertEquals(7000, serverOnly.port());
        LoopChat.Options cliWithServer = LoopChat.parse(new String[] {"--server", "--cli", "--nick", "ada"});
        assertEquals(LoopChat.Options.Mode.CLI, cliWithServer.mode());
        assertEquals(0, cliWithServer.port(), "the embedded server on a free port");
        LoopChat.Options remote = LoopChat.parse(new String[] {"--swing", "--connect", "[::1]:6697", "--tls", "--channel", "loop"});
        assertEquals(LoopChat.Options.Mode.SWING, remote.mode());
        assertEquals("::1", remote.connect().host());
        assertEquals(6697, remote.connect().port());
        assertFalse(remote.connect().isWebSocket());
        assertEquals("#loop", remote.channel());
        assertTrue(remote.tls());
    }

    @Test
    void connectTakesAWebSocketUrlAndTlsGoesWithHostAndPortOnly() {
        LoopChat.Options ws = LoopChat.parse(new String[] {"--cli", "--connect", "ws://127.0.0.1:8067/irc"});
        assertEquals("127.0.0.1", ws.connect().host());
        assertEquals(8067, ws.connect().port());
        assertEquals("/irc", ws.connect().webSocketPath());
        assertFalse(ws.connect().secure());
        LoopChat.Options wss = LoopChat.parse(new String[] {"--connect", "wss://irc.example.org/webirc"});
        assertEquals(443, wss.connect().port(), "wss:// without a port: 443");
        assertTrue(wss.connect().secure());
        IllegalArgumentException tls = assertThrows(IllegalArgumentException.class,
                () -> LoopChat.parse(new String[] {"--connect", "ws://h:1/irc", "--tls"}));
        assertEquals("--tls goes with --connect HOST:PORT (for a WebSocket over TLS: --connect wss://h:1/irc)",
                tls.getMessage());
        IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
                () -> LoopChat.parse(new String[] {"--connect", "http://h:1/irc"}));
        assertTrue(http.getMessage().startsWith("--connect: \"http://h:1/irc\": a http:// URL (expected: host:port, "
                + "ws://host:port/path or wss://host:port/path"), http.getMessage());
    }

    @Test
    void originGoesWithAWebSocketUrlAndMustBeAnOrigin() {
        LoopChat.Options ws = LoopChat.parse(new String[] {"--connect", "ws://127.0.0.1:8067/", "--origin", "http://127.0.0.1:8067"});
        assertEquals("http://127.0.0.1:8067", ws.origin());
        assertEquals(null, LoopChat.parse(new String[] {"--connect", "ws://127.0.0.1:8067/"}).origin(), "none by default");
        IllegalArgumentException tcp = assertThrows(IllegalArgumentException.class,
                () -> LoopChat.parse(new String[] {"--connect", "h:1", "--origin", "http://h"}));
        assertEquals("--origin goes with --connect ws://HOST:PORT/PATH or wss://...", tcp.getMessage());
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> LoopChat.parse(new String[] {"--connect", "ws://h:1/", "--origin", "http://h/page"}));
        assertTrue(path.getMessage().startsWith("--origin: webSocketOrigin: \"http://h/page\" (expected: "), path.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h:1/", "ws://", "ws://h:99999/", "ws://h:x/", "ws://u@h:1/", "ws://h:1/#top", "ws://h:1/a b"})
    void aBadWebSocketUrlPrintsTheUsageAndExitsWith2(String url) {
        assertEquals(LoopChat.EXIT_USAGE, run("--cli", "--connect", url));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("loopchat: --connect: ") && printed.contains("\"" + url + "\"")
                && printed.contains("(expected: "), printed);
    }

    @Test
    void theServerTakesItsConnectionLimitsFromTheCommandLine() {
        LoopChat.Options options = LoopChat.parse(new String[] {"--server", "--max-clients", "500",
            "--max-clients-per-host", "200"});
        ServerConfig config = options.serverFlags().apply(ServerConfig.defaults());
        assertEquals(500, config.maxClients());
        assertEquals(200, config.maxClientsPerHost());
        ServerConfig untouched = LoopChat.parse(new String[] {"--server"}).serverFlags().apply(ServerConfig.defaults());
        assertEquals(ServerConfig.defaults(), untouched);
    }

    @Test
    void theServerSpeaksTlsWithAPkcs12KeyStoreAndTheClientChatsOverIt() throws Exception {
        TestCertificates certificates = TestCertificates.get();
        LoopChat.Options options = LoopChat.parse(new String[] {"--server", "--port", "0", "--tls-keystore",
            certificates.keystore("server").toString(), "--tls-password", TestCertificates.password()});
        WatchedOutput out = new WatchedOutput("the server");
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() -> LoopChat.runServer(options,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), stop));
        try {
            String listening = out.await(Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(TLS\\)"));
            int port = Integer.parseInt(listening);
            assertEquals("https://127.0.0.1:" + port + "/", out.await(Pattern.compile("web client: (\\S+)")),
                    "the web client's address is printed, https with TLS");
            ChatConfig config = ChatConfig.of("127.0.0.1", port, "secure").withChannels(List.of("#tls"))
                    .withTls(TlsOptions.client(certificates.clientContext()));
            try (EventLoop loop = EventLoops.newDefault()) {
                LoopFuture<Void> joined = loop.runUntilComplete(loop.submit(() -> {
                    ChatClient client = new ChatClient(loop, config);
                    LoopFuture<Void> done = loop.newFuture();
                    client.addListener(new ChatListener() {
                        @Override
                        public void channelChanged(ChannelInfo channel) {
                            if (channel.joined()) {
                                done.complete(null);
                            }
                        }
                    });
                    client.start();
                    done.whenComplete((v, e) -> client.close());
                    return done;
                }));
                loop.runUntilComplete(joined.orTimeout(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            try (java.net.Socket plain = new java.net.Socket("127.0.0.1", port)) {
                plain.setSoTimeout((int) TestTimeouts.TIMEOUT.toMillis());
                plain.getOutputStream().write("NICK plain\r\nUSER p 0 * :p\r\n".getBytes(StandardCharsets.UTF_8));
                byte[] reply = plain.getInputStream().readNBytes(64);
                assertTrue(!new String(reply, StandardCharsets.ISO_8859_1).contains(" 001 "), "no plain-text IRC on the TLS port");
            } catch (IOException resetByTheTlsServer) {
                // as good as a refusal
            }
        } finally {
            stop.complete(null);
        }
        assertEquals(0, server.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void aKeyStoreTheServerCannotReadIsReportedAndExitsWith1() {
        LoopChat.Options options = LoopChat.parse(new String[] {"--server", "--port", "0", "--tls-keystore",
            TestCertificates.get().keystore("server").toString(), "--tls-password", "wrong"});
        assertEquals(1, LoopChat.runServer(options, new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8), CompletableFuture.completedFuture(null)));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("cannot read the key store") && printed.contains("PKCS#12"), printed);
    }

    @Test
    void theGuiModesGoThroughTheGuiHookWithTheirToolkit() {
        assertEquals(Gui.EXIT_NOT_BUILT, runGui("--nick", "ada"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("JAVAFX GUI is not built yet"), err.toString());
        assertEquals(Gui.EXIT_NOT_BUILT, runGui("--swing", "--connect", "127.0.0.1:6667"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("SWING GUI is not built yet"), err.toString());
        assertEquals(Gui.EXIT_NOT_BUILT, runGui("--both"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("BOTH GUI is not built yet"), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--nick ada", "--swing", "--both", "--server --both"})
    void aWindowWithTheEmbeddedServerPrintsTheWebClientsAddressOnStdoutWhileTheServerServesIt(String args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> served = new java.util.ArrayList<>();
        Gui fetchesThePage = (toolkit, config, errors) -> {
            String printed = out.toString(StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("loopchat: web client at (http://127\\.0\\.0\\.1:(\\d+)/)\\R").matcher(printed);
            assertTrue(m.find(), "no web client address on stdout before the window opened: " + printed);
            assertEquals(config.server().port(), Integer.parseInt(m.group(2)), "the address of the server the window uses");
            served.add(page(m.group(1)));
            return 0;
        };
        assertEquals(0, LoopChat.run(args.split(" "), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                fetchesThePage), err.toString(StandardCharsets.UTF_8));
        assertEquals(1, served.size());
        assertTrue(served.get(0).contains("<title>LoopChat</title>"), served.get(0));
    }

    @Test
    void aWindowOnAServerOfItsOwnPrintsNoWebClientAddress() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, LoopChat.run(new String[] {"--connect", "127.0.0.1:6667"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                (toolkit, config, errors) -> 0));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    /** The body of a GET of {@code url}, failing unless it is 200. */
    private static String page(String url) {
        try {
            // The JDK client's defaults, which offer an h2c upgrade: the server ignores it and answers in HTTP/1.1.
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> response = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(TestTimeouts.TIMEOUT).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), url);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private int runGui(String... args) {
        return LoopChat.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8), Gui.NOT_BUILT);
    }

    @Test
    void theTerminalClientSendsStdinLinesAndPrintsChannelMessages() throws Exception {
        try (TestServerAccess.Running server = TestServerAccess.embedded();
             TestServerAccess.Raw bob = server.registered("bob")) {
            bob.send("JOIN #c");
            bob.expect("366");
            PipedOutputStream typing = new PipedOutputStream();
            PipedInputStream stdin = new PipedInputStream(typing);
            WatchedOutput out = new WatchedOutput("the terminal client");
            CompletableFuture<Integer> cli = CompletableFuture.supplyAsync(() -> LoopChat.run(
                    new String[] {"--cli", "--connect", "127.0.0.1:" + server.port(), "--nick", "term", "--channel", "#c"},
                    stdin, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
            bob.expectFrom("term", "JOIN");
            typing.write("hello from the terminal\n/me types\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            assertEquals("hello from the terminal", bob.expectFrom("term", "PRIVMSG").last());
            assertEquals("\u0001ACTION types\u0001", bob.expectFrom("term", "PRIVMSG").last());
            bob.send("PRIVMSG #c :hi terminal");
            out.await("[#c] <bob> hi terminal");
            typing.close();
            assertEquals(0, cli.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(bob.expectFrom("term", "QUIT").last().contains("end of input"));
        }
    }

    @Test
    void theTerminalClientExitsNonZeroNamingEachLineItCouldNotDeliver() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ChatConfig config = ChatConfig.of("127.0.0.1", closedPort, "term").withChannels(List.of("#c"));
        // On virtual time: the minute the client waits for the unreachable server passes at once.
        TestEventLoop loop = TestEventLoop.create();
        int code = LoopChat.runCli(config, new ByteArrayInputStream("first line\nsecond line\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true, StandardCharsets.UTF_8),
                loop, LoopChat.DELIVERY_WAIT);
        assertEquals(LoopChat.EXIT_UNDELIVERED, code);
        List<String> reported = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("loopchat: not delivered"))
                .toList();
        assertEquals(2, reported.size(), err.toString(StandardCharsets.UTF_8));
        assertTrue(reported.get(0).endsWith("[#c] first line") && reported.get(1).endsWith("[#c] second line"),
                reported.toString());
    }
}
