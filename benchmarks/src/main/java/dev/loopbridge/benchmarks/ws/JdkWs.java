package dev.loopbridge.benchmarks.ws;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javafx.application.Platform;

/**
 * The JDK's {@code java.net.http.WebSocket} client as a JavaFX application uses it today: the
 * listener runs on the HTTP client's threads, gathers a message's parts into a {@code byte[]} and
 * hands it to the FX thread with {@code Platform.runLater}; on the FX thread the application
 * takes the message and sends the next ({@code sendBinary}, chained after the previous send, as
 * the API requires one send at a time). One message in flight, like every client here. The
 * listener runs on the client's threads; {@link #client} is called by the main thread.
 */
public final class JdkWs {

    private JdkWs() {
    }

    /** A JDK client connected to {@code uri}; {@code teardown} runs when it is closed. Main thread. */
    public static Running client(URI uri, byte[] payload, Running.Teardown teardown) {
        RoundTrips trips = new RoundTrips();
        HttpClient http = HttpClient.newHttpClient();
        Listener listener = new Listener(payload, trips);
        WebSocket ws = Wait.get(http.newWebSocketBuilder().buildAsync(uri, listener), "the JDK client to connect to " + uri);
        Platform.runLater(() -> {
            for (int i = 0; i < RoundTrips.IN_FLIGHT; i++) {
                listener.sendNext();
            }
        });
        return new Running() {
            @Override
            public RoundTrips roundTrips() {
                return trips;
            }

            @Override
            public void close() {
                Running.closeBoth(() -> {
                    listener.closing = true;
                    Wait.get(ws.sendClose(WebSocket.NORMAL_CLOSURE, ""), "the JDK client to close");
                    http.shutdownNow();
                }, teardown);
            }
        };
    }

    /** Gathers messages on the client's threads; {@link #onFxThread} and {@link #sendNext} run on the FX thread. */
    private static final class Listener implements WebSocket.Listener {
        private final byte[] payload;
        private final RoundTrips trips;
        private final ByteArrayOutputStream parts = new ByteArrayOutputStream();
        private WebSocket ws;
        // FX thread only.
        private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);
        volatile boolean closing;

        Listener(byte[] payload, RoundTrips trips) {
            this.payload = payload;
            this.trips = trips;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            parts.writeBytes(chunk);
            if (last) {
                byte[] message = parts.toByteArray();
                parts.reset();
                Platform.runLater(() -> onFxThread(message));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            trips.fail(error);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!closing) {
                trips.fail(new IllegalStateException("closed by the server: " + statusCode + " " + reason));
            }
            return null;
        }

        private void onFxThread(byte[] message) {
            trips.echoed();
            if (message.length != payload.length) {
                trips.fail(new IllegalStateException("echo of " + message.length + " bytes for " + payload.length));
                return;
            }
            if (!closing) {
                sendNext();
            }
        }

        void sendNext() {
            trips.sent();
            lastSend = lastSend.thenCompose(w -> ws.sendBinary(ByteBuffer.wrap(payload), true));
            lastSend.whenComplete((w, e) -> {
                if (e != null) {
                    trips.fail(e);
                }
            });
        }
    }
}
