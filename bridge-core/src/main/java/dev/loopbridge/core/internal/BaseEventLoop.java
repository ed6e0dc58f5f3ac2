package dev.loopbridge.core.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import dev.loopbridge.core.ChannelWatch;
import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.DatagramOptions;
import dev.loopbridge.core.DatagramProtocol;
import dev.loopbridge.core.DatagramTransport;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.ExceptionHandler;
import dev.loopbridge.core.Handle;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.LoopStats;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.Subprocess;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.net.Network;
import dev.loopbridge.core.internal.net.SubprocessImpl;
import dev.loopbridge.core.spi.LoopDriver;

/**
 * The one {@link EventLoop} implementation: the {@link Scheduler} (ready queue, timer heap, tick)
 * driven by a {@link LoopDriver} — the loop's own thread, the test loop's caller, or a toolkit.
 * Thread rules are those of {@link EventLoop}; methods marked "loop thread" check it.
 */
public class BaseEventLoop implements EventLoop {

    private static final VarHandle LIFECYCLE;

    static {
        try {
            LIFECYCLE = MethodHandles.lookup().findVarHandle(BaseEventLoop.class, "lifecycle", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    /** Dependents run inline on the loop thread up to this depth, then through the queue. */
    private static final int MAX_INLINE_DEPTH = 32;

    /** The longest delay a timer can have: about 73 years, far from nanoTime overflow. */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE >> 2;

    private static final AtomicLong IDS = new AtomicLong();

    /**
     * OPEN -> CLOSING (close(), any thread: user scheduling is rejected from here on) -> CLOSED
     * (the loop thread, when the shutdown is done: everything is rejected).
     */
    @SuppressWarnings("unused") // accessed through LIFECYCLE
    private volatile int lifecycle;

    /**
     * The thread that runs the shutdown in place of a loop thread that is gone (the toolkit
     * exited); it counts as the loop thread from then on. Set once, by close().
     */
    private volatile Thread adoptedBy;

    private final String name;
    private final Scheduler scheduler;
    private final ErrorReporter reporter;
    private final LoopDriver driver;
    private final Watcher watcher;
    private final Poller poller;
    private final OutsideWork outside;
    private final Network network = new Network(this);
    private final OnLoopExecutor onLoop = new OnLoopExecutor();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final CompletableFuture<Void> terminatedFuture = new CompletableFuture<>();

    // Loop thread only.
    private final Set<ScopeImpl> rootScopes = new LinkedHashSet<>();
    private final ArrayDeque<NestedWait> nestedWaits = new ArrayDeque<>();
    private int inlineDepth;
    private boolean shutdownStarted;
    private ByteBuffer ioBuffer;

    /**
     * @param sideThreadPolls whether a side thread (the watcher) selects for this loop, handing
     *     readiness over one-shot, rather than the loop thread itself
     */
    BaseEventLoop(LoopClock clock, LoopDriver driver, LoopOptions options, boolean sideThreadPolls,
            Function<BaseEventLoop, Watcher> watcherFactory) {
        this.name = options.name() + "-" + IDS.incrementAndGet();
        this.driver = driver;
        this.reporter = new ErrorReporter(options.debug(), options.slowCallbackThreshold());
        this.scheduler = new Scheduler(clock, driver, reporter, options.tickBudget().toNanos(), options.name(),
                options.stallThreshold());
        this.poller = new Poller(scheduler, sideThreadPolls);
        scheduler.setPoller(poller);
        this.outside = new OutsideWork(this, options);
        this.watcher = watcherFactory.apply(this);
        scheduler.setWatcher(watcher);
        reporter.bind(this);
    }

    /** A loop run by a toolkit driver; a side thread waits for its timers. */
    public static BaseEventLoop driven(LoopDriver driver, LoopOptions options) {
        BaseEventLoop loop = new BaseEventLoop(LoopClock.SYSTEM, driver, options, true, SidePoller::new);
        loop.scheduler.setToolkitDriven();
        return loop;
    }

    /** The default loop: its own thread waits, polls and runs the ticks. */
    public static BaseEventLoop newDefault(LoopOptions options) {
        ThreadDriver d = new ThreadDriver(options.name());
        BaseEventLoop loop = new BaseEventLoop(LoopClock.SYSTEM, d, options, false, l -> Watcher.NONE);
        loop.scheduler.setSelfDriven();
        d.start(loop);
        return loop;
    }

    final Scheduler scheduler() {
        return scheduler;
    }

    final Poller poller() {
        return poller;
    }

    /** The loop's network layer. */
    public final Network network() {
        return network;
    }

    /** A 64 KiB buffer that transports read into, one read at a time. Loop thread only. */
    public final ByteBuffer ioBuffer() {
        if (ioBuffer == null) {
            ioBuffer = ByteBuffer.allocateDirect(64 * 1024);
        }
        return ioBuffer;
    }

    /**
     * Registers {@code channel} with the loop's poller; {@code handler} hears of readiness on the
     * loop thread. Loop thread.
     */
    public final IoRegistration register(SelectableChannel channel, int ops, IoHandler handler) throws IOException {
        checkInLoop("register");
        IoRegistration r = IoRegistration.register(poller, channel, ops, handler);
        watcher.ioRegistered();
        return r;
    }

    final String name() {
        return name;
    }

    final boolean awaitsExternalWork() {
        return outside.isPending();
    }

    /** The executor dependents of this loop's futures run on: inline on the loop thread, else queued. */
    public final Executor onLoopExecutor() {
        return onLoop;
    }

    // ---- scheduling (any thread) ----

    @Override
    public final boolean inLoop() {
        return driver.isLoopThread() || adoptedBy == Thread.currentThread();
    }

    @Override
    public final Handle callSoon(Runnable task) {
        Objects.requireNonNull(task, "task");
        CallbackTask t = CallbackTask.of(task, reporter.originIfDebug());
        enqueue(t, false);
        return t;
    }

    /**
     * Queues {@code task} itself, not a handle: nothing can cancel it, so the loop runs it without a
     * node of its own (in debug mode it gets one, which records where it was scheduled).
     */
    @Override
    public final void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        Throwable origin = reporter.originIfDebug();
        enqueue(origin == null ? task : CallbackTask.of(task, origin), false);
    }

    @Override
    public final TimerHandle callLater(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
        }
        long nanos;
        try {
            nanos = Math.min(delay.toNanos(), MAX_DELAY_NANOS);
        } catch (ArithmeticException tooLong) {
            nanos = MAX_DELAY_NANOS;
        }
        return callAt(scheduler.clock.nanoTime() + nanos, task);
    }

    @Override
    public final TimerHandle callAt(long deadlineNanos, Runnable task) {
        Objects.requireNonNull(task, "task");
        checkAccepting(false);
        boolean here = inLoop();
        TimerTask t = new TimerTask(scheduler, deadlineNanos, task, reporter.originIfDebug(),
                here ? TimerTask.SCHEDULED : TimerTask.HOPPING);
        scheduler.schedule(t, here);
        if (!here && lifecycle == CLOSED && t.cancel()) {
            throw rejected();
        }
        return t;
    }

    @Override
    public final long time() {
        return scheduler.clock.nanoTime();
    }

    @Override
    public final <T> LoopFuture<T> newFuture() {
        return new LoopFuture<>(this);
    }

    @Override
    public final <T> LoopFuture<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        LoopFuture<T> f = newFuture();
        CallbackTask t = CallbackTask.of(new SubmitAction<>(task, f), reporter.originIfDebug());
        enqueue(t, false);
        f.whenCancelled(t::cancel);
        return f;
    }

