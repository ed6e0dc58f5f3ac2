package dev.loopbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
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
 * The README's WebSocket examples, kept compiling and true: the server as written (on the default
 * loop) and the JavaFX {@code ListView} fed from a WebSocket on an FX loop, every item added on the
 * FX thread with no {@code runLater}.
 */
class WebReadmeExamplesTest {

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkitStart.start();
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
