package dev.loopbridge.demo.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * One page in headless Chromium (Debian's {@code chromium}), driven through the DevTools protocol
 * over a LoopBridge WebSocket: Chromium starts on {@code about:blank}; {@link #open} connects to
 * its browser endpoint, creates a page and attaches to it (a flat session on the same WebSocket);
 * {@link #navigate} loads the page under test. Nothing is polled: the endpoint's address is read when Chromium writes it, and
 * {@link #whenTrue} waits inside the page, re-checking at each change of its DOM.
 *
 * <p>One call at a time, from the test thread; the messages go through the loop given to
 * {@link #open}. No domain is enabled, so Chromium sends no events but the attach's own.
 */
final class DevToolsPage {

    private final EventLoop loop;
    private final WebSocket socket;
    // Set once attached: every later call goes to the page's session. Loop thread.
    private String sessionId;
    private int nextId = 1;

    private DevToolsPage(EventLoop loop, WebSocket socket) {
        this.loop = loop;
        this.socket = socket;
    }

    /** Chromium's command line: headless, the fresh profile {@code profile}, DevTools on a free port. */
    static String[] chromiumArguments(Path profile) {
        return new String[] {"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0", "--user-data-dir=" + profile,
            "about:blank"};
    }

    /**
     * The browser's DevTools endpoint: Chromium writes its port and path into
     * {@code DevToolsActivePort} in its profile once it listens; this watches the folder for it.
     * Test thread; waits at most the scaled timeout.
     */
    static URI browserEndpoint(Path profile) throws IOException, InterruptedException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            profile.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            while (true) {
                if (Files.isRegularFile(portFile)) {
                    List<String> lines = Files.readAllLines(portFile);
                    if (lines.size() >= 2 && !lines.get(0).isBlank() && lines.get(1).startsWith("/")) {
                        return URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
                    }
                }
                long left = deadline - System.nanoTime();
                var key = left > 0 ? watcher.poll(left, TimeUnit.NANOSECONDS) : null;
                if (key == null) {
                    throw new AssertionError("Chromium wrote no " + portFile + " within " + TestTimeouts.TIMEOUT);
                }
                key.pollEvents();
                key.reset();
            }
        } catch (ClosedWatchServiceException e) {
            throw new AssertionError("the profile's watch service closed", e);
        }
    }

    /**
     * Connects to {@code browser} and opens a blank page with a viewport of {@code width} x
     * {@code height} CSS pixels (at 1 device pixel each), attached as a session on the same
     * WebSocket. Any thread.
     */
    static LoopFuture<DevToolsPage> open(EventLoop loop, URI browser, int width, int height) {
        return WebSockets.connect(loop, browser, WebSocketOptions.defaults().withCompression(false)
                        .withMaxMessageSize(64 << 20))
                .thenCompose(socket -> {
                    DevToolsPage page = new DevToolsPage(loop, socket);
                    return page.call("Target.createTarget", "{\"url\":\"about:blank\"}")
                            .thenCompose(created -> page.call("Target.attachToTarget", "{\"targetId\":"
                                    + json(field(created, "targetId")) + ",\"flatten\":true}"))
                            .thenCompose(attached -> {
                                page.sessionId = field(attached, "sessionId");
                                return page.call("Emulation.setDeviceMetricsOverride", "{\"width\":" + width
                                        + ",\"height\":" + height + ",\"deviceScaleFactor\":1,\"mobile\":false}");
                            })
                            .thenApply(sized -> page);
                });
    }

    /** Navigates the page to {@code url}; completes once its document is committed. Any thread. */
    LoopFuture<Void> navigate(String url) {
        return call("Page.navigate", "{\"url\":" + json(url) + "}").thenApply(navigated -> {
            if (navigated.contains("\"errorText\"")) {
                throw new AssertionError("Chromium could not open " + url + ": " + navigated);
            }
            return null;
        });
    }

    /** The raw JSON answer to {@code method} with {@code params} (a JSON object). Any thread. */
    LoopFuture<String> call(String method, String params) {
        return loop.submit(() -> {
            int id = nextId++;
            String session = sessionId == null ? "" : ",\"sessionId\":" + json(sessionId);
            return socket.send("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + session + "}")
                    .thenCompose(v -> answer(id));
        }).thenCompose(f -> f);
    }

    private LoopFuture<String> answer(int id) {
        return socket.receive().thenCompose(m -> {
            String text = ((Message.Text) m).text();
            if (!text.startsWith("{\"id\":" + id + ",")) {
                return answer(id);   // an event (the attach's), or the session's
            }
            LoopFuture<String> done = loop.newFuture();
            if (text.startsWith("{\"id\":" + id + ",\"error\":")) {
                done.completeExceptionally(new AssertionError("DevTools refused a call: " + text));
            } else {
                done.complete(text);
            }
            return done;
        });
    }

    /** The string value of a JavaScript expression in the page (a promise's, once it settles). */
    LoopFuture<String> evaluate(String expression) {
        return call("Runtime.evaluate", "{\"expression\":" + json(expression)
                + ",\"returnByValue\":true,\"awaitPromise\":true}")
                .thenApply(answer -> {
                    if (answer.contains("\"exceptionDetails\"")) {
                        throw new AssertionError("the page threw evaluating " + expression + ": " + answer);
                    }
                    return field(answer, "value");
                });
    }

    /**
     * Completes with {@code "yes"} once the JavaScript {@code condition} holds in the page, checked
     * now and at every change of the page's DOM; or, after the scaled timeout, with
     * {@code "no: "} and the value of {@code report} (a JavaScript expression) at that time.
     */
    LoopFuture<String> whenTrue(String condition, String report) {
        return evaluate("new Promise((resolve) => {"
                + " const holds = () => { try { return !!(" + condition + "); } catch (notYet) { return false; } };"
                + " if (holds()) { resolve('yes'); return; }"
                + " const watcher = new MutationObserver(() => {"
                + "   if (holds()) { watcher.disconnect(); clearTimeout(timer); resolve('yes'); } });"
                + " const timer = setTimeout(() => { watcher.disconnect();"
                + "   let shown; try { shown = String(" + report + "); } catch (e) { shown = String(e); }"
                + "   resolve('no: ' + shown); }, " + TestTimeouts.TIMEOUT.toMillis() + ");"
                + " watcher.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });"
                + " })");
    }

    /** A PNG of what the page shows. */
    LoopFuture<byte[]> screenshot() {
        return call("Page.captureScreenshot", "{\"format\":\"png\"}")
                .thenApply(answer -> Base64.getDecoder().decode(field(answer, "data")));
    }

    /** Closes the DevTools connection (Chromium itself is stopped by its test); its close code. */
    LoopFuture<Integer> close() {
        return loop.submit(() -> socket.close(1000, "")).thenCompose(closing -> closing).thenApply(c -> c.code());
    }

    /** The first string field {@code name} of a JSON answer (scanned, not matched: a screenshot's is megabytes). */
    private static String field(String answer, String name) {
        String key = "\"" + name + "\":\"";
        int start = answer.indexOf(key);
        if (start < 0) {
            throw new AssertionError("no string \"" + name + "\" in " + answer);
        }
        start += key.length();
        int end = start;
        while (answer.charAt(end) != '"') {
            end += answer.charAt(end) == '\\' ? 2 : 1;
        }
        return unescape(answer.substring(start, end));
    }

    /** {@code s} as a JSON string literal. */
    static String json(String s) {
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
