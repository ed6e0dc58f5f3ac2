package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.peers.PeerProcess;
import dev.loopbridge.core.peers.PeerTool;
import dev.loopbridge.core.peers.RealPeerTest;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.server.ServerConfig;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * LoopChat's web client in a real browser: headless Chromium (Debian's {@code chromium}) opens the
 * page the embedded server serves at {@code /}, registers and joins over IRC-over-WebSocket on the
 * IRC port, and chats with a TCP client in the same channel. The test drives and reads the page
 * through Chromium's DevTools protocol — over a LoopBridge WebSocket — and asserts what the page
 * shows (its user list and messages) and what the TCP client receives; it saves a screenshot in
 * {@code target/loopchat-web.png}.
 */
class WebClientBrowserTest extends RealPeerTest {

    private TestServer server;
    private RawClient ada;

    @AfterEach
    void stopClientAndServer() {
        if (ada != null) {
            ada.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theWebClientJoinsAndChatsWithATcpClient(@TempDir Path profile) throws Exception {
        server = TestServer.embedded(ServerConfig.defaults());
        int port = server.port();
        ada = RawClient.registered(port, "ada");
        ada.send("JOIN #room");
        ada.expect(m -> m.command().equals("366"));

        start(PeerTool.CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--window-size=1000,560", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "http://127.0.0.1:" + port + "/?nick=webby&channel=%23room&join");
        WebSocket page = await(WebSockets.connect(loop, pageDebuggerUri(profile, port),
                WebSocketOptions.defaults().withCompression(false).withMaxMessageSize(64 << 20)));
        DevTools devTools = new DevTools(page);

        until(devTools, "JSON.stringify(window.loopchat ? window.loopchat.users().sort() : [])",
                users -> users.equals("[\"ada\",\"webby\"]"), "the page's user list shows both");
        assertEquals("webby", ada.expect(m -> m.command().equals("JOIN")).sourceNick());

        ada.send("PRIVMSG #room :hello from the terminal, webby");
        until(devTools, "JSON.stringify(window.loopchat.lines())",
                lines -> lines.contains("ada hello from the terminal, webby"), "the page shows ada's message");

        await(devTools.evaluate("(() => { document.getElementById('input').value = 'hi ada, h\\u00e9llo from the browser';"
                + " document.getElementById('send-form').requestSubmit(); return 'sent'; })()"));
        IrcMessage said = ada.expect(m -> m.command().equals("PRIVMSG"));
        assertEquals("webby", said.sourceNick());
        assertEquals(List.of("#room", "hi ada, héllo from the browser"), said.params());
        until(devTools, "JSON.stringify(window.loopchat.lines())",
                lines -> lines.contains("webby hi ada, h\\u00e9llo from the browser")
                        || lines.contains("webby hi ada, héllo from the browser"),
                "the page shows its own message");

        byte[] png = Base64.getDecoder().decode(await(devTools.call("Page.captureScreenshot", "{\"format\":\"png\"}"))
                .replaceAll("(?s).*\"data\":\"([^\"]*)\".*", "$1"));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot");
        Files.write(Path.of("target", "loopchat-web.png"), png);
        assertEquals(1000, await(loop.submit(() -> page.close(1000, "")).thenCompose(closing -> closing)).code());
    }

    /**
     * The DevTools WebSocket of the page Chromium opened: Chromium writes the port it chose into
     * {@code DevToolsActivePort} in its profile, and lists its pages at {@code /json/list}.
     */
    private URI pageDebuggerUri(Path profile, int serverPort) throws Exception {
        long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        Path portFile = profile.resolve("DevToolsActivePort");
        HttpClient http = HttpClient.newHttpClient();
        Pattern page = Pattern.compile("\"url\":\\s*\"http://127\\.0\\.0\\.1:" + serverPort
                + "/[^\"]*\"[^}]*\"webSocketDebuggerUrl\":\\s*\"(ws://[^\"]+)\"");
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    String list = list(http, Integer.parseInt(lines.get(0).trim()));
                    Matcher m = page.matcher(list == null ? "" : list);
                    if (m.find()) {
                        return URI.create(m.group(1));
                    }
                }
            }
            await(loop.sleep(Duration.ofMillis(50))); // Chromium starting: nothing to wait on but its files
        }
        throw new AssertionError("Chromium listed no DevTools page for port " + serverPort + " within "
                + TestTimeouts.TIMEOUT + " (" + portFile + (Files.exists(portFile) ? " exists" : " missing") + ")");
    }

    private static String list(HttpClient http, int devToolsPort) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devToolsPort + "/json/list"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException notYet) {
            return null;
        }
    }

    /** Evaluates {@code expression} until {@code ok} holds for its string value, or fails quoting the last one. */
    private void until(DevTools devTools, String expression, Predicate<String> ok, String what) {
        long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = await(devTools.evaluate(expression));
            if (ok.test(last)) {
                return;
            }
            await(loop.sleep(Duration.ofMillis(50))); // the page reacts in its own time: look again
        }
        throw new AssertionError(what + ": not within " + TestTimeouts.TIMEOUT + "; last value " + last);
    }

    /**
     * A minimal DevTools protocol client: one call at a time, its answer the next message with its
     * id (no domain is enabled, so Chromium sends no events). Calls go through the loop.
     */
    private final class DevTools {
        private final WebSocket socket;
        private int nextId = 1;

        DevTools(WebSocket socket) {
            this.socket = socket;
        }

        /** The raw JSON answer to {@code method} with {@code params} (a JSON object). */
        LoopFuture<String> call(String method, String params) {
            return loop.submit(() -> {
                int id = nextId++;
                return socket.send("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}")
                        .thenCompose(v -> answer(id));
            }).thenCompose(f -> f);
        }

        private LoopFuture<String> answer(int id) {
            return socket.receive().thenCompose(m -> {
                String text = ((Message.Text) m).text();
                if (!text.startsWith("{\"id\":" + id + ",")) {
                    return answer(id);
                }
                LoopFuture<String> done = loop.newFuture();
                done.complete(text);
                return done;
            });
        }

        /** The string value of a JavaScript expression in the page. */
        LoopFuture<String> evaluate(String expression) {
            return call("Runtime.evaluate", "{\"expression\":" + json(expression) + ",\"returnByValue\":true}")
                    .thenApply(answer -> {
                        Matcher m = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(answer);
                        if (!m.find()) {
                            throw new AssertionError("no string value in " + answer);
                        }
                        return unescape(m.group(1));
                    });
        }
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e); // \" \\ \/
            }
        }
        return out.toString();
    }
}
