package dev.loopbridge.swing;

import java.awt.Component;
import java.awt.EventQueue;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.swing.AbstractAction;
import javax.swing.AbstractButton;
import javax.swing.Action;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JComponent;
import javax.swing.JTextArea;
import javax.swing.RootPaneContainer;
import javax.swing.WindowConstants;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.Reentry;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.Subprocess;
import dev.loopbridge.core.spi.AsyncTrigger;
import dev.loopbridge.core.spi.BoundedCleanup;

/**
 * Swing helpers on top of the loop: asynchronous {@link ActionListener}s and {@link Action}s,
 * scopes tied to windows, and the few lines that replace a {@code SwingWorker}. Everything here
 * runs on the Event Dispatch Thread, on {@link SwingEventLoop#shared()} unless a loop is given.
 *
 * <h2>Replacing a SwingWorker</h2>
 * <pre>{@code
 * // Before
 * new SwingWorker<List<Row>, Row>() {
 *     protected List<Row> doInBackground() throws Exception {
 *         List<Row> rows = new ArrayList<>();
 *         for (Row r : database.query()) { rows.add(r); publish(r); }
 *         return rows;
 *     }
 *     protected void process(List<Row> chunk) { model.addAll(chunk); }
 *     protected void done() {
 *         try { status.setText(get().size() + " rows"); }
 *         catch (Exception e) { status.setText("failed: " + e); }
 *     }
 * }.execute();
 *
 * // After
 * SwingAsync.background(publish -> {
 *             List<Row> rows = new ArrayList<>();
 *             for (Row r : database.query()) { rows.add(r); publish.accept(r); }
 *             return rows;
 *         }, model::addAll)                                        // chunks, on the EDT
 *     .whenComplete((rows, e) -> status.setText(e == null ? rows.size() + " rows" : "failed: " + e));
 * }</pre>
 */
public final class SwingAsync {

    private SwingAsync() {
    }

    /**
     * How an asynchronous action behaves.
     *
     * <p><b>Threads:</b> an immutable value; make it on any thread (the component it names is only
     * touched on the EDT).
     *
     * @param disable a component (usually the button) disabled while a run is going, or {@code null}
     * @param reentry what happens when the action fires during a run
     * @param loop the loop the runs belong to (an EDT loop)
     */
    public record Options(Component disable, Reentry reentry, EventLoop loop) {

        /** Validates the options. */
        public Options {
            Objects.requireNonNull(reentry, "reentry");
            Objects.requireNonNull(loop, "loop");
        }

        /**
         * No component disabled, {@link Reentry#IGNORE}, the shared EDT loop.
         *
         * @return options with no component disabled, {@link Reentry#IGNORE} and the shared Swing loop
         */
        public static Options defaults() {
            return new Options(null, Reentry.IGNORE, SwingEventLoop.shared());
        }

        /**
         * Returns options that disable {@code component} while a run is going.
         *
         * @param component disabled while a run is going on
         * @return a copy with this component
         */
        public Options disabling(Component component) {
            return new Options(Objects.requireNonNull(component, "component"), reentry, loop);
        }

        /**
         * Returns options with the given re-entry policy.
         *
         * @param policy what an event during a run does
         * @return a copy with this policy
         */
        public Options onReentry(Reentry policy) {
            return new Options(disable, policy, loop);
        }

        /**
         * Returns options whose runs belong to {@code eventLoop}.
         *
         * @param eventLoop the loop the runs belong to
         * @return a copy with this loop
         */
        public Options on(EventLoop eventLoop) {
            return new Options(disable, reentry, eventLoop);
        }
    }

    /**
     * Turns asynchronous work into an {@link ActionListener}: each action event starts the work;
     * a failure goes to the loop's exception handler. With the default options an event during a
     * run is ignored.
     *
     * @param work starts the work for an event; runs on the EDT
     * @return the listener to install
     */
    public static ActionListener action(Function<? super ActionEvent, ? extends CompletionStage<?>> work) {
        return action(work, Options.defaults());
    }

