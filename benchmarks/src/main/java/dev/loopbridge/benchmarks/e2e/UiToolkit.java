package dev.loopbridge.benchmarks.e2e;

import java.awt.EventQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.swing.Timer;

import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import kotlinx.coroutines.CoroutineDispatcher;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.javafx.FxEventLoop;
import dev.loopbridge.swing.SwingEventLoop;

/**
 * One UI toolkit and the contenders that put work on its thread: LoopBridge's loop on it, the
 * toolkit's own post, Kotlin's dispatcher and LoopBridge's ({@code LoopDispatchers.of(loop)}); and
 * its timers: the loop's {@code callLater}, the toolkit's timers, a
 * {@code ScheduledThreadPoolExecutor} handing over with the toolkit's post, and Kotlin's
 * {@code delay} on either dispatcher. Made by the section's main thread; the timers start
 * on the UI thread.
 *
 * @param id        "fx" or "swing", the prefix of the figures
 * @param title     how the report names the toolkit
 * @param ui        the toolkit's own post ({@code Platform.runLater} / {@code EventQueue.invokeLater})
 * @param onUiThread whether the calling thread is the UI thread
 * @param beats     the UI thread's frames, recorded since the toolkit started
 * @param beatsName what a frame is on this toolkit, for the report
 * @param loop      LoopBridge's loop on the UI thread (a new one, not the shared loop)
 * @param dispatchers the dispatch contenders, LoopBridge first, then the peers
 * @param timers    the timer contenders, LoopBridge first, then the peers
 */
