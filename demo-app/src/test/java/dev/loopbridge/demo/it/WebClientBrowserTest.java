package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopbridge.core.peers.PeerTool;
import dev.loopbridge.core.peers.RealPeerTest;
import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.server.ServerConfig;

/**
 * LoopChat's web client in a real browser: headless Chromium (Debian's {@code chromium}) opens the
 * page the embedded server serves at {@code /}, registers and joins over IRC-over-WebSocket on the
 * IRC port, and chats with a TCP client in the same channel. The test drives and reads the page
 * through Chromium's DevTools protocol ({@link DevToolsPage}, over a LoopBridge WebSocket; its
 * waits re-check in the page at each change of its DOM) and asserts what the page
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

        start(PeerTool.CHROMIUM, DevToolsPage.chromiumArguments(profile));
        DevToolsPage page = await(DevToolsPage.open(loop, DevToolsPage.browserEndpoint(profile), 1000, 560));
        await(page.navigate("http://127.0.0.1:" + port + "/?nick=webby&channel=%23room&join"));

        shows(page, "JSON.stringify(window.loopchat.users().sort()) === '[\"ada\",\"webby\"]'",
                "JSON.stringify(window.loopchat.users())");
        assertEquals("webby", ada.expect(m -> m.command().equals("JOIN")).sourceNick());

        ada.send("PRIVMSG #room :hello from the terminal, webby");
        shows(page, "window.loopchat.lines().includes('ada hello from the terminal, webby')",
                "JSON.stringify(window.loopchat.lines())");

        await(page.evaluate("(() => { document.getElementById('input').value = 'hi ada, h\\u00e9llo from the browser';"
                + " document.getElementById('send-form').requestSubmit(); return 'sent'; })()"));
        IrcMessage said = ada.expect(m -> m.command().equals("PRIVMSG"));
        assertEquals("webby", said.sourceNick());
        assertEquals(List.of("#room", "hi ada, héllo from the browser"), said.params());
        shows(page, "window.loopchat.lines().includes('webby hi ada, h\\u00e9llo from the browser')",
                "JSON.stringify(window.loopchat.lines())");

        byte[] png = await(page.screenshot());
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot");
        Files.write(Path.of("target", "loopchat-web.png"), png);
        assertEquals(1000, await(page.close()));
    }

    /** Waits until {@code condition} holds in the page; fails quoting {@code report}'s value if not in time. */
    private void shows(DevToolsPage page, String condition, String report) {
        assertEquals("yes", await(page.whenTrue(condition, report)), "the page: " + condition);
    }
}