    @Override
    public final <T> LoopFuture<T> adopt(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        if (stage instanceof LoopFuture<T> own && own.loop() == this) {
            return own;
        }
        checkAccepting(true);
        return outside.adopt(stage);
    }

    @Override
    public final <T> LoopFuture<T> runInExecutor(Callable<T> work) {
        Objects.requireNonNull(work, "work");
        checkAccepting(false);
        return outside.runInExecutor(work);
    }

    @Override
    public final LoopFuture<Void> sleep(Duration delay) {
        LoopFuture<Void> f = newFuture();
        TimerHandle timer = callLater(delay, new SleepAction(f));
        f.whenCancelled(timer::cancel);
        return f;
    }

    @Override
    public final <T> T runUntilComplete(CompletionStage<T> stage) {
        LoopFuture<T> f = adopt(stage);
        if (!f.isDone()) {
            if (inLoop()) {
                runNested(f);
            } else {
                awaitOffLoop(f);
            }
        }
        if (!f.isDone()) {
            throw new CancellationException(this + " closed before the future completed");
        }
        return f.join();
    }

    /** Waits on the loop thread in a nested toolkit loop until {@code f} completes or the loop closes. */
    private void runNested(LoopFuture<?> f) {
        if (lifecycle == CLOSED) {
            return;
        }
        NestedWait wait = new NestedWait(driver.newNestedLoop());
        nestedWaits.push(wait);
        f.whenComplete((v, e) -> wait.exit());
        Object body = AsyncBody.beforeNestedLoop();
        try {
            wait.enter();
        } finally {
            AsyncBody.afterNestedLoop(body);
            nestedWaits.remove(wait);
        }
    }

