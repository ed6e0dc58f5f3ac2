package dev.loopbridge.demo.fx;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import javafx.application.Platform;
import javafx.stage.Stage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.javafx.FxAsync;
import dev.loopbridge.javafx.FxEventLoop;

/**
 * The JavaFX LoopChat client: a window with a connect form, channels, a message view that stays
 * smooth with hundreds of thousands of lines, the user list, an input line with history, and a
 * status bar with the connection state, the server lag and the loop lag. The client, its sockets
 * and its timers all run on {@link FxEventLoop#shared()} — on the FX Application Thread, with no
 * {@code Platform.runLater} in the application code.
 *
 * <pre>{@code
 * FxChat.open(ChatConfig.of("127.0.0.1", 6667, "ada").withChannels(List.of("#loop")))
 *       .join();                                  // until the window is closed
 * FxChat.exit();
 * }</pre>
 *
 * <p>This class is not a {@code javafx.application.Application}: it starts the toolkit itself
 * ({@code Platform.startup}), so LoopChat runs from a plain class-path jar.
 */
public final class FxChat {

    private static final Logger LOG = LoggerFactory.getLogger(FxChat.class);

    private static boolean started;

    private FxChat() {
    }

    /**
     * Starts the JavaFX toolkit if it is not running (then closing the last window does not end
     * it: {@link #exit()} does). Any thread except the FX thread.
     *
     * @throws IllegalStateException with the reason if JavaFX cannot start (no display, say)
     */
    public static synchronized void startToolkit() {
        if (started) {
            return;
        }
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // Started by someone else (a test harness, an application): use it.
        } catch (RuntimeException | Error e) {
            throw new IllegalStateException("JavaFX cannot start: " + e, e);
        }
        Platform.setImplicitExit(false);
        started = true;
    }

    /**
     * Opens a LoopChat window connected as {@code config} says (for the connect form, see
     * {@link #openForm}). Any thread; starts the toolkit if needed.
     *
     * @return a future completed when the window is closed
     */
    public static CompletableFuture<Void> open(ChatConfig config) {
        Objects.requireNonNull(config, "config");
        return openWindow(config, true);
    }

    /** Opens a LoopChat window showing the connect form, filled in from {@code prefill}. Any thread. */
    public static CompletableFuture<Void> openForm(ChatConfig prefill) {
        Objects.requireNonNull(prefill, "prefill");
        return openWindow(prefill, false);
    }

    /** Ends the JavaFX toolkit (its loops close with it). Any thread. */
    public static void exit() {
        Platform.exit();
    }

    private static CompletableFuture<Void> openWindow(ChatConfig config, boolean connect) {
        startToolkit();
        EventLoop loop = FxEventLoop.shared();
        return loop.submit(() -> {
            FxChatWindow window = new FxChatWindow(new Stage(), loop);
            if (connect) {
                window.connect(config);
            } else {
                window.showForm(config);
            }
            CompletableFuture<Void> hidden = window.hidden();
            window.stage.show();
            // A pulse waits until the previous frame is rendered, so two pulses after show() the
            // window has been drawn once: said at debug level (the runtime image's test waits for it).
            FxAsync.nextPulse(loop).thenCompose(t -> FxAsync.nextPulse(loop))
                    .thenRun(() -> LOG.debug("window drawn: {}", window.stage.getTitle()));
            return hidden;
        }).thenCompose(hidden -> hidden);
    }
}