    /**
     * As {@link #action(Function)}, with options: a component to disable, the re-entry policy, the loop.
     *
     * @param work starts the work for an event; runs on the loop thread
     * @param options re-entry policy, what to disable, which loop
     * @return the listener to install
     */
    public static ActionListener action(Function<? super ActionEvent, ? extends CompletionStage<?>> work,
            Options options) {
        Objects.requireNonNull(options, "options");
        Component c = options.disable();
        AsyncTrigger<ActionEvent> trigger = new AsyncTrigger<>(options.loop(), work, options.reentry(),
                busy -> {
                    if (c != null) {
                        c.setEnabled(!busy);
                    }
                }, c != null ? describe(c) : "a Swing action listener");
        return trigger::fire;
    }

    /**
     * An {@link Action} named {@code name} that runs {@code work} asynchronously: it is disabled —
     * and so are the buttons and menu items built on it — while a run is going.
     *
     * @param name the action's name (its button text)
     * @param work starts the work for an event; runs on the EDT
     * @return the action, disabled while it runs
     */
    public static Action action(String name, Function<? super ActionEvent, ? extends CompletionStage<?>> work) {
        return action(name, work, Reentry.IGNORE, SwingEventLoop.shared());
    }

    /**
     * As {@link #action(String, Function)}, with a re-entry policy and a loop.
     *
     * @param name the action's name (its button text)
     * @param work starts the work for an event; runs on the loop thread
     * @param reentry what an event during a run does
     * @param loop the loop the runs belong to
     * @return the action, disabled while it runs
     */
    public static Action action(String name, Function<? super ActionEvent, ? extends CompletionStage<?>> work,
            Reentry reentry, EventLoop loop) {
        Objects.requireNonNull(name, "name");
        AsyncAction a = new AsyncAction(name);
        a.trigger = new AsyncTrigger<>(loop, work, reentry, busy -> a.setEnabled(!busy), "the action \"" + name + "\"");
        return a;
    }

    /** An {@code Action} whose {@code actionPerformed} fires an {@link AsyncTrigger}. */
    private static final class AsyncAction extends AbstractAction {
        private static final long serialVersionUID = 1L;
        private transient AsyncTrigger<ActionEvent> trigger;

        AsyncAction(String name) {
            super(name);
        }

        @Override
        public void actionPerformed(ActionEvent e) {
            trigger.fire(e);
        }
    }

    private static String describe(Component c) {
        String name = c.getName();
        if (c instanceof AbstractButton b && b.getText() != null) {
            return "the button \"" + b.getText() + "\"";
        }
        return name != null ? name : c.getClass().getSimpleName();
    }

    private static final Object SCOPE_KEY = new Object();

