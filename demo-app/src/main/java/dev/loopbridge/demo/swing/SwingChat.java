package dev.loopbridge.demo.swing;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import javax.swing.UIManager;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.swing.SwingEventLoop;

/**
 * The Swing LoopChat client: the same features as the JavaFX one, on the same
 * {@link dev.loopbridge.demo.client.ChatClient} core, on {@link SwingEventLoop#shared()} — the
 * client, its sockets and timers run on the Event Dispatch Thread, with no {@code invokeLater}
 * or {@code SwingWorker} in the application code.
 *
 * <pre>{@code
 * SwingChat.open(ChatConfig.of("127.0.0.1", 6667, "bob").withChannels(List.of("#loop")))
 *          .join();                               // until the window is closed
 * }</pre>
 */
public final class SwingChat {

    private SwingChat() {
    }

    /**
     * Opens a LoopChat window connected as {@code config} says. Any thread.
     *
     * @return a future completed when the window is closed (disposed)
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

    private static CompletableFuture<Void> openWindow(ChatConfig config, boolean connect) {
        EventLoop loop = SwingEventLoop.shared();
        return loop.submit(() -> {
            lookAndFeel();
            SwingChatWindow window = new SwingChatWindow(loop);
            if (connect) {
                window.connect(config);
            } else {
                window.showForm(config);
            }
            window.frame.setLocationByPlatform(true);
            window.frame.setVisible(true);
            return window.closed;
        }).thenCompose(closed -> closed);
    }

    private static void lookAndFeel() {
        try {
            UIManager.setLookAndFeel(UIManager.getCrossPlatformLookAndFeelClassName());
        } catch (ReflectiveOperationException | javax.swing.UnsupportedLookAndFeelException e) {
            // The default look and feel is fine too.
        }
    }
}
