package dev.loopbridge.javafx;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.Reentry;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.Subprocess;
import dev.loopbridge.core.spi.AsyncTrigger;
import dev.loopbridge.core.spi.BoundedCleanup;

/**
 * JavaFX helpers on top of the loop: asynchronous event handlers, the next pulse, the next value
 * of a property, scopes tied to windows, and a graceful close. The counterparts of qasync's
 * {@code asyncSlot} and {@code asyncClose}. Everything here runs on the JavaFX Application Thread,
 * on {@link FxEventLoop#shared()} unless a loop is given.
 *
 * <pre>{@code
 * button.setOnAction(FxAsync.handler(event ->
 *         loop.openConnection(ConnectOptions.to(host, port))
 *             .thenCompose(conn -> conn.reader().readLine())
 *             .thenAccept(label::setText),
 *     FxAsync.HandlerOptions.defaults().disabling(button)));
 * }</pre>
 */
public final class FxAsync {

    private FxAsync() {
    }

    /**
     * How an asynchronous handler behaves.
     *
     * <p><b>Threads:</b> an immutable value; make it on any thread (the node it names is only
     * touched on the FX thread).
     *
     * @param disable a node (usually the control that fires the event) disabled while a run is
     *     going, or {@code null}
     * @param reentry what happens when the event fires during a run
     * @param loop the loop the handler's errors are reported to
     */
    public record HandlerOptions(Node disable, Reentry reentry, EventLoop loop) {

        /** Validates the options. */
        public HandlerOptions {
            Objects.requireNonNull(reentry, "reentry");
            Objects.requireNonNull(loop, "loop");
        }

        /**
         * No node disabled, {@link Reentry#IGNORE}, the shared FX loop.
         *
         * @return options with no node disabled, {@link Reentry#IGNORE} and the shared FX loop
         */
        public static HandlerOptions defaults() {
            return new HandlerOptions(null, Reentry.IGNORE, FxEventLoop.shared());
        }

        /**
         * Returns options that disable {@code node} while a run is going.
         *
         * @param node disabled while a run is going on
         * @return a copy with this node
         */
        public HandlerOptions disabling(Node node) {
            return new HandlerOptions(Objects.requireNonNull(node, "node"), reentry, loop);
        }

        /**
         * Returns options with the given re-entry policy.
         *
         * @param policy what an event during a run does
         * @return a copy with this policy
         */
        public HandlerOptions onReentry(Reentry policy) {
            return new HandlerOptions(disable, policy, loop);
        }

        /**
         * Returns options that report errors to {@code eventLoop}.
         *
         * @param eventLoop the loop the runs belong to
         * @return a copy with this loop
         */
        public HandlerOptions on(EventLoop eventLoop) {
            return new HandlerOptions(disable, reentry, eventLoop);
        }
    }

    /**
     * Turns an asynchronous action into an {@link EventHandler}: each event starts the action,
     * which returns a stage; an exception it throws, or a failed stage, goes to the loop's
     * exception handler (a cancellation does not). With the default options a second event during
     * a run is ignored.
     *
     * @param <E> the event type
     * @param action starts the work for an event; runs on the FX thread
     * @return the handler to install
     */
    public static <E extends Event> EventHandler<E> handler(Function<? super E, ? extends CompletionStage<?>> action) {
        return handler(action, HandlerOptions.defaults());
    }

