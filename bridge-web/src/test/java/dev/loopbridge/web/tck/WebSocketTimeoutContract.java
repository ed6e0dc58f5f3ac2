package dev.loopbridge.web.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.Server;
import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketException;
import dev.loopbridge.web.WebSocketOptions;
import dev.loopbridge.web.WebSockets;

/**
 * The WebSocket timeouts against a peer that goes silent: the opening handshake, the closing
 * handshake and keep-alive. On the virtual-time loop these take no real time; on the others the
 * bounds are short real ones.
 */
public interface WebSocketTimeoutContract extends WebSocketSupport {

    private static WebSocketOptions plain() {
        return WebSocketOptions.defaults().withCompression(false);
    }

    @Test
    default void aServerThatNeverAnswersTheHandshakeFailsTheConnectAfterTheTimeout() {
        Server silent = rawServer(request -> "", false);
        WebSocketOptions options = plain().withHandshakeTimeout(Duration.ofMillis(300));
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        await(WebSockets.connect(loop(), uri(silent, "/"), options)
                .handle((ws, e) -> outcome.complete(e == null ? ws : new CompletionException(e))));
        Throwable e = assertInstanceOf(CompletionException.class, outcome.join()).getCause();
        assertInstanceOf(WebSocketException.class, e);
        assertTrue(e.getMessage().contains("not done within PT0.3S"), e.getMessage());
    }

    @Test
    default void aPeerThatDoesNotAnswerTheCloseEndsTheSocketWith1006AfterTheCloseTimeout() {
        Server silent = rawServer(WebSocketSupport::switching, false);
        WebSocket ws = connect(silent, "/", plain().withCloseTimeout(Duration.ofMillis(300)));
        CloseStatus status = onLoopAwait(() -> ws.close(1000, "bye"));
        assertEquals(1006, status.code());
        assertTrue(status.reason().contains("did not answer the close"), status.reason());
    }

    @Test
    default void keepAliveEndsTheSocketWith1006WhenNoPongComes() {
        Server silent = rawServer(WebSocketSupport::switching, false);
        WebSocket ws = connect(silent, "/", plain().withKeepAlive(Duration.ofMillis(200), Duration.ofMillis(300)));
        CloseStatus status = onLoopAwait(ws::closed);
        assertEquals(1006, status.code());
        assertTrue(status.reason().contains("no pong"), status.reason());
    }

    @Test
    default void keepAliveKeepsAnAnsweringPeerOpen() {
        Server echo = echoServer(plain());
        WebSocket ws = connect(echo, "/", plain().withKeepAlive(Duration.ofMillis(50), Duration.ofSeconds(30)));
        await(loop().sleep(Duration.ofMillis(400)));  // several pings answered meanwhile
        assertTrue(!onLoop(() -> ws.closed().isDone()), "the socket stays open while pongs come");
        assertEquals(new CloseStatus(1000, ""), onLoopAwait(() -> ws.close(1000, "")));
    }
}
