package dev.loopbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ListView;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.javafx.FxEventLoop;

/**
 * The README's WebSocket and {@code HttpBodies} examples, kept compiling and true: the server as
 * written (on the default loop), the JavaFX {@code ListView} fed from a WebSocket on an FX loop,
 * and {@code ListView}s fed line by line from a body and event by event from Server-Sent Events
 * (Python's {@code http.server}), every item added on the FX thread with no {@code runLater}.
 */
class WebReadmeExamplesTest {

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkitStart.start();
    }

    /**
     * The methods below, as {@code README.md} shows them: a change on either side that is not made
     * on the other fails here.
     */
    @Test
    void theReadmeShowsTheseMethodsAsTheyAreHere() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/loopbridge/web/WebReadmeExamplesTest.java"));
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String head : List.of("static void pump(", "static CompletionStage<Void> echo(", "static void show(")) {
            String shown = methodText(source, head);
            assertTrue(readme.contains(shown), "README.md must show, as it is in this test:\n" + shown);
        }
    }

    /** The method of {@code source} that begins with {@code head}, at the class's indentation, without it. */
    private static String methodText(String source, String head) {
        int start = source.indexOf("\n    " + head);
        assertTrue(start >= 0, "no method " + head + " in this test");
        int end = source.indexOf("\n    }\n", start) + "\n    }\n".length();
        StringBuilder text = new StringBuilder();
        source.substring(start + 1, end).lines().forEach(l -> text.append(l.startsWith("    ") ? l.substring(4) : l).append('\n'));
        return text.toString();
    }

    // ---- as in the README ----

    static void pump(WebSocket ws, List<String> items) {
        ws.receive().thenAccept(m -> {
            if (m == null) {
                return;                                   // closed normally (1000/1001)
            }
            if (m instanceof Message.Text t) {
                items.add(t.text());                      // the FX thread: touch the scene directly
            }
            pump(ws, items);                              // a feed nobody asks for stops being read
        });
    }

    static CompletionStage<Void> echo(WebSocket ws) {
        return ws.receive().thenCompose(m -> m == null ? CompletableFuture.<Void>completedFuture(null)
                : (m instanceof Message.Text t ? ws.send(t.text()) : ws.send(((Message.Binary) m).data()))
                        .thenCompose(sent -> echo(ws)));  // awaiting each send paces us to the client
    }

    static void show(EventSource source, List<String> items) {
        source.next().thenAccept(event -> {
            if (event != null) {                  // null: the server answered 204, or source.close()
                items.add(event.data());          // event.id(), event.event() ("message"), event.retry()
                show(source, items);              // events are read as next() asks for them
            }
        });
    }

    /** The README's HttpBodies lines, as written, on {@code loop}; returns when both are under way. */
    private static void readmeHttp(EventLoop loop, URI logUri, URI pricesUri, ListView<String> log, ListView<String> prices) {
        HttpClient client = HttpClient.newHttpClient();
        HttpBodies.send(loop, client, HttpRequest.newBuilder(logUri).build(), HttpBodies.ofStreamReader(loop))
            .thenCompose(response -> response.body().forEachLine(log.getItems()::add));  // line by line, FX thread
        HttpBodies.serverSentEvents(loop, client, HttpRequest.newBuilder(pricesUri).build())
            .thenAccept(source -> show(source, prices.getItems()));
    }

    private static Server readmeServer(EventLoop loop, Path web) {
        return loop.runUntilComplete(WebSockets.serve(loop, ServerOptions.bind("127.0.0.1", 0),
                WebSocketOptions.defaults().withStaticFiles(web),
                ws -> ws.path().startsWith("/echo") ? echo(ws) : ws.close(1008, "no such feed")));
    }

    // ---- the checks ----

    @Test
    void theServerEchoesOnEchoAndTurnsOtherPathsAway(@TempDir Path web) throws IOException {
        Files.writeString(web.resolve("index.html"), "<p>hi</p>");
        try (EventLoop loop = EventLoops.newDefault()) {
            Server server = readmeServer(loop, web);
            int port = loop.runUntilComplete(loop.submit(() -> ((InetSocketAddress) server.addresses().get(0)).getPort()));
            WebSocket echo = loop.runUntilComplete(WebSockets.connect(loop, URI.create("ws://127.0.0.1:" + port + "/echo")));
            assertEquals(new Message.Text("hi"), loop.runUntilComplete(loop.submit(() -> echo.send("hi"))
                    .thenCompose(sent -> loop.submit(echo::receive)).thenCompose(f -> f)));
            WebSocket other = loop.runUntilComplete(WebSockets.connect(loop, URI.create("ws://127.0.0.1:" + port + "/x")));
            assertEquals(1008, loop.runUntilComplete(loop.submit(other::closed).thenCompose(f -> f)).code());
        }
    }

    @Test
    void httpBodiesFeedListViewsOnTheFxThreadLineByLineAndEventByEvent() throws Exception {
        try (EventLoop loop = FxEventLoop.create()) {
            String s = SsePeer.session();
            ListView<String> log = new ListView<>();
            ListView<String> prices = new ListView<>();
            List<Boolean> onFxThread = new ArrayList<>();
            CompletableFuture<List<String>> lines = new CompletableFuture<>();
            CompletableFuture<List<String>> events = new CompletableFuture<>();
            log.getItems().addListener((ListChangeListener<String>) change -> {
                onFxThread.add(Platform.isFxApplicationThread());
                if (log.getItems().size() == 3) {
                    lines.complete(List.copyOf(log.getItems()));
                }
            });
            prices.getItems().addListener((ListChangeListener<String>) change -> {
                onFxThread.add(Platform.isFxApplicationThread());
                if (prices.getItems().size() == 3) {
                    events.complete(List.copyOf(prices.getItems()));
                }
            });
            readmeHttp(loop, SsePeer.shared().uri("/lines?n=3"), SsePeer.shared().uri("/mixed?s=" + s), log, prices);

            assertEquals(List.of("line 1", "line 2", "line 3"), loop.runUntilComplete(lines));
            assertEquals(List.of("EURUSD\n1.08", "x", "café"), loop.runUntilComplete(events));
            assertEquals(List.of(true, true, true, true, true, true), onFxThread);
            // The stream ended, the source reconnected (after the server's retry: 10) and got 204.
            assertTrue(SsePeer.shared().await(s, "mixed 2 last-event-id=42"), SsePeer.shared().log(s).toString());
        }
    }

    @Test
    void aListViewIsFedOnTheFxThreadWithNoRunLater() throws Exception {
        try (EventLoop serverLoop = EventLoops.newDefault(); EventLoop loop = FxEventLoop.create()) {
            Server feedServer = serverLoop.runUntilComplete(WebSockets.serve(serverLoop, ServerOptions.bind("127.0.0.1", 0),
                    WebSocketOptions.defaults(), ws -> ws.send("EURUSD 1.08").thenCompose(v -> ws.send("GBPUSD 1.27"))
                            .thenCompose(v -> ws.send("USDJPY 151.2"))));
            int port = serverLoop.runUntilComplete(serverLoop.submit(
                    () -> ((InetSocketAddress) feedServer.addresses().get(0)).getPort()));

            ListView<String> feed = new ListView<>();
            List<Boolean> onFxThread = new ArrayList<>();
            CompletableFuture<List<String>> three = new CompletableFuture<>();
            feed.getItems().addListener((ListChangeListener<String>) change -> {
                onFxThread.add(Platform.isFxApplicationThread());
                if (feed.getItems().size() == 3) {
                    three.complete(List.copyOf(feed.getItems()));
                }
            });
            WebSockets.connect(loop, URI.create("ws://127.0.0.1:" + port + "/prices"))
                    .thenAccept(ws -> pump(ws, feed.getItems()));

            assertEquals(List.of("EURUSD 1.08", "GBPUSD 1.27", "USDJPY 151.2"), loop.runUntilComplete(three));
            assertEquals(List.of(true, true, true), onFxThread);
            assertTrue(loop.runUntilComplete(loop.submit(() -> Platform.isFxApplicationThread())));
        }
    }
}