    private void awaitOffLoop(LoopFuture<?> f) {
        try {
            CompletableFuture.anyOf(f, terminatedFuture).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting in runUntilComplete on " + this, e);
        } catch (ExecutionException e) {
            // f failed: join() below reports it as CompletableFuture does
        }
    }

    @Override
    public final LoopScope newScope() {
        checkInLoop("newScope");
        if (lifecycle != OPEN) {
            throw new IllegalStateException(this + " is closed: a new scope would never run anything");
        }
        ScopeImpl scope = new ScopeImpl(this, null);
        rootScopes.add(scope);
        return scope;
    }

    final void rootScopeClosed(ScopeImpl scope) {
        rootScopes.remove(scope);
    }

    // ---- network ----

    @Override
    public final LoopFuture<Transport> createConnection(Supplier<? extends Protocol> protocolFactory,
            ConnectOptions options) {
        return network.createConnection(protocolFactory, options);
    }

    @Override
    public final LoopFuture<Server> createServer(Supplier<? extends Protocol> protocolFactory, ServerOptions options) {
        return network.createServer(protocolFactory, options);
    }

    @Override
    public final LoopFuture<DatagramTransport> createDatagramEndpoint(
            Supplier<? extends DatagramProtocol> protocolFactory, DatagramOptions options) {
        return network.createDatagramEndpoint(protocolFactory, options);
    }

    @Override
    public final LoopFuture<StreamConnection> openConnection(ConnectOptions options) {
        return network.openConnection(options);
    }

    @Override
    public final LoopFuture<Server> startServer(Function<StreamConnection, ? extends CompletionStage<?>> handler,
            ServerOptions options) {
        return network.startServer(handler, options);
    }

    @Override
    public final LoopFuture<List<InetSocketAddress>> resolve(String host, int port) {
        return network.resolve(host, port);
    }

    @Override
    public final ChannelWatch watch(SelectableChannel channel, int ops, IntConsumer onReady) {
        return network.watch(channel, ops, onReady);
    }

    // ---- subprocesses (the pipes and their threads: internal.net.SubprocessImpl) ----

    @Override
    public final LoopFuture<Subprocess> exec(ProcessBuilder builder) {
        return SubprocessImpl.exec(this, builder);
    }

    @Override
    public final void setExceptionHandler(ExceptionHandler handler) {
        reporter.setHandler(handler);
    }

    @Override
    public final void setDebug(boolean on) {
        reporter.setDebug(on);
    }

    @Override
    public final boolean isDebug() {
        return reporter.debug();
    }

    @Override
    public final LoopStats stats() {
        return scheduler.stats.snapshot();
    }

    // ---- internal plumbing ----

    /** Checks the thread rule for loop-thread-only operations; the message names both threads. */
    public final void checkInLoop(String operation) {
        if (!inLoop()) {
            throw new IllegalStateException(operation + " must be called on " + driver.threadName()
                    + ", not on thread \"" + Thread.currentThread().getName()
                    + "\"; hand the call to the loop with loop.callSoon(...) or loop.submit(...)");
        }
    }

    @Override
    public final void reportError(Throwable error, String context) {
        report(Objects.requireNonNull(error, "error"), Objects.requireNonNull(context, "context"));
    }

    /** Reports an error to the exception handler, on the loop thread. Any thread. */
    public final void report(Throwable error, String context) {
        if (inLoop()) {
            reporter.report(error, context);
            return;
        }
        try {
            enqueue(CallbackTask.of(() -> reporter.report(error, context), null), true);
        } catch (RejectedExecutionException closed) {
            ErrorReporter.DEFAULT_HANDLER.handle(this, error, context);
        }
    }

    /** Runs {@code action} on the loop thread later, even while the loop is closing. Any thread. */
    public final void executeInternal(Runnable action) {
        Objects.requireNonNull(action, "action");
        Throwable origin = reporter.originIfDebug();
        enqueue(origin == null ? action : CallbackTask.of(action, origin), true);
    }

    /** Queues a {@link CallbackTask} or a bare {@code Runnable}; rejects it if the loop will not run it. */
    private void enqueue(Object callback, boolean internal) {
        checkAccepting(internal);
        if (!scheduler.offer(callback)) {
            throw rejected(); // the queue was sealed as the loop closed: it would never run
        }
    }