    /**
     * As {@link #handler(Function)}, with options: a node to disable, the re-entry policy, the loop.
     *
     * @param <E> the event type
     * @param action starts the work for an event; runs on the loop thread
     * @param options re-entry policy, what to disable, which loop
     * @return the handler to install
     */
    public static <E extends Event> EventHandler<E> handler(Function<? super E, ? extends CompletionStage<?>> action,
            HandlerOptions options) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(options, "options");
        Node node = options.disable();
        AsyncTrigger<E> trigger = new AsyncTrigger<>(options.loop(), action, options.reentry(),
                busy -> {
                    if (node != null) {
                        node.setDisable(busy);
                    }
                }, node != null ? String.valueOf(node) : "a JavaFX event handler");
        return trigger::fire;
    }

    /**
     * A future completed on the next pulse (the next frame JavaFX renders) with the pulse's
     * timestamp in nanoseconds; cancelling it stops waiting. FX thread.
     *
     * @return a future completed with the pulse's timestamp (nanoseconds)
     */
    public static LoopFuture<Long> nextPulse() {
        return nextPulse(FxEventLoop.shared());
    }

    /**
     * As {@link #nextPulse()}, the future belonging to {@code loop}.
     *
     * @param loop the loop the future belongs to
     * @return a future completed with the pulse's timestamp (nanoseconds)
     */
    public static LoopFuture<Long> nextPulse(EventLoop loop) {
        requireFxThread("FxAsync.nextPulse");
        LoopFuture<Long> pulse = loop.newFuture();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                pulse.complete(now);
            }
        };
        pulse.whenCancelled(timer::stop);
        timer.start();
        return pulse;
    }

    /**
     * A future completed with the next value {@code value} takes. FX thread.
     *
     * @param <T> the type of the value
     * @param value the observable
     * @return a future completed with the next value
     */
    public static <T> LoopFuture<T> nextValue(ObservableValue<T> value) {
        return nextValue(value, v -> true);
    }

    /**
     * A future completed with the next value of {@code value} that matches; cancelling it removes
     * its listener. FX thread.
     *
     * @param <T> the type of the value
     * @param value the observable
     * @param matching which value to wait for
     * @return a future completed with the next matching value
     */
    public static <T> LoopFuture<T> nextValue(ObservableValue<T> value, Predicate<? super T> matching) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(matching, "matching");
        requireFxThread("FxAsync.nextValue");
        LoopFuture<T> next = FxEventLoop.shared().newFuture();
        ChangeListener<T> listener = new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends T> observable, T old, T now) {
                if (matching.test(now)) {
                    value.removeListener(this);
                    next.complete(now);
                }
            }
        };
        value.addListener(listener);
        next.whenCancelled(() -> value.removeListener(listener));
        return next;
    }

    private static final Object SCOPE_KEY = new Object();

    /**
     * The scope of a window: closed — cancelling what it launched or tracks, closing its resources
     * — when the window is hidden. The same scope for the same window until then. FX thread.
     *
     * @param window the window
     * @return the window's scope, on the shared FX loop
     */
    public static LoopScope scopeOf(Window window) {
        return scopeOf(window, FxEventLoop.shared());
    }

    /**
     * As {@link #scopeOf(Window)}, a scope of {@code loop}.
     *
     * @param window the window
     * @param loop the loop the scope belongs to
     * @return the window's scope
     */
    public static LoopScope scopeOf(Window window, EventLoop loop) {
        Objects.requireNonNull(window, "window");
        requireFxThread("FxAsync.scopeOf");
        Object existing = window.getProperties().get(SCOPE_KEY);
        if (existing instanceof LoopScope scope && !scope.isClosed()) {
            return scope;
        }
        LoopScope scope = loop.newScope();
        window.getProperties().put(SCOPE_KEY, scope);
        EventHandler<WindowEvent> onHidden = new EventHandler<>() {
            @Override
            public void handle(WindowEvent e) {
                window.removeEventHandler(WindowEvent.WINDOW_HIDDEN, this);
                window.getProperties().remove(SCOPE_KEY, scope);
                scope.close();
            }
        };
        window.addEventHandler(WindowEvent.WINDOW_HIDDEN, onHidden);
        return scope;
    }

    /**
     * Makes closing {@code stage} wait for asynchronous cleanup — sending a QUIT, saving a draft —
     * for at most {@code limit}; then the stage is hidden (and, if it was the last window and
     * implicit exit is on, the application ends). Further close requests during the cleanup are
     * ignored. qasync's {@code asyncClose}. FX thread.
     *
     * @param stage the stage whose closing waits
     * @param cleanup starts the cleanup when the user closes the stage; runs on the FX thread
     * @param limit how long closing waits for the cleanup at most
     */
    public static void closeGracefully(Stage stage, Supplier<? extends CompletionStage<?>> cleanup, Duration limit) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(cleanup, "cleanup");
        Objects.requireNonNull(limit, "limit");
        requireFxThread("FxAsync.closeGracefully");
        boolean[] closing = {false};
        stage.setOnCloseRequest(event -> {
            event.consume();
            if (closing[0]) {
                return;
            }
            closing[0] = true;
            EventLoop loop = FxEventLoop.shared();
            BoundedCleanup.run(loop, cleanup, limit, "closing " + stage).thenRun(stage::hide);
        });
    }

    /**
     * Runs asynchronous cleanup for at most {@code limit}, then exits the application
     * ({@code Platform.exit}). Any thread.
     *
     * @param cleanup starts the cleanup; runs on the FX thread
     * @param limit how long the exit waits for the cleanup at most
     * @return a future completed once {@code Platform.exit()} has been called
     */
    public static LoopFuture<Void> exitGracefully(Supplier<? extends CompletionStage<?>> cleanup, Duration limit) {
        Objects.requireNonNull(cleanup, "cleanup");
        Objects.requireNonNull(limit, "limit");
        EventLoop loop = FxEventLoop.shared();
        return loop.submit(() -> BoundedCleanup.run(loop, cleanup, limit, "exiting")).thenCompose(f -> f)
                .thenRun(Platform::exit);
    }

    /**
     * Shows the lines {@code lines} gives in {@code items} (a {@code ListView}'s items, say) as they
     * are read, to the end of the stream: the lines read between two pulses are added at the second
     * in one change, so a child that prints 100,000 lines a second costs the view one update a
     * frame rather than one a line; beyond {@code keep} lines the oldest are dropped. The reading is
     * flow-controlled as {@link StreamReader#forEachLine} is: a program that prints faster than the
     * FX thread takes its lines is held back by its pipe. FX thread, on an FX loop's reader.
     *
     * <pre>{@code
     * ListView<String> output = new ListView<>();
     * loop.exec(new ProcessBuilder("git", "log", "--oneline")).thenAccept(git -> {
     *     FxAsync.appendLines(git.stdout(), output.getItems(), 10_000);
     *     FxAsync.killOnAction(cancel, git);
     * });
     * }</pre>
     *
     * @param lines the reader whose lines to show, of a loop on the FX thread
     * @param items the list the lines are added to, at its end
     * @param keep the most lines {@code items} keeps, the newest
     * @return the reading, completed once the last line is in {@code items}, or failed as the
     *     reading failed (the lines before the failure are shown); cancelling it stops the reading
     * @throws IllegalArgumentException if {@code keep <= 0}
     * @throws IllegalStateException off the FX thread
     */
    public static LoopFuture<Void> appendLines(StreamReader lines, ObservableList<String> items, int keep) {
        requireFxThread("FxAsync.appendLines");
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(items, "items");
        if (keep <= 0) {
            throw new IllegalArgumentException("keep: " + keep + " (expected: > 0, the most lines the list keeps)");
        }
        FxLineBatch batch = new FxLineBatch(items, keep);
        LoopFuture<Void> reading = lines.forEachLine(batch::add);
        LoopFuture<Void> shown = reading.whenComplete((end, error) -> batch.flush()); // the last lines at once
        shown.whenCancelled(() -> reading.cancel(false));
        return shown;
    }

    /**
     * Makes {@code button} a cancel button for {@code child}: pressing it kills the child
     * ({@link Subprocess#kill()}, with its descendants where the platform allows), and once the
     * child has exited, however it ended, the button is disabled. Replaces the button's
     * {@code onAction}. FX thread, with {@code child} of a loop on the FX thread.
     *
     * @param button the button
     * @param child the child it cancels
     * @throws IllegalStateException off the FX thread
     */
    public static void killOnAction(ButtonBase button, Subprocess child) {
        requireFxThread("FxAsync.killOnAction");
        Objects.requireNonNull(button, "button");
        Objects.requireNonNull(child, "child");
        button.setOnAction(e -> child.kill());
        button.setDisable(child.exited().isDone());
        child.exited().whenComplete((code, error) -> button.setDisable(true));
    }

    static void requireFxThread(String what) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException(what + " must be called on the JavaFX Application Thread, not on thread \""
                    + Thread.currentThread().getName() + "\"");
        }
    }
}
