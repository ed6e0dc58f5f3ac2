package dev.loopbridge.javafx;

import java.util.Objects;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.spi.DrivenLoops;
import dev.loopbridge.javafx.internal.FxDriver;
import dev.loopbridge.javafx.internal.FxToolkit;

/**
 * The LoopBridge event loop on the JavaFX Application Thread: callbacks, timers, futures and
 * network I/O all run on the FX thread, so they may touch the scene graph directly — no
 * {@code Platform.runLater}, no locks.
 *
 * <pre>{@code
 * public void start(Stage stage) {
 *     EventLoop loop = FxEventLoop.shared();
 *     Label status = new Label("connecting...");
 *     loop.openConnection(ConnectOptions.to("irc.example.org", 6697).withTls(TlsOptions.client()))
 *         .thenCompose(conn -> conn.reader().readLine())
 *         .thenAccept(status::setText);          // on the FX thread
 *     stage.setScene(new Scene(status));
 *     stage.show();
 * }
 * }</pre>
 *
 * <p>How it works: callbacks are queued and run in ticks posted with {@code Platform.runLater} —
 * one post per batch, never one per callback — and each tick stops after its time budget (8 ms by
 * default) so the scene keeps rendering during a flood. Timers and sockets are waited for on a
 * side thread that posts a tick when something is due; no {@code Timeline} or toolkit timer is
 * involved. While sockets keep the loop busy, the FX thread takes their readiness itself at the
 * end of each tick, so a reply that comes back at once (a peer on the same loop, a fast server) is
 * handled in the same batch without a round trip through the side thread. {@code runUntilComplete} on the FX thread runs a nested event loop
 * ({@code Platform.enterNestedEventLoop}), in which ticks go on.
 *
 * <p>The toolkit must be running: create loops in {@code Application.start} or later, or after
 * {@code Platform.startup}; otherwise an {@link IllegalStateException} says so. When the toolkit
 * exits ({@code Platform.exit}), every loop on it is closed.
 */
public final class FxEventLoop {

    private static EventLoop shared;

    private FxEventLoop() {
    }

    /**
     * The loop of the JavaFX Application Thread, made on first use; closed when the toolkit exits
     * (and made anew if the toolkit is started again). Any thread.
     *
     * @return the loop of the FX thread, starting the toolkit if needed
     * @throws IllegalStateException if the JavaFX toolkit is not running
     */
    public static synchronized EventLoop shared() {
        if (shared == null || shared.isClosed()) {
            shared = create(LoopOptions.defaults().withName("fx"));
        }
        return shared;
    }

    /**
     * A new loop on the JavaFX Application Thread, separate from {@link #shared()} (for tests and
     * isolation): its own queue, timers and lifetime, the same thread. Any thread.
     *
     * @return a new loop on the FX thread
     * @throws IllegalStateException if the JavaFX toolkit is not running
     */
    public static EventLoop create() {
        return create(LoopOptions.defaults().withName("fx"));
    }

    /**
     * As {@link #create()}, with the given options.
     *
     * @param options the loop's settings
     * @return a new loop on the FX thread
     */
    public static EventLoop create(LoopOptions options) {
        Objects.requireNonNull(options, "options");
        Thread fxThread = FxToolkit.applicationThread();
        EventLoop loop = DrivenLoops.create(new FxDriver(fxThread), options);
        FxToolkit.closeOnExit(loop, fxThread);
        return loop;
    }
}
