package dev.loopbridge.web.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.Server;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;

/**
 * The WebSocket server's plain HTTP side: static files from a directory or the class path, with
 * content types, ETag and 304, HEAD, and no way out of the root; WebSockets on the same listener.
 */
public interface StaticFilesContract extends WebSocketSupport {

    private static Path site() throws IOException {
        Path base = Files.createTempDirectory("loopbridge-site");
        Path root = Files.createDirectories(base.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<h1>hi</h1>");
        Files.writeString(root.resolve("app.js"), "console.log(1)");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub").resolve("data.json"), "{}");
        Files.writeString(base.resolve("secret.txt"), "do not serve");
        return root;
    }

    private static String header(String response, String name) {
        Matcher m = Pattern.compile("(?im)^" + name + ": ([^\r\n]*)").matcher(response);
        return m.find() ? m.group(1) : null;
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    default void filesAreServedWithTheirContentTypesAndEtags() throws IOException {
        Server server = echoServer(WebSocketOptions.defaults().withStaticFiles(site()));
        String index = rawExchange(server, WebSocketSupport.get("/", ""));
        assertTrue(index.startsWith("HTTP/1.1 200 "), index);
        assertEquals("text/html; charset=utf-8", header(index, "Content-Type"));
        assertEquals("<h1>hi</h1>", body(index));
        String js = rawExchange(server, WebSocketSupport.get("/app.js?v=2", ""));
        assertEquals("text/javascript; charset=utf-8", header(js, "Content-Type"));
        assertEquals("application/json", header(rawExchange(server, WebSocketSupport.get("/sub/data.json", "")),
                "Content-Type"));
        String etag = header(js, "ETag");
        assertTrue(etag != null && etag.startsWith("\""), js);
        String again = rawExchange(server, WebSocketSupport.get("/app.js", "If-None-Match: " + etag + "\r\n"));
        assertTrue(again.startsWith("HTTP/1.1 304 "), again);
        assertEquals("", body(again));
        String head = rawExchange(server, "HEAD /app.js HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(head.startsWith("HTTP/1.1 200 ") && body(head).isEmpty()
                && "14".equals(header(head, "Content-Length")), head);
    }

    @Test
    default void anUpgradeToAnotherProtocolIsIgnoredAndTheGetServed() throws IOException {
        // What the JDK's HttpClient sends for a GET by default: HTTP/2 offered over cleartext.
        Server server = echoServer(WebSocketOptions.defaults().withStaticFiles(site()));
        String r = rawExchange(server, WebSocketSupport.get("/app.js",
                "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAAAAAMAAAAAAAQBAAAAAAUAAEAA\r\n"));
        assertTrue(r.startsWith("HTTP/1.1 200 "), r);
        assertEquals("console.log(1)", body(r));
        assertTrue(header(r, "Upgrade") == null, "no switch to h2c is offered back: " + r);
    }

    @Test
    default void nothingOutsideTheRootIsServed() throws IOException {
        Server server = echoServer(WebSocketOptions.defaults().withStaticFiles(site()));
        for (String path : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/sub/../../secret.txt",
                "/sub/%2E%2E/%2E%2E/secret.txt", "/..%2fsecret.txt", "/missing.html", "/sub"}) {
            String r = rawExchange(server, WebSocketSupport.get(path, ""));
            assertTrue(r.startsWith("HTTP/1.1 404 "), path + " -> " + r);
            assertTrue(!r.contains("do not serve"), path);
        }
        assertTrue(rawExchange(server, "POST /app.js HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                .startsWith("HTTP/1.1 405 "));
    }

    @Test
    default void classPathResourcesAreServedAndWebSocketsShareTheListener() {
        Server server = echoServer(WebSocketOptions.defaults()
                .withStaticResources(StaticFilesContract.class.getClassLoader(), "dev/loopbridge/web/static"));
        String hello = rawExchange(server, WebSocketSupport.get("/hello.txt", ""));
        assertTrue(hello.startsWith("HTTP/1.1 200 "), hello);
        assertEquals("text/plain; charset=utf-8", header(hello, "Content-Type"));
        assertEquals("hello from the class path\n", body(hello));
        assertTrue(rawExchange(server, WebSocketSupport.get("/nothing.txt", "")).startsWith("HTTP/1.1 404 "));
        assertTrue(rawExchange(server, WebSocketSupport.get("/../static/hello.txt", "")).startsWith("HTTP/1.1 404 "));
        WebSocket ws = connect(server, "/live", WebSocketOptions.defaults());
        assertEquals(new Message.Text("up"), onLoopAwait(() -> ws.send("up").thenCompose(v -> ws.receive())));
    }
}
