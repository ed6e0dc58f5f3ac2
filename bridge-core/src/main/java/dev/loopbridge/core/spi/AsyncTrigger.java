package dev.loopbridge.core.spi;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Reentry;

/**
 * The machinery of an asynchronous event handler, shared by the toolkit helpers (JavaFX's
 * {@code FxAsync.handler}, Swing's {@code SwingAsync.action}): each {@link #fire} starts a run of
 * the action, the {@link Reentry} policy decides about events during a run, failures go to the
 * loop's exception handler (cancellations do not), and a callback hears when the trigger becomes
 * busy or idle (to disable a button). Loop thread only.
 *
 * <pre>{@code
 * AsyncTrigger<ActionEvent> trigger = new AsyncTrigger<>(loop, e -> save(), Reentry.IGNORE,
 *         busy -> saveButton.setEnabled(!busy), "the Save button");
 * saveButton.addActionListener(trigger::fire);
 * }</pre>
 *
 * @param <E> the event type
 */
public final class AsyncTrigger<E> {

    private final EventLoop loop;
    private final Function<? super E, ? extends CompletionStage<?>> action;
    private final Reentry policy;
    private final Consumer<Boolean> onBusy;
    private final String description;
    private final Set<LoopFuture<?>> running = new LinkedHashSet<>();
    private final ArrayDeque<E> queued = new ArrayDeque<>();
    private boolean busy;

    /**
     * Creates an idle trigger: nothing runs until {@link #fire}.
     *
     * @param loop the loop the runs belong to; {@link #fire} must be called on its thread
     * @param action starts a run for an event
     * @param policy what an event during a run does
     * @param onBusy told {@code true} when the first run starts (or an event is queued) and
     *     {@code false} when the last one ends; may be a no-op
     * @param description names the trigger in error reports, e.g. "the Connect button"
     */
    public AsyncTrigger(EventLoop loop, Function<? super E, ? extends CompletionStage<?>> action, Reentry policy,
            Consumer<Boolean> onBusy, String description) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.action = Objects.requireNonNull(action, "action");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.onBusy = Objects.requireNonNull(onBusy, "onBusy");
        this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * An event fired: starts a run, or not, as the policy says. Loop thread.
     *
     * @param event the event that fired
     */
    public void fire(E event) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("the async handler of " + description + " runs on the thread of " + loop
                    + ", not on \"" + Thread.currentThread().getName() + "\": give it the loop of the toolkit's thread");
        }
        if (!running.isEmpty()) {
            switch (policy) {
                case IGNORE -> {
                    return;
                }
                case QUEUE -> {
                    queued.add(event);
                    updateBusy();
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

    /**
     * Whether a run is going or an event is queued. Loop thread.
     *
     * @return {@code true} while a run is going on or an event is queued
     */
    public boolean isBusy() {
        return busy;
    }

    private void start(E event) {
        CompletionStage<?> stage;
        try {
            stage = Objects.requireNonNull(action.apply(event), "the async handler returned null");
        } catch (RuntimeException e) {
            loop.reportError(e, "The async handler of " + description + " threw");
            startNextQueued();
            updateBusy();
            return;
        }
        LoopFuture<?> run = loop.adopt(stage);
        if (run.isDone()) {
            finished(run);
            return;
        }
        running.add(run);
        updateBusy();
        run.whenComplete((v, error) -> finished(run));
    }

    private void finished(LoopFuture<?> run) {
        running.remove(run);
        if (run.isCompletedExceptionally() && !run.isCancelled()) {
            Throwable error = run.exceptionNow();
            if (error instanceof CompletionException && error.getCause() != null) {
                error = error.getCause();
            }
            if (!(error instanceof CancellationException)) {
                loop.reportError(error, "The async handler of " + description + " failed");
            }
        }
        if (running.isEmpty()) {
            startNextQueued();
        }
        updateBusy();
    }

    private void startNextQueued() {
        E next = queued.poll();
        if (next != null) {
            start(next);
        }
    }

    private void updateBusy() {
        boolean now = !running.isEmpty() || !queued.isEmpty();
        if (now != busy) {
            busy = now;
            onBusy.accept(now);
        }
    }
}