    /**
     * The scope of a window: closed — cancelling what it launched or tracks, closing its resources
     * — when the window is closed ({@code windowClosed}, after {@code dispose()}). The same scope for
     * the same window until then. EDT.
     *
     * @param window the window
     * @return the window's scope, on the shared Swing loop
     */
    public static LoopScope scopeOf(Window window) {
        return scopeOf(window, SwingEventLoop.shared());
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
        requireEdt("SwingAsync.scopeOf");
        JComponent root = rootOf(window);
        Object existing = root == null ? null : root.getClientProperty(SCOPE_KEY);
        if (existing instanceof LoopScope scope && !scope.isClosed()) {
            return scope;
        }
        LoopScope scope = loop.newScope();
        if (root != null) {
            root.putClientProperty(SCOPE_KEY, scope);
        }
        window.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                window.removeWindowListener(this);
                if (root != null && root.getClientProperty(SCOPE_KEY) == scope) {
                    root.putClientProperty(SCOPE_KEY, null);
                }
                scope.close();
            }
        });
        return scope;
    }

    private static JComponent rootOf(Window window) {
        return window instanceof RootPaneContainer c ? c.getRootPane() : null;
    }

    /**
     * Makes closing {@code window} wait for asynchronous cleanup — sending a QUIT, saving a draft —
     * for at most {@code limit}; then the window is disposed (which closes its
     * {@linkplain #scopeOf(Window) scope}, and may let the application end if it was the last
     * window). A close request during the cleanup is ignored. A {@code JFrame} or {@code JDialog}
     * gets the default close operation {@code DO_NOTHING_ON_CLOSE}, so that the cleanup decides
     * when the window goes. A failed cleanup is reported to the loop's exception handler and the
     * window closes all the same. {@code FxAsync.closeGracefully} for Swing; qasync's
     * {@code asyncClose}. Call it once per window. EDT.
     *
     * <pre>{@code
     * SwingAsync.closeGracefully(frame, () -> client.quit("bye"), Duration.ofSeconds(3));
     * }</pre>
     *
     * @param window the window whose closing waits
     * @param cleanup starts the cleanup when the user closes the window; runs on the loop thread
     * @param limit how long closing waits for the cleanup at most
     * @throws IllegalStateException if not called on the EDT
     */
    public static void closeGracefully(Window window, Supplier<? extends CompletionStage<?>> cleanup, Duration limit) {
        closeGracefully(window, cleanup, limit, SwingEventLoop.shared());
    }

    /**
     * As {@link #closeGracefully(Window, Supplier, Duration)}, the cleanup run on {@code loop}. EDT.
     *
     * @param window the window whose closing waits
     * @param cleanup starts the cleanup when the user closes the window; runs on {@code loop}'s thread
     * @param limit how long closing waits for the cleanup at most
     * @param loop the loop the cleanup runs on
     * @throws IllegalStateException if not called on the EDT
     */
    public static void closeGracefully(Window window, Supplier<? extends CompletionStage<?>> cleanup, Duration limit,
            EventLoop loop) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(cleanup, "cleanup");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(loop, "loop");
        requireEdt("SwingAsync.closeGracefully");
        if (window instanceof JFrame frame) {
            frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        } else if (window instanceof JDialog dialog) {
            dialog.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        }
        window.addWindowListener(new WindowAdapter() {
            /** Whether a cleanup has started (EDT). */
            private boolean closing;

            @Override
            public void windowClosing(WindowEvent e) {
                if (closing) {
                    return;
                }
                closing = true;
                String what = "closing " + describe(window);
                LoopFuture<Void> done = loop.inLoop() ? BoundedCleanup.run(loop, cleanup, limit, what)
                        : loop.submit(() -> BoundedCleanup.run(loop, cleanup, limit, what)).thenCompose(f -> f);
                done.thenRun(() -> {
                    if (EventQueue.isDispatchThread()) {
                        window.dispose();
                    } else {
                        EventQueue.invokeLater(window::dispose);
                    }
                });
            }
        });
    }

    /**
     * Runs blocking work off the EDT (a virtual thread) and completes the future on the EDT: what
     * {@code SwingWorker.doInBackground} and {@code done} did. Cancelling the future interrupts the
     * work. Any thread.
     *
     * @param <T> the type of the result
     * @param work the blocking work
     * @return a future of the shared Swing loop with the result
     */
    public static <T> LoopFuture<T> background(Callable<T> work) {
        return SwingEventLoop.shared().runInExecutor(work);
    }

    /**
     * Work that runs in the background and publishes intermediate results as it goes.
     *
     * @param <T> the type of the result
     * @param <V> the type of the published chunks
     */
    @FunctionalInterface
    public interface BackgroundWork<T, V> {
        /**
         * Does the work on a background thread.
         *
         * @param publish hands an intermediate result to the EDT (any number of times)
         * @return the work's result
         * @throws Exception if the work fails; the future fails with it
         */
        T run(Consumer<V> publish) throws Exception;
    }

    /**
     * As {@link #background(Callable)}, with intermediate results: what the work publishes reaches
     * {@code process} on the EDT, in order, several at a time when they come faster than the EDT
     * takes them — {@code SwingWorker.publish} and {@code process}. Any thread.
     *
     * @param <T> the type of the result
     * @param <V> the type of the published chunks
     * @param work the blocking work; publishes chunks as it goes
     * @param process receives the chunks on the EDT, in order, in batches
     * @return a future of the shared Swing loop with the result
     */
    public static <T, V> LoopFuture<T> background(BackgroundWork<T, V> work, Consumer<List<V>> process) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(process, "process");
        EventLoop loop = SwingEventLoop.shared();
        ConcurrentLinkedQueue<V> published = new ConcurrentLinkedQueue<>();
        AtomicBoolean scheduled = new AtomicBoolean();
        Runnable deliver = () -> {
            scheduled.set(false);
            List<V> chunk = new ArrayList<>();
            for (V v; (v = published.poll()) != null; ) {
                chunk.add(v);
            }
            if (!chunk.isEmpty()) {
                process.accept(chunk);
            }
        };
        Consumer<V> publish = v -> {
            published.add(v);
            if (scheduled.compareAndSet(false, true)) {
                loop.execute(deliver);
            }
        };
        // The result is delivered after the last chunk: both go through the loop, in order.
        return loop.runInExecutor(() -> work.run(publish)).thenApply(result -> {
            deliver.run();
            return result;
        });
    }

    /**
     * Shows the lines {@code lines} gives in {@code area} as they are read, to the end of the
     * stream: the lines read within a frame (16 ms) of the first are appended in one edit, so a
     * child that prints 100,000 lines a second costs the text area one update a frame rather than
     * one a line; beyond {@code keep} lines the oldest are dropped. The reading is flow-controlled
     * as {@link StreamReader#forEachLine} is: a program that prints faster than the EDT takes its
     * lines is held back by its pipe. EDT, on a Swing loop's reader.
     *
     * <pre>{@code
     * JTextArea output = new JTextArea();
     * loop.exec(new ProcessBuilder("git", "log", "--oneline")).thenAccept(git -> {
     *     SwingAsync.appendLines(git.stdout(), output, 10_000);
     *     SwingAsync.killOnAction(cancel, git);
     * });
     * }</pre>
     *
     * @param lines the reader whose lines to show, of a loop on the EDT
     * @param area the text area the lines are appended to, each ending with a line break
     * @param keep the most lines {@code area} keeps, the newest
     * @return the reading, completed once the last line is in {@code area}, or failed as the reading
     *     failed (the lines before the failure are shown); cancelling it stops the reading
     * @throws IllegalArgumentException if {@code keep <= 0}
     * @throws IllegalStateException off the EDT
     */
    public static LoopFuture<Void> appendLines(StreamReader lines, JTextArea area, int keep) {
        requireEdt("SwingAsync.appendLines");
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(area, "area");
        if (keep <= 0) {
            throw new IllegalArgumentException("keep: " + keep + " (expected: > 0, the most lines the area keeps)");
        }
        SwingLineBatch batch = new SwingLineBatch(area, keep);
        LoopFuture<Void> reading = lines.forEachLine(batch::add);
        LoopFuture<Void> shown = reading.whenComplete((end, error) -> batch.flush()); // the last lines at once
        shown.whenCancelled(() -> reading.cancel(false));
        return shown;
    }

    /**
     * Makes {@code button} a cancel button for {@code child}: pressing it kills the child
     * ({@link Subprocess#kill()}, with its descendants where the platform allows), and once the
     * child has exited, however it ended, the button is disabled and no longer listens. EDT, with
     * {@code child} of a loop on the EDT.
     *
     * @param button the button
     * @param child the child it cancels
     * @throws IllegalStateException off the EDT
     */
    public static void killOnAction(AbstractButton button, Subprocess child) {
        requireEdt("SwingAsync.killOnAction");
        Objects.requireNonNull(button, "button");
        Objects.requireNonNull(child, "child");
        ActionListener kill = e -> child.kill();
        button.addActionListener(kill);
        button.setEnabled(!child.exited().isDone());
        child.exited().whenComplete((code, error) -> {
            button.removeActionListener(kill);
            button.setEnabled(false);
        });
    }

    static void requireEdt(String what) {
        if (!EventQueue.isDispatchThread()) {
            throw new IllegalStateException(what + " must be called on the Swing Event Dispatch Thread, not on thread \""
                    + Thread.currentThread().getName() + "\"");
        }
    }
}