record UiToolkit(String id, String title, Executor ui, BooleanSupplier onUiThread, Beats beats, String beatsName, EventLoop loop,
        List<Contender<Executor>> dispatchers, List<Contender<TimerStart>> timers) {

    /** A contender: its figure id, its name in the report, and what it does. */
    record Contender<T>(String id, String label, T impl) {
    }

    /** Starts a one-shot timer of {@code delay} that runs {@code fired}. UI thread. */
    @FunctionalInterface
    interface TimerStart {
        void start(Duration delay, Runnable fired);
    }

    /** JavaFX on Monocle (unless -Dglass.platform says otherwise), with a shown stage and a pulse recorder. */
    static UiToolkit fx(ScheduledExecutorService stpe) throws Exception {
        Beats beats = startFx();
        EventLoop loop = FxEventLoop.create(loopOptions("fx-bench"));
        CoroutineDispatcher kotlin = Kotlin.javaFx();
        CoroutineDispatcher onLoop = Kotlin.loop(loop);
        List<Contender<Executor>> dispatchers = List.of(
                new Contender<>("loopbridge", "FxEventLoop.execute", loop),
                new Contender<>("runlater", "Platform.runLater", Platform::runLater),
                new Contender<>("kotlin", "Dispatchers.JavaFx.dispatch", Kotlin.executor(kotlin)),
                new Contender<>("kotlinloop", "LoopDispatchers.of(loop).dispatch", Kotlin.executor(onLoop)));
        List<Contender<TimerStart>> timers = List.of(
                new Contender<>("loopbridge", "FxEventLoop.callLater", (d, fired) -> loop.callLater(d, fired)),
                new Contender<>("pause", "PauseTransition", (d, fired) -> {
                    PauseTransition p = new PauseTransition(javafx.util.Duration.millis(d.toNanos() / 1e6));
                    p.setOnFinished(e -> fired.run());
                    p.play();
                }),
                new Contender<>("timeline", "Timeline (one KeyFrame)", (d, fired) ->
                        new Timeline(new KeyFrame(javafx.util.Duration.millis(d.toNanos() / 1e6), e -> fired.run()))
                                .play()),
                new Contender<>("stpe", "ScheduledThreadPoolExecutor + runLater", (d, fired) ->
                        stpe.schedule(() -> Platform.runLater(fired), d.toNanos(), TimeUnit.NANOSECONDS)),
                new Contender<>("kotlin", "delay on Dispatchers.JavaFx", (d, fired) ->
                        Kotlin.delayThen(kotlin, d.toMillis(), fired)),
                new Contender<>("kotlinloop", "delay on LoopDispatchers.of(loop)", (d, fired) ->
                        Kotlin.delayThen(onLoop, d.toMillis(), fired)));
        return new UiToolkit("fx", "JavaFX (" + System.getProperty("glass.platform") + ")", Platform::runLater,
                Platform::isFxApplicationThread, beats, "pulse", loop, dispatchers, timers);
    }

    /** Swing on the EDT (headless unless a display is set), with a 16 ms javax.swing.Timer as its frame. */
    static UiToolkit swing(ScheduledExecutorService stpe) throws Exception {
        Beats beats = startSwing();
        EventLoop loop = SwingEventLoop.create(loopOptions("swing-bench"));
        CoroutineDispatcher kotlin = Kotlin.swing();
        CoroutineDispatcher onLoop = Kotlin.loop(loop);
        List<Contender<Executor>> dispatchers = List.of(
                new Contender<>("loopbridge", "SwingEventLoop.execute", loop),
                new Contender<>("invokelater", "EventQueue.invokeLater", EventQueue::invokeLater),
                new Contender<>("kotlin", "Dispatchers.Swing.dispatch", Kotlin.executor(kotlin)),
                new Contender<>("kotlinloop", "LoopDispatchers.of(loop).dispatch", Kotlin.executor(onLoop)));
        List<Contender<TimerStart>> timers = List.of(
                new Contender<>("loopbridge", "SwingEventLoop.callLater", (d, fired) -> loop.callLater(d, fired)),
                new Contender<>("swingtimer", "javax.swing.Timer", (d, fired) -> {
                    Timer t = new Timer((int) d.toMillis(), e -> fired.run());
                    t.setRepeats(false);
                    t.start();
                }),
                new Contender<>("stpe", "ScheduledThreadPoolExecutor + invokeLater", (d, fired) ->
                        stpe.schedule(() -> EventQueue.invokeLater(fired), d.toNanos(), TimeUnit.NANOSECONDS)),
                new Contender<>("kotlin", "delay on Dispatchers.Swing", (d, fired) ->
                        Kotlin.delayThen(kotlin, d.toMillis(), fired)),
                new Contender<>("kotlinloop", "delay on LoopDispatchers.of(loop)", (d, fired) ->
                        Kotlin.delayThen(onLoop, d.toMillis(), fired)));
        return new UiToolkit("swing", "Swing (EDT" + (java.awt.GraphicsEnvironment.isHeadless() ? ", headless" : "")
                + ")", EventQueue::invokeLater, EventQueue::isDispatchThread, beats, "16 ms javax.swing.Timer tick", loop, dispatchers, timers);
    }

    /**
     * Starts JavaFX, on Monocle headless unless {@code -Dglass.platform} says otherwise, shows a
     * small stage and records its pulses. Once per JVM.
     */
    static Beats startFx() throws Exception {
        System.setProperty("glass.platform", System.getProperty("glass.platform", "Monocle"));
        System.setProperty("monocle.platform", System.getProperty("monocle.platform", "Headless"));
        System.setProperty("prism.order", System.getProperty("prism.order", "sw"));
        CompletableFuture<Void> up = new CompletableFuture<>();
        Platform.startup(() -> up.complete(null));
        up.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
        Beats beats = new Beats();
        call(Platform::runLater, () -> {
            Stage stage = new Stage();
            stage.setScene(new Scene(new Label("LoopBridge benchmark"), 320, 120));
            stage.show();
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    beats.beat();
                }
            }.start();
            return null;
        });
        return beats;
    }

    /** Starts a 16 ms {@code javax.swing.Timer} on the EDT whose ticks stand for Swing's frames. */
    static Beats startSwing() throws Exception {
        Beats beats = new Beats();
        call(EventQueue::invokeLater, () -> {
            new Timer(16, e -> beats.beat()).start();
            return null;
        });
        return beats;
    }

    /**
     * The benchmarked loops' options: the defaults, with {@code -DtickBudgetMillis=N} as the tick
     * budget if given (for experiments on the frame gap; the figures use the default, 8 ms).
     */
    static LoopOptions loopOptions(String name) {
        LoopOptions options = LoopOptions.defaults().withName(name);
        String budget = System.getProperty("tickBudgetMillis");
        return budget == null ? options : options.withTickBudget(Duration.ofMillis(Long.parseLong(budget)));
    }

    /** Runs {@code task} through {@code post} on the UI thread and waits up to 30 s for its result. */
    static <T> T call(Executor post, Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        post.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    /** The longest frame gap in {@code [from, to]}, read on the UI thread. */
    double longestGap(long from, long to) throws Exception {
        return call(ui, () -> beats.longestGap(from, to));
    }
}
