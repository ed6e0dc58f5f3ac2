package dev.loopbridge.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopScope;

/**
 * A {@link LoopScope}. Loop thread only: every public method checks it, and the sets below are
 * touched on the loop thread alone (completions of foreign stages hop to it).
 */
final class ScopeImpl implements LoopScope {

    private final BaseEventLoop loop;
    private final ScopeImpl parent;

    /** Incomplete futures to cancel on close, in the order they were tracked. */
    private final Set<CompletionStage<?>> tracked = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Set<ScopeImpl> children = new LinkedHashSet<>();
    private boolean closed;

    ScopeImpl(BaseEventLoop loop, ScopeImpl parent) {
        this.loop = loop;
        this.parent = parent;
    }

    @Override
    public <T> LoopFuture<T> launch(Supplier<? extends CompletionStage<T>> work) {
        Objects.requireNonNull(work, "work");
        loop.checkInLoop("LoopScope.launch");
        if (closed) {
            throw new IllegalStateException(this + " is closed: launch work in an open scope");
        }
        CompletionStage<T> stage;
        try {
            stage = work.get();
            if (stage == null) {
                throw new NullPointerException("LoopScope.launch: the work returned null (expected: a CompletionStage)");
            }
        } catch (Throwable e) {
            stage = CompletableFuture.failedFuture(e);
        }
        LoopFuture<T> future = loop.adopt(stage);
        track(future);
        future.whenComplete((value, error) -> {
            if (error != null && !(unwrap(error) instanceof CancellationException)) {
                loop.report(unwrap(error), "Task launched in " + this + " failed");
            }
        });
        return future;
    }

    @Override
    public <F extends CompletionStage<?>> F track(F future) {
        Objects.requireNonNull(future, "future");
        loop.checkInLoop("LoopScope.track");
        if (closed) {
            cancel(future);
            return future;
        }
        if (tracked.add(future)) {
            future.whenComplete((value, error) -> forget(future));
        }
        return future;
    }

    private void forget(CompletionStage<?> future) {
        if (loop.inLoop()) {
            tracked.remove(future);
        } else if (!loop.isShutDown()) {
            loop.executeInternal(() -> tracked.remove(future));
        }
    }

    @Override
    public void onClose(AutoCloseable resource) {
        Objects.requireNonNull(resource, "resource");
        loop.checkInLoop("LoopScope.onClose");
        if (closed) {
            closeResource(resource);
        } else {
            resources.add(resource);
        }
    }

    @Override
    public LoopScope newScope() {
        loop.checkInLoop("LoopScope.newScope");
        if (closed) {
            throw new IllegalStateException(this + " is closed: a child scope would never run anything");
        }
        ScopeImpl child = new ScopeImpl(loop, this);
        children.add(child);
        return child;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        loop.checkInLoop("LoopScope.close");
        if (closed) {
            return;
        }
        closed = true;
        for (ScopeImpl child : new ArrayList<>(children)) {
            child.close();
        }
        for (CompletionStage<?> f : new ArrayList<>(tracked)) {
            cancel(f);
        }
        tracked.clear();
        for (int i = resources.size() - 1; i >= 0; i--) {
            closeResource(resources.get(i));
        }
        resources.clear();
        if (parent != null) {
            parent.children.remove(this);
        } else {
            loop.rootScopeClosed(this);
        }
    }

    private void closeResource(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Throwable e) {
            loop.report(e, "Closing " + resource + " registered with " + this + " failed");
        }
    }

    private static void cancel(CompletionStage<?> future) {
        try {
            future.toCompletableFuture().cancel(false);
        } catch (UnsupportedOperationException notCancellable) {
            // a minimal stage cannot be cancelled; it is simply forgotten
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    @Override
    public String toString() {
        return "LoopScope@" + Integer.toHexString(System.identityHashCode(this)) + (closed ? "[closed]" : "");
    }
}