    private void checkAccepting(boolean internal) {
        int s = lifecycle;
        if (s == CLOSED || (s == CLOSING && !internal)) {
            throw rejected();
        }
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException(this + " is closed: nothing more can be scheduled on it");
    }

    /**
     * Whether a dependent of one of this loop's futures may run inline, now: the caller is the loop
     * thread and fewer than {@value #MAX_INLINE_DEPTH} inline dependents are running below it. If
     * so, the depth is counted until {@link #exitInline()}, which the caller must call when the
     * dependent is done. Any thread.
     */
    public final boolean enterInline() {
        if (inlineDepth < MAX_INLINE_DEPTH && driver.isLoopThread()) {
            inlineDepth++;
            return true;
        }
        return false;
    }

    /** Ends what {@link #enterInline()} began. Loop thread. */
    public final void exitInline() {
        inlineDepth--;
    }

    /** Runs dependents of this loop's futures inline on the loop thread, or queues them. */
    private final class OnLoopExecutor implements Executor {
        @Override
        public void execute(Runnable r) {
            if (enterInline()) {
                try {
                    r.run();
                } finally {
                    exitInline();
                }
            } else {
                executeInternal(r);
            }
        }
    }

    // ---- lifecycle ----

    @Override
    public final boolean isClosed() {
        return lifecycle != OPEN;
    }

    @Override
    public final void close() {
        if (LIFECYCLE.compareAndSet(this, OPEN, CLOSING) && !inLoop()) {
            scheduler.offerInternal(CallbackTask.of(this::shutdown, null));
        }
        if (inLoop()) {
            shutdown(); // also finishes a close another thread started on a loop this thread drives
        } else if (!driver.isAlive() && takeOverDeadLoopThread()) {
            shutdown(); // nothing else will ever run it
        } else if (waitsForShutdown()) {
            awaitTermination();
        }
    }

    private synchronized boolean takeOverDeadLoopThread() {
        if (adoptedBy == null) {
            adoptedBy = Thread.currentThread();
            return true;
        }
        return adoptedBy == Thread.currentThread();
    }

    /** Whether close() off the loop thread waits for the shutdown; the test loop's caller drives it. */
    protected boolean waitsForShutdown() {
        return true;
    }

    private void awaitTermination() {
        boolean interrupted = false;
        while (true) {
            try {
                if (terminated.await(100, TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (!driver.isAlive() && takeOverDeadLoopThread()) {
                    shutdown(); // the loop thread died while the shutdown waited for it
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (driver instanceof ThreadDriver own) {
            own.join();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes everything the loop holds. Loop thread, once, in the CLOSING state. */
    private void shutdown() {
        if (shutdownStarted) {
            return;
        }
        shutdownStarted = true;
        for (ScopeImpl scope : new ArrayList<>(rootScopes)) {
            scope.close();
        }
        network.closeAll();
        scheduler.frames.close(); // the drains below run on the budget alone, in whole batches
        scheduler.cancelAllTimers();
        scheduler.closed();
        outside.cancelAll();
        while (!nestedWaits.isEmpty()) {
            nestedWaits.pop().exit();
        }
        scheduler.drain();
        LIFECYCLE.setVolatile(this, CLOSED);
        scheduler.sealAndDrain(); // what was offered while the state changed; nothing is accepted after it
        scheduler.cancelAllTimers(); // timers scheduled from other threads entered the heap in the drains
        watcher.close();
        poller.close();
        driver.close();
        if (!(driver instanceof ThreadDriver)) {
            markTerminated();
        }
    }

    final boolean isShutDown() {
        return lifecycle == CLOSED;
    }

    /** The loop has stopped for good: releases off-loop waiters. */
    final void markTerminated() {
        terminatedFuture.complete(null);
        terminated.countDown();
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + (lifecycle == OPEN ? "]" : ", closed]");
    }

    /** The timer action behind sleep(): completes the future, or cancels it if the loop closes. */
    private record SleepAction(LoopFuture<Void> future) implements Runnable, TimerTask.LoopClosing {
        @Override
        public void run() {
            future.complete(null);
        }

        @Override
        public void loopClosing() {
            future.cancel(false);
        }
    }

    /** The callback behind submit(): runs the task unless its future is already done. */
    private record SubmitAction<T>(Callable<T> task, LoopFuture<T> future) implements Runnable {
        @Override
        public void run() {
            if (future.isDone()) {
                return;
            }
            try {
                future.complete(task.call());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }
    }
}
