package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.loopbridge.core.spi.LoopDriver;

/**
 * The mechanism every loop shares: the ready queue, the timer heap, the coalesced tick flag and the
 * tick itself. {@link #offer}, {@link #requestTick} and {@link #inLoop} may be called from any
 * thread; everything else runs on the loop thread.
 *
 * <p>A tick runs the callbacks queued when it started, then the due timers that entered the heap
 * before it started, and stops early at the time budget. A callback may run a nested toolkit loop
 * (a modal dialog) which runs ticks of its own; the outer tick notices that on return, through
 * {@link #tickEpoch}, and ends, since the nested ticks have already taken its work in order.
 */
final class Scheduler {

    private static final VarHandle TICK_STATE;

    static {
        try {
            TICK_STATE = MethodHandles.lookup().findVarHandle(Scheduler.class, "tickState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int IDLE = 0;
    private static final int POSTED = 1;

    /** The longest a tick may let callbacks run between two looks at the clock. */
    private static final int MAX_STRIDE = 256;

    /** {@link #sleepingUntil}: the loop's own thread is not waiting. */
    private static final long AWAKE = Long.MIN_VALUE;

    /** {@link #sleepingUntil}: the loop's own thread waits with no timer to wake it. */
    private static final long FOREVER = Long.MAX_VALUE;

    /**
     * IDLE -> POSTED: whoever finds work for the loop (any thread) wins the CAS and posts one tick
     * through the driver; everyone else sees POSTED and posts nothing. POSTED -> IDLE: the loop
     * thread, as a tick starts.
     * NOTE: the reset is a volatile write made before the tick reads the queue tail (a volatile
     * read), and producers exchange the tail before they read this flag; so an offer the tick's
     * snapshot misses always finds IDLE, or a newer POSTED, and a tick always follows it.
     */
    @SuppressWarnings("unused") // accessed through TICK_STATE
    private volatile int tickState;

    /**
     * For loops whose own thread waits (the default loop): the deadline it sleeps until, FOREVER,
     * or AWAKE. Written by the loop thread around each wait; read by threads that schedule or
     * cancel a timer, which need not wake a loop that wakes by the timer's deadline anyway.
     * NOTE: the loop thread writes this and then looks at the queue before it sleeps; a scheduling
     * thread offers its timer (an atomic exchange) and then reads this. Either the loop sees the
     * timer in the queue and does not sleep, or the scheduler sees the sleep and wakes it if needed.
     */
    private volatile long sleepingUntil = AWAKE;

    /** Whether {@link #sleepingUntil} is maintained (the loop thread waits itself). */
    private boolean lazyTimerHops;

    final LoopClock clock;
    final LoopDriver driver;
    final StatsRecorder stats = new StatsRecorder();
    final ErrorReporter reporter;

    private final ReadyQueue queue = new ReadyQueue();
    private final TimerHeap timers = new TimerHeap();
    private final long budgetNanos;
    private final Runnable tick = this::runTick;
    private Watcher watcher = Watcher.NONE;
    private Poller poller;

    // Loop thread only.
    private long tickEpoch;
    private int tickDepth;
    private int stride = 1;
    private long ranInTick;
    private long takenInTick;

    Scheduler(LoopClock clock, LoopDriver driver, ErrorReporter reporter, long budgetNanos) {
        this.clock = clock;
        this.driver = driver;
        this.reporter = reporter;
        this.budgetNanos = budgetNanos;
    }

    void setWatcher(Watcher w) {
        this.watcher = w;
    }

    void setPoller(Poller p) {
        this.poller = p;
    }

    /** Whether the loop thread is inside a tick (possibly a nested one). Loop thread. */
    boolean inTick() {
        return tickDepth > 0;
    }

    boolean inLoop() {
        return driver.isLoopThread();
    }

    /** Queues a user callback and makes sure a tick will run it. Any thread. */
    void offer(CallbackTask task) {
        task.enqueuedAt = System.nanoTime();
        stats.submitted();
        queue.offer(task);
        requestTick();
    }

    /** Queues internal work (a timer hop, a cancel, I/O readiness). Any thread. */
    void offerInternal(Task task) {
        queue.offer(task);
        requestTick();
    }

    /** Lets timer hops skip waking a loop that will wake by their deadline anyway (see sleepingUntil). */
    void enableLazyTimerHops() {
        this.lazyTimerHops = true;
    }

    /**
     * Queues a timer on its way into the heap, or out of it after a cancel. The loop thread takes
     * it by the timer's deadline: it is awake (and looks at the queue before it sleeps), or it
     * sleeps until an earlier deadline; otherwise it is woken. Any thread.
     */
    void offerTimerHop(TimerTask timer) {
        queue.offer(timer);
        if (lazyTimerHops) {
            long s = sleepingUntil;
            if (s == AWAKE || (s != FOREVER && s - timer.deadline <= 0)) {
                return;
            }
        }
        requestTick();
    }

    /**
     * The loop's own thread is about to wait: records until when, and returns whether it may (no
     * work queued). Loop thread, before {@code Poller.await}; {@link #awake()} after.
     */
    boolean mayWait() {
        TimerTask top = timers.peek();
        sleepingUntil = top == null ? FOREVER : (top.deadline == AWAKE || top.deadline == FOREVER ? top.deadline + 1 : top.deadline);
        return queue.isEmpty() && tickState == IDLE;
    }

    /** The loop's own thread stopped waiting. Loop thread. */
    void awake() {
        sleepingUntil = AWAKE;
    }

    /** Whether work is queued or a tick requested. Loop thread. */
    boolean hasWork() {
        return tickState == POSTED || !queue.isEmpty();
    }

    /** Posts a tick unless one is already posted. Any thread. */
    void requestTick() {
        if (tickState == IDLE && TICK_STATE.compareAndSet(this, IDLE, POSTED)) {
            driver.post(tick);
        }
    }

    /** Whether a tick has been requested and not yet started. */
    boolean tickRequested() {
        return tickState == POSTED;
    }

    /** Schedules a timer: straight into the heap on the loop thread, through the queue otherwise. */
    void schedule(TimerTask timer, boolean onLoopThread) {
        if (onLoopThread) {
            addTimer(timer);
        } else {
            offerTimerHop(timer);
        }
    }

    void addTimer(TimerTask timer) {
        timers.add(timer);
        if (timers.peek() == timer) {
            watcher.earliestDeadline(true, timer.deadline);
        }
    }

    void removeTimer(TimerTask timer) {
        timers.remove(timer);
    }

    int timerCount() {
        return timers.size();
    }

    /** Nanoseconds until the earliest timer is due (0 if it is), or -1 if there is no timer. */
    long nanosToNextTimer() {
        TimerTask top = timers.peek();
        return top == null ? -1 : Math.max(0, top.deadline - clock.nanoTime());
    }

    /** The earliest deadline; only meaningful when {@link #timerCount()} is positive. */
    long nextDeadline() {
        TimerTask top = timers.peek();
        return top == null ? 0 : top.deadline;
    }

    /** Takes every timer out of the heap, cancelled, as the loop closes. */
    void cancelAllTimers() {
        for (TimerTask t : timers.clear()) {
            t.cancelForClose();
        }
        watcher.earliestDeadline(false, 0);
    }

    /** Runs ticks until nothing is queued; for close and the test loop. Loop thread. */
    void drain() {
        while (!queue.isEmpty() || tickRequested()) {
            runTick();
        }
    }

    /** One tick. Loop thread; posted through the driver, or called by the loop's own thread. */
    void runTick() {
        tickDepth++;
        try {
            tick();
        } finally {
            tickDepth--;
        }
    }

    private void tick() {
        tickState = IDLE; // see the NOTE on tickState
        final long epoch = ++tickEpoch;
        final long start = System.nanoTime();
        final long budgetEnd = start + budgetNanos;
        final long seqLimit = timers.nextSeq();
        final boolean debug = reporter.debug();
        final Task last = queue.snapshot();
        if (!queue.isEmpty() || timerDue()) {
            // Posted now, the follow-up tick also runs inside a nested toolkit loop (a modal dialog)
            // that a callback of this tick may enter; without it the rest of this tick's work would
            // wait for the dialog to close. Unneeded, it finds nothing to do.
            requestTick();
        }
        boolean more = runQueued(last, start, budgetEnd, epoch, debug);
        if (!more && epoch == tickEpoch) {
            more = fireTimers(budgetEnd, epoch, seqLimit, debug);
        }
        finishTick(epoch, start, more);
    }

    private boolean timerDue() {
        TimerTask top = timers.peek();
        return top != null && top.deadline - clock.nanoTime() <= 0;
    }

    private boolean runQueued(Task last, long now, long budgetEnd, long epoch, boolean debug) {
        if (queue.isEmpty()) {
            return false;
        }
        long ran = 0;
        long taken = 0;
        int sinceCheck = 0;
        long lastCheck = now;
        LagHistogram lag = stats.lag;
        try {
            for (;;) {
                if (queue.reached(last)) {
                    return !queue.isEmpty();
                }
                Task t = queue.poll();
                if (t == null) {
                    return !queue.isEmpty(); // a producer is mid-offer: the next tick takes it
                }
                if (t.isCallback()) {
                    taken++;
                    lag.record(now - t.enqueuedAt);
                }
                if (runGuarded(t, false, debug)) {
                    ran++;
                }
                if (epoch != tickEpoch || t == last) {
                    return epoch != tickEpoch;
                }
                if (++sinceCheck >= stride) {
                    sinceCheck = 0;
                    now = System.nanoTime();
                    adaptStride(now - lastCheck);
                    lastCheck = now;
                    if (now - budgetEnd >= 0) {
                        return true;
                    }
                }
            }
        } finally {
            ranInTick += ran;
            takenInTick += taken;
        }
    }

    /** Looks at the clock less often while callbacks are short, at every callback once one is long. */
    private void adaptStride(long sinceLastCheck) {
        if (sinceLastCheck > budgetNanos >> 4) {
            stride = 1;
        } else if (sinceLastCheck < budgetNanos >> 8 && stride < MAX_STRIDE) {
            stride <<= 1;
        }
    }

    private boolean fireTimers(long budgetEnd, long epoch, long seqLimit, boolean debug) {
        long now = clock.nanoTime();
        TimerTask t;
        while ((t = timers.peek()) != null && t.deadline - now <= 0 && t.seq < seqLimit) {
            timers.poll();
            if (runGuarded(t, true, debug)) {
                ranInTick++;
            }
            if (epoch != tickEpoch || System.nanoTime() - budgetEnd >= 0) {
                return true;
            }
        }
        return false;
    }

    private boolean runGuarded(Task t, boolean asTimer, boolean debug) {
        long started = debug ? System.nanoTime() : 0;
        try {
            return asTimer ? ((TimerTask) t).fire() : t.run();
        } catch (Throwable error) {
            reporter.callbackFailed(t, error);
            return true;
        } finally {
            if (debug) {
                reporter.checkSlow(t, System.nanoTime() - started);
            }
        }
    }

    private void finishTick(long epoch, long start, boolean more) {
        long end = System.nanoTime();
        // A tick that a nested loop interrupted has its time counted by the nested ticks.
        stats.tick(epoch == tickEpoch ? end - start : 0, ranInTick, takenInTick, timers.size());
        ranInTick = 0;
        takenInTick = 0;
        TimerTask top = timers.peek();
        watcher.earliestDeadline(top != null, top == null ? 0 : top.deadline);
        poller.tickEnded();
        if (more || !queue.isEmpty() || (top != null && top.deadline - clock.nanoTime() <= 0)) {
            requestTick();
        }
    }
}
