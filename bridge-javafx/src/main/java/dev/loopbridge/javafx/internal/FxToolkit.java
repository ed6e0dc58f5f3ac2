package dev.loopbridge.javafx.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javafx.application.Platform;

import dev.loopbridge.core.EventLoop;

/**
 * What LoopBridge needs to know about the running JavaFX toolkit: its Application Thread, and when
 * it ends (the loops on it are closed then). Any thread.
 */
public final class FxToolkit {

    private static final List<EventLoop> LOOPS = new CopyOnWriteArrayList<>();
    private static Thread watched;

    private FxToolkit() {
    }

    /**
     * Returns the JavaFX Application Thread.
     *
     * @throws IllegalStateException if the toolkit is not running, or its thread does not answer
     */
    public static Thread applicationThread() {
        if (Platform.isFxApplicationThread()) {
            return Thread.currentThread();
        }
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        try {
            Platform.runLater(() -> thread.complete(Thread.currentThread()));
        } catch (IllegalStateException notRunning) {
            throw new IllegalStateException("the JavaFX toolkit is not running: create the loop in"
                    + " Application.start (or later), or start the toolkit first with Platform.startup(...)",
                    notRunning);
        }
        try {
            return thread.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the JavaFX Application Thread", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the JavaFX Application Thread did not answer within 10 s: is it"
                    + " blocked, or has the toolkit exited?", e);
        }
    }

    /** Closes {@code loop} when the JavaFX Application Thread {@code fxThread} ends (Platform.exit). */
    public static synchronized void closeOnExit(EventLoop loop, Thread fxThread) {
        LOOPS.removeIf(EventLoop::isClosed);
        LOOPS.add(loop);
        if (watched != fxThread) {
            watched = fxThread;
            Thread.ofPlatform().daemon().name("loopbridge-fx-exit-watcher").start(() -> {
                boolean interrupted = false;
                while (fxThread.isAlive()) {
                    try {
                        fxThread.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                for (EventLoop l : LOOPS) {
                    l.close();
                }
                LOOPS.clear();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}
