package dev.loopbridge.javafx.internal;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.scene.Node;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.javafx.FxAsync;

/**
 * The event handler behind {@link FxAsync#handler}: starts an asynchronous run per event, applies
 * the re-entry policy, disables a node while runs are going, reports failures. FX thread only
 * (its loop runs there; the first event checks that).
 */
public final class AsyncHandler<E extends Event> implements EventHandler<E> {

    private final Function<? super E, ? extends CompletionStage<?>> action;
    private final FxAsync.HandlerOptions options;
    private final EventLoop loop;
    private final Set<LoopFuture<?>> running = new LinkedHashSet<>();
    private final ArrayDeque<E> queued = new ArrayDeque<>();
    private boolean disabledByUs;

    public AsyncHandler(Function<? super E, ? extends CompletionStage<?>> action, FxAsync.HandlerOptions options) {
        this.action = action;
        this.options = options;
        this.loop = options.loop();
    }

    @Override
    public void handle(E event) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("the async handler's loop " + loop + " does not run on this thread (\""
                    + Thread.currentThread().getName() + "\"): give it an FxEventLoop");
        }
        if (!running.isEmpty()) {
            switch (options.reentry()) {
                case IGNORE -> {
                    return;
                }
                case QUEUE -> {
                    queued.add(event);
                    updateDisable();
                    return;
                }
                case CANCEL_PREVIOUS -> {
                    for (LoopFuture<?> f : Set.copyOf(running)) {
                        f.cancel(false);
                    }
                }
                case CONCURRENT -> {
                    // start alongside
                }
            }
        }
        start(event);
    }

    private void start(E event) {
        CompletionStage<?> stage;
        try {
            stage = Objects.requireNonNull(action.apply(event), "the async handler returned null");
        } catch (RuntimeException e) {
            loop.reportError(e, "The async handler for " + event.getEventType() + " threw");
            startNextQueued();
            return;
        }
        LoopFuture<?> run = loop.adopt(stage);
        if (run.isDone()) {
            finished(run, event);
            return;
        }
        running.add(run);
        updateDisable();
        run.whenComplete((v, error) -> finished(run, event));
    }

    private void finished(LoopFuture<?> run, E event) {
        running.remove(run);
        if (run.isCompletedExceptionally() && !run.isCancelled()) {
            Throwable error = run.exceptionNow();
            if (error instanceof CompletionException && error.getCause() != null) {
                error = error.getCause();
            }
            if (!(error instanceof CancellationException)) {
                loop.reportError(error, "The async handler for " + event.getEventType() + " failed");
            }
        }
        if (running.isEmpty()) {
            startNextQueued();
        }
        updateDisable();
    }

    private void startNextQueued() {
        E next = queued.poll();
        if (next != null) {
            start(next);
        }
    }

    private void updateDisable() {
        Node node = options.disable();
        if (node == null) {
            return;
        }
        boolean busy = !running.isEmpty() || !queued.isEmpty();
        if (busy && !disabledByUs) {
            disabledByUs = true;
            node.setDisable(true);
        } else if (!busy && disabledByUs) {
            disabledByUs = false;
            node.setDisable(false);
        }
    }
}
