package dev.loopbridge.swing;

import java.util.Objects;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.spi.DrivenLoops;
import dev.loopbridge.swing.internal.SwingDriver;

/**
 * The LoopBridge event loop on the Swing Event Dispatch Thread: callbacks, timers, futures and
 * network I/O all run on the EDT, so they may touch components directly — no
 * {@code SwingUtilities.invokeLater}, no {@code SwingWorker}, no locks.
 *
 * <pre>{@code
 * EventLoop loop = SwingEventLoop.shared();
 * loop.openConnection(ConnectOptions.to("localhost", 6667))
 *     .thenCompose(conn -> conn.reader().readLine())
 *     .thenAccept(statusLabel::setText);          // on the EDT
 * }</pre>
 *
 * <p>Callbacks are queued and run in ticks posted with {@code EventQueue.invokeLater} — one post
 * per batch, never one per callback — and each tick stops after its time budget (8 ms by default)
 * so painting and input are never starved. Timers and sockets are waited for on a side thread that
 * posts a tick when something is due; no {@code javax.swing.Timer} is involved. While sockets keep
 * the loop busy, the EDT takes their readiness itself at the end of each tick, so a reply that
 * comes back at once is handled without a round trip through the side thread.
 * {@code runUntilComplete} on the EDT runs a {@link java.awt.SecondaryLoop}, in which ticks go on,
 * like a modal dialog does.
 *
 * <p>It drops into an existing application: it works whether the application started the EDT or
 * the loop is the first to use it, and it never starts a thread pretending to be the EDT.
 */
public final class SwingEventLoop {

    private static EventLoop shared;

    private SwingEventLoop() {
    }

    /**
     * The loop of the Event Dispatch Thread, made on first use. Any thread.
     *
     * @return the loop of the EDT
     */
    public static synchronized EventLoop shared() {
        if (shared == null || shared.isClosed()) {
            shared = create(LoopOptions.defaults().withName("swing"));
        }
        return shared;
    }

    /**
     * A new loop on the Event Dispatch Thread, separate from {@link #shared()} (tests, isolation). Any thread.
     *
     * @return a new loop on the EDT
     */
    public static EventLoop create() {
        return create(LoopOptions.defaults().withName("swing"));
    }

    /**
     * As {@link #create()}, with the given options.
     *
     * @param options the loop's settings
     * @return a new loop on the EDT
     */
    public static EventLoop create(LoopOptions options) {
        return DrivenLoops.create(new SwingDriver(), Objects.requireNonNull(options, "options"));
    }
}
