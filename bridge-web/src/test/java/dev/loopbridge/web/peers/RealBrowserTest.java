package dev.loopbridge.web.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.peers.PeerTool;
import dev.loopbridge.core.peers.RealPeerTest;
import dev.loopbridge.core.tck.NetworkSupport;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * A real browser: headless Chromium (Debian's {@code chromium}) loads a page and its script from a
 * LoopBridge server (class path resources), the script opens a WebSocket back to it, and the
 * server's handler exchanges text, a large compressible text and binary messages with it; the
 * test asserts from Java what the browser received (it reports it as JSON) and what it sent back.
 */
class RealBrowserTest extends RealPeerTest {

    private record Outcome(String hello, String path, String subprotocol, boolean compressed, byte[] echoed,
            String report) { }

    @Test
    void chromiumLoadsOurPageAndTalksWebSocketToUs(@TempDir Path profile) {
        byte[] binary = NetworkSupport.randomBytes(100_000, 11);
        String big = "LoopBridge ".repeat(20_000);
        LoopFuture<Outcome> outcome = loop.newFuture();
        LoopFuture<Void> connected = loop.newFuture();
        WebSocketOptions options = WebSocketOptions.defaults().withSubprotocols("lb.test")
                .withStaticResources(RealBrowserTest.class.getClassLoader(), "dev/loopbridge/web/browser");
        Server server = await(WebSockets.serve(loop, ServerOptions.bind("127.0.0.1", 0), options, ws -> {
            connected.complete(null);
            String[] hello = new String[1];
            byte[][] echoed = new byte[1][];
            LoopFuture<Void> done = ws.receive().thenCompose(m -> {
                hello[0] = ((Message.Text) m).text();
                return ws.send("héllo €");
            }).thenCompose(v -> ws.send(big)).thenCompose(v -> ws.send(binary)).thenCompose(v -> ws.receive())
                    .thenCompose(m -> {
                        echoed[0] = ((Message.Binary) m).data();
                        return ws.send("report");
                    }).thenCompose(v -> ws.receive()).thenAccept(report -> outcome.complete(new Outcome(hello[0],
                            ws.path(), ws.subprotocol(), ws.isCompressed(), echoed[0], ((Message.Text) report).text())));
            done.whenComplete((v, e) -> {
                if (e != null) {
                    outcome.completeExceptionally(e);
                }
            });
            return done;
        }));
        String url = "http://127.0.0.1:" + portOf(server) + "/";
        start(PeerTool.CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--user-data-dir=" + profile, url);

        // Two phases: the browser starts, loads the page and connects (a cold start takes seconds),
        // then the exchange, which gets the usual bound.
        try {
            await(connected, TestTimeouts.PROGRAM_START);
        } catch (AssertionError e) {
            throw new AssertionError("Chromium did not load the page and connect: " + e.getMessage(), e);
        }
        Outcome o = await(outcome);
        assertEquals("/live?from=browser", o.path());
        assertEquals("lb.test", o.subprotocol());
        assertTrue(o.compressed(), "Chromium offers permessage-deflate and we accept it");
        assertTrue(o.hello().startsWith("hello from the browser, protocol lb.test, extensions permessage-deflate"),
                o.hello());
        assertArrayEquals(binary, o.echoed());
        long sum = 0;
        for (byte b : binary) {
            sum = (sum + (b & 0xFF)) % 65536;
        }
        assertEquals(List.of("text 7 héllo €", "text " + big.length() + " " + big.substring(0, 12),
                "binary " + binary.length + " " + sum).toString(), parse(o.report()).toString());
    }

    /** The report, a JSON array of strings with no escapes beyond what the script writes. */
    private static List<String> parse(String json) {
        String inner = json.substring(1, json.length() - 1);
        return Arrays.stream(inner.split("\",\"")).map(s -> s.replace("\"", "")).toList();
    }
}
