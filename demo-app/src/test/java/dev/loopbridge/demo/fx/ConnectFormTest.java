package dev.loopbridge.demo.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javafx.application.Platform;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ServerAddress;

/**
 * The JavaFX connect form with WebSocket servers: it shows a {@code ws://} prefill as its URL,
 * hands on a configuration for a {@code wss://} URL, and says what is wrong with a bad one. The
 * form is built and driven on the FX thread; what it shows comes back through a future.
 */
class ConnectFormTest {

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    private static <T> T onFx(Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.get());
            } catch (RuntimeException | AssertionError e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aWebSocketUrlIsShownTakenAndABadOneExplained() throws Exception {
        ChatConfig prefill = ChatConfig.of(ServerAddress.parse("ws://127.0.0.1:8067/irc"), "ada");
        List<ChatConfig> connected = new ArrayList<>();
        List<String> seen = onFx(() -> {
            ConnectForm form = new ConnectForm(prefill, connected::add);
            List<String> shown = new ArrayList<>();
            shown.add(form.server.getText());
            form.server.setText("ws://127.0.0.1:x/irc");
            form.connect.fire();
            shown.add(form.problem.getText());
            form.server.setText("wss://irc.example/webirc");
            form.connect.fire();
            return shown;
        });
        assertEquals("ws://127.0.0.1:8067/irc", seen.get(0), "the prefill as the user would type it");
        assertEquals("Server: \"ws://127.0.0.1:x/irc\" has a bad port (expected: host:port, ws://host:port/path or "
                + "wss://host:port/path)", seen.get(1));
        assertEquals(1, connected.size(), "the bad URL connected nowhere");
        ChatConfig wss = connected.get(0);
        assertEquals("/webirc", wss.webSocketPath());
        assertEquals(443, wss.port());
        assertNotNull(wss.tls(), "wss:// is TLS");
        assertTrue(wss.tls().clientMode());
        assertNull(prefill.tls());
    }
}
