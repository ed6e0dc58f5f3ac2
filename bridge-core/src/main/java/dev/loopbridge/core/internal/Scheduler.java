package dev.loopbridge.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

import dev.loopbridge.core.internal.jfr.JfrGate;
import dev.loopbridge.core.internal.jfr.LoopEvents;
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
final class Scheduler extends SchedulerPad1 {

    private static final VarHandle TICK_STATE;

    static {
        try {
            TICK_STATE = MethodHandles.lookup().findVarHandle(SchedulerFlags.class, "tickState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int IDLE = 0;
    private static final int POSTED = 1;

    /** The longest a tick may let callbacks run between two looks at the clock. */
    static final int MAX_STRIDE = 256;

    /** {@link #sleepingUntil}: the loop's own thread is not waiting. */
    private static final long AWAKE = Long.MIN_VALUE;

    /** {@link #sleepingUntil}: the loop's own thread waits with no timer to wake it. */
    private static final long FOREVER = Long.MAX_VALUE;



    /**
     * Whether the loop's own thread runs the ticks and waits for work itself (the default loop).
     * Then the tick flag stays POSTED while that thread is awake — producers see it and post
     * nothing — and is reset only as the thread is about to wait (see {@link #mayWait()}); and
     * {@link #sleepingUntil} is maintained, so timer hops need not wake it.
     */
    private boolean selfDriven;

    final LoopClock clock;
    final LoopDriver driver;
    private final ReadyQueue queue = new ReadyQueue();
    final StatsRecorder stats = new StatsRecorder(queue);
    final ErrorReporter reporter;
    final StallWatch stallWatch;
    private final String name;

    private final TimerHeap timers = new TimerHeap();
    private final long budgetNanos;
    /** When the toolkit's next frame is due, while a backlog holds its thread (toolkit loops). Loop thread. */
    final FrameClock frames;
    private final Runnable tick = this::runTick;
    private Watcher watcher = Watcher.NONE;
    private Poller poller;

    // Loop thread only.
    private long tickEpoch;
    private int tickDepth;
    private boolean budgetClockArmed;
    private long ranInTick;
    private long takenInTick;

    Scheduler(LoopClock clock, LoopDriver driver, ErrorReporter reporter, long budgetNanos, String name,
            Duration stallThreshold) {
        sleepingUntil = AWAKE;
        this.clock = clock;
        this.driver = driver;
        this.reporter = reporter;
        this.budgetNanos = budgetNanos;
        this.name = name;
        this.frames = new FrameClock(driver);
        this.stallWatch = new StallWatch(this, name, stallThreshold);
        stats.setStallWatch(stallWatch);
        LoopWatch.register(stallWatch);
    }

    /** The loop closed: its thread is no longer watched for stalls. Any thread. */
    void closed() {
        LoopWatch.unregister(stallWatch);
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

    /**
     * Queues a user callback, a {@link CallbackTask} (a handle) or the {@code Runnable} of an
     * {@code execute} itself, and makes sure a tick will run it. Any thread.
     *
     * <p>A clock read costs more than the rest of an offer, so the lag is sampled: a callback is
     * stamped with its submission time if it finds the loop idle (its wait is the loop's wake-up
     * latency) or if its slot in the queue is a multiple of {@value #LAG_SAMPLE_EVERY}. The slot
     * decides after it is claimed, so the choice is a mask of a number the offer has anyway. One in
     * 16 cost a flood of {@code execute}s a tenth of its rate (the FX dispatch part, 4 runs each:
     * 100-105 M callbacks/s against 110-119 M/s with one in 64): a stamp is an object and a clock
     * read, against a few nanoseconds for the rest of the offer. A stream of 1,000 callbacks a
     * second behind a busy loop still gives some 15 samples a second.
     *
     * @return false if the loop has closed for good: the callback is not queued and will not run
     */
    boolean offer(Object callback) {
        long slot = queue.claim();
        if (slot < 0) {
            return false;
        }
        queue.store(slot, tickState == IDLE || (slot & (LAG_SAMPLE_EVERY - 1)) == 0
                ? new Stamped(callback, System.nanoTime()) : callback);
        requestTick();
        return true;
    }

    /** A sampled callback and when it was offered: the loop records how long it waited. */
    private record Stamped(Object callback, long offeredAt) {
    }

    /** One in this many slots of the ready queue has its callback's lag measured (see offer); a power of two. */
    static final int LAG_SAMPLE_EVERY = 64;

    /**
     * Queues I/O readiness that the loop thread found itself, between ticks or at the end of one:
     * it looks at the queue again before it waits or ends its batch, so no tick is requested.
     * Loop thread.
     */
    void offerOwn(Task task) {
        queue.offer(task); // refused only once the loop has closed, when nothing needs it any more
    }

    /** Queues internal work (a timer hop, a cancel, I/O readiness). Any thread. */
    void offerInternal(Task task) {
        if (queue.offer(task)) {
            requestTick();
        }
    }

    /** The loop's own thread drives this scheduler (see {@link #selfDriven}). Before the thread starts. */
    void setSelfDriven() {
        this.selfDriven = true;
    }

    /**
     * Queues a timer on its way into the heap, or out of it after a cancel. The loop thread takes
     * it by the timer's deadline: it is awake (and looks at the queue before it sleeps), or it
     * sleeps until an earlier deadline; otherwise it is woken. Any thread.
     */
    void offerTimerHop(TimerTask timer) {
        if (!queue.offer(timer)) {
            return; // closed for good: the scheduling thread finds the loop closed and cancels it
        }
        if (selfDriven) {
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
        // The two sentinels are moved off by one towards the middle: a thread that sleeps until
        // Long.MAX_VALUE (callAt's latest deadline) must not read as AWAKE, which is what
        // FOREVER + 1 overflowed to, or no timer hop would wake it.
        sleepingUntil = top == null ? FOREVER
                : top.deadline == AWAKE ? AWAKE + 1 : top.deadline == FOREVER ? FOREVER - 1 : top.deadline;
        if (selfDriven) {
            tickState = IDLE; // from now on a producer wakes this thread; see the NOTE on tickState
            return queue.isEmpty();
        }
        return queue.isEmpty() && tickState == IDLE;
    }

    /** The loop's own thread stopped waiting. Loop thread. */
    void awake() {
        sleepingUntil = AWAKE;
        if (selfDriven) {
            tickState = POSTED; // awake: producers need not post
        }
    }

    /** Whether work is queued or a tick requested. Loop thread. */
    boolean hasWork() {
        return selfDriven ? !queue.isEmpty() : tickState == POSTED || !queue.isEmpty();
    }

    /** Posts a tick unless one is already posted. Any thread. */
    void requestTick() {
        if (tickState == IDLE && TICK_STATE.compareAndSet(this, IDLE, POSTED)) {
            driver.post(tick);
            LoopWatch.active(); // a tick the toolkit does not run is a stall to watch for
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
        while (hasWork()) {
            runTick();
        }
    }

    /**
     * Closes the queue for good and runs what was offered before: after this no offer succeeds,
     * so a thread that offered finds out from {@link #offer}'s result whether its work will run.
     * Loop thread, as the loop closes.
     */
    void sealAndDrain() {
        queue.seal();
        drain();
    }

    /**
     * Runs ticks: posted through the driver, or called by the loop's own thread. Loop thread.
     *
     * <p>On a toolkit loop one post may run several ticks, back to back, while work keeps coming
     * and the time budget lasts: each is a tick of its own (its own snapshot, its own timers),
     * but a post through the toolkit costs microseconds, and a producer streaming callbacks would
     * otherwise pay one for every few callbacks.
     */
    void runTick() {
        if (yieldOnce) {
            // The last batch spent its whole budget, and this post was made as it began: what the
            // toolkit queued meanwhile (a pulse, input) is behind it. Going to the back of the queue
            // once lets that run first, so a backlog holds the thread for one budget at a time, not
            // two. The flag stays set: producers still need not post.
            yieldOnce = false;
            driver.post(tick);
            return;
        }
        tickDepth++;
        stallWatch.batchStarted();
        if (budgetClockArmed) {
            // A callback of the outer batch entered a nested loop: its ticks are over (it ends
            // as the nested loop returns), and this batch arms the clock for itself if it needs to.
            budgetClockArmed = false;
            LoopWatch.disarm();
        }
        // A tick inside an async body (a modal dialog's nested loop) runs callbacks that are not
        // part of the body: they must not see it as theirs.
        Object body = AsyncBody.beforeNestedLoop();
        try {
            final long batchStart = System.nanoTime();
            final boolean withIo = poller.holdsSelector(); // as the batch began: the side thread may hand I/O over during it
            // On a toolkit's thread the batch also ends before the next frame (see FrameClock).
            final long batchEnd = toolkitDriven ? frames.batchEnd(batchStart, batchStart + budgetNanos)
                    : batchStart + budgetNanos;
            tick(batchEnd, true);
            // After the first tick, not before it: what a batch does before its first callback is
            // what a lone callback waits for (see runQueued). Only awaitMore reads what this sets.
            ioSpin.woke(batchStart, withIo);
            while (toolkitDriven && lastTickCompleted && awaitMore(batchEnd)) {
                tick(batchEnd, false);
            }
            long ended = System.nanoTime();
            yieldOnce = toolkitDriven && lastTickCompleted && ended - batchEnd >= 0 && !queue.isEmpty();
            if (yieldOnce) {
                frames.backlog(batchStart, ended, budgetNanos); // the toolkit's frames must not wait for a backlog
                if (frames.forFrame()) {
                    cpuYield.run();
                }
            }
        } finally {
            if (budgetClockArmed) {
                budgetClockArmed = false;
                LoopWatch.disarm();
            }
            poller.batchEnded();
            if (toolkitDriven && (!queue.isEmpty() || timerDue())) {
                requestTick(); // what is left, or came from the loop thread's own polls, goes on in a later post
            }
            AsyncBody.afterNestedLoop(body);
            tickDepth--;
            stallWatch.progressed(tickDepth);
        }
    }

    /**
     * Whether more work arrived for this batch: at once, or within a short spin while the budget
     * lasts. A producer streaming callbacks leaves the queue empty for a moment now and then; the
     * spin lets the batch go on instead of ending it and making the producer pay for a post a few
     * callbacks later. Only a busy tick (a stream, not a trickle) is followed by a spin, which ends
     * the batch once it finds nothing for its length: an idle toolkit thread is never held.
     *
     * <p>A stream that the last tick kept up with (the tick was over in less than
     * {@value #GATHER_NANOS} ns) first gets that long to gather. A tick that starts on the first
     * nodes to arrive chases the producer node by node, and both threads slow down as they pass
     * the same cache lines back and forth: the producer writes the nodes the loop thread is
     * reading. Some way behind, each works in lines of its own, and the next tick takes hundreds
     * at once. A tick whose callbacks did real work is not followed by a wait.
     */
    private boolean awaitMore(long batchEnd) {
        long now = System.nanoTime();
        if (now - batchEnd >= 0) {
            return false;
        }
        if (gathers(takenInLastTick, lastTickNanos, lastTickBusy, !queue.isEmpty())) {
            final long gatherEnd = Math.min(now + GATHER_NANOS, batchEnd);
            do {
                Thread.onSpinWait(); // reading nothing the producers write
            } while (System.nanoTime() - gatherEnd < 0);
        }
        if (queue.hasLinked()) {
            return true;
        }
        if (poller.holdsSelector()) {
            if (!ioSpin.skipOnce()) {
                return ioSpin.spin(pollNow, linked, now, batchEnd) || !queue.isEmpty();
            }
        }
        if (!lastTickBusy && queue.isEmpty()) {
            return false;
        }
        // A stream, or a producer between the two halves of its offer: a tick now would find
        // nothing to take (and read the tail the producers exchange), so spin until a node is linked.
        final long spinEnd = Math.min(now + BATCH_SPIN_NANOS, batchEnd);
        do {
            Thread.onSpinWait();
            if (queue.hasLinked()) {
                return true;
            }
        } while (System.nanoTime() - spinEnd < 0);
        return false;
    }

    /**
     * Whether a batch lets work gather before its next tick (see awaitMore): after a tick that took
     * callbacks and was over in less than {@value #GATHER_NANOS} ns, when that tick was busy or
     * work is queued already. A slow tick did real work, and an idle trickle has nothing to gather.
     */
    static boolean gathers(long takenInLastTick, long lastTickNanos, boolean lastTickBusy, boolean queued) {
        return takenInLastTick > 0 && lastTickNanos < GATHER_NANOS && (lastTickBusy || queued);
    }

    /** Whether a tick that took {@code taken} callbacks looks like part of a stream (awaitMore). */
    static boolean isBusy(long taken) {
        return taken >= BUSY_TICK;
    }

    /**
     * The I/O poll that ends a toolkit batch holding the selector ({@link IoSpin}): a peer that
     * answers what the batch wrote keeps the conversation in one batch rather than paying a post
     * from the side thread, twice per exchange. {@value #IO_SPIN_NANOS} ns at most, within the budget.
     */
    private final IoSpin ioSpin = new IoSpin(IO_SPIN_NANOS);

    /** How long a batch that holds the selector polls for I/O before ending (see ioSpin). */
    private static final long IO_SPIN_NANOS = 50_000;

    /** The I/O poll's look at the selector. */
    private final Runnable pollNow = () -> poller.pollNow();

    /** Whether a node is linked in the ready queue: what the I/O poll looks for. */
    private final java.util.function.BooleanSupplier linked = () -> queue.hasLinked();

    /** Whether the last tick took enough callbacks to look like part of a stream (awaitMore). */
    private boolean lastTickBusy;

    /** How many callbacks the last tick took, and how long it ran (awaitMore). */
    private long takenInLastTick;
    private long lastTickNanos;

    /** How long a stream gathers after a short tick (see awaitMore). */
    static final long GATHER_NANOS = 30_000;

    /** How many callbacks make a tick busy (see awaitMore). */
    static final int BUSY_TICK = 16;

    /** How long a batch waits for more work before ending (see awaitMore). */
    private static final long BATCH_SPIN_NANOS = 20_000;

    /**
     * The flag work at the start of a posted tick. With work waiting, the follow-up tick is posted
     * at once and the flag stays set: the follow-up also runs inside a nested toolkit loop (a
     * modal dialog) that a callback of this tick may enter — without it the rest of this tick's
     * work would wait for the dialog to close — and producers, finding the flag set, never pay
     * for a post while the loop is busy. With nothing waiting the flag is reset, and the queue
     * looked at again (see the NOTE on tickState).
     */
    private void startOfPost() {
        if (toolkitDriven) {
            if (timerDue() || queue.holdsMoreThanOne()) {
                if (tickState != POSTED) {
                    tickState = POSTED; // a write only when needed: every producer reads this line
                }
                driver.post(tick);
                return;
            }
            // At most one callback waits, and this tick takes it: no follow-up, so a lone callback
            // costs one post, not two. Should it open a modal dialog, whatever comes next finds the
            // flag reset and posts its own tick, which the dialog's nested loop runs.
            tickState = IDLE;
            return;
        }
        tickState = IDLE;
        if (!queue.isEmpty() || timerDue()) {
            requestTick();
        }
    }

    /** The next post goes to the back of the toolkit's queue before it runs (see runTick). Loop thread. */
    private boolean yieldOnce;

    /**
     * Run as a backlog's batch ends for a frame (see FrameClock#forFrame): {@code Thread.yield()},
     * which lets a thread waiting for this CPU run before the next batch, the toolkit's frame timer
     * above all. With the thread busy, the timer that queues JavaFX's pulses could wait for the
     * kernel to preempt it (3.5-4 ms on a 2-core guest, in some JVMs and not others, the same with
     * plain {@code runLater}s and no loop), and the frame came that much late. Replaced by tests
     * only. Loop thread.
     */
    Runnable cpuYield = Thread::yield;

    /** Whether a toolkit's driver runs the ticks (see startOfPost). Set before the first tick. */
    private boolean toolkitDriven;

    boolean isToolkitDriven() {
        return toolkitDriven;
    }

    /** Whether this tick times each callback for the SlowCallback JFR event (a recording wants it). */
    private boolean timeCallbacks;

    /** Ticks are posted to a toolkit's thread through the driver's SPI. Before the first tick. */
    void setToolkitDriven() {
        this.toolkitDriven = true;
    }

    /** Whether the last tick ran to its end (no nested loop took over inside it). Loop thread. */
    private boolean lastTickCompleted;

    /**
     * Whether the next tick fires due timers before its callbacks: the last one's callbacks used up
     * the budget while a timer was due (asyncio has no budget, so its timers always get their
     * turn; here they get it at least every other tick). Loop thread.
     */
    private boolean timersOwed;

    /**
     * One tick, until {@code budgetEnd}. The first tick of a post resets the tick flag and posts
     * the follow-up; the ticks after it in the same post leave both as they are: the flag is still
     * set and the follow-up still pending, so what arrives after the last of them is not lost.
     */
    private void tick(long budgetEnd, boolean firstOfPost) {
        if (firstOfPost && !selfDriven) {
            startOfPost();
        }
        final long epoch = ++tickEpoch;
        final long start = System.nanoTime();
        stallWatch.progressed(tickDepth);
        final boolean jfr = JfrGate.started();
        final Object event = jfr ? LoopEvents.beginTick() : null;
        timeCallbacks = jfr && LoopEvents.slowCallbacksRecorded();
        final long seqLimit = timers.nextSeq();
        final boolean debug = reporter.debug();
        final long last = queue.snapshot();
        boolean more;
        final boolean timersFirst = timersOwed;
        timersOwed = false;
        if (timersFirst) {
            // The last tick's callbacks used up its budget while timers were due: they go first
            // now, so a callback that keeps re-queueing itself cannot hold a timer back for good.
            more = fireTimers(budgetEnd, epoch, seqLimit, debug);
            if (!more && epoch == tickEpoch) {
                more = runQueued(last, start, budgetEnd, epoch, debug);
            }
        } else {
            more = runQueued(last, start, budgetEnd, epoch, debug);
            if (!more && epoch == tickEpoch) {
                more = fireTimers(budgetEnd, epoch, seqLimit, debug);
            } else if (more && epoch == tickEpoch && queue.reached(last) && timerDue()) {
                // The budget ran out after the snapshot's last callback: what is queued now came
                // during this tick, after these timers were due. (Stopped inside the snapshot,
                // the rest of it keeps its place before the timers.) Never two timers-first
                // ticks in a row: the callbacks get theirs.
                timersOwed = true;
            }
        }
        lastTickCompleted = epoch == tickEpoch;
        lastTickBusy = isBusy(takenInTick);
        if (event != null) {
            LoopEvents.endTick(event, name, ranInTick, more);
        }
        finishTick(epoch, start, more);
        stallWatch.progressed(tickDepth);
    }

    private boolean timerDue() {
        TimerTask top = timers.peek();
        return top != null && top.deadline - clock.nanoTime() <= 0;
    }

    /**
     * Runs the callbacks of the snapshot until {@code last}, a nested loop, or the budget's end.
     *
     * <p>A sampled callback's lag (how long it waited, until {@code now}) is recorded after it ran,
     * not before: a lone callback posted to an idle toolkit thread waits for every line the tick
     * touches before it runs, and on a thread whose caches the last frame evicted each one costs
     * a miss (the lag histograms were two of those lines, 0.2 us at the median).
     *
     * <p>The budget is watched two ways. The exact clock ({@code System.nanoTime()}, about 25 ns)
     * is read after the first callback and then every {@code stride} callbacks, the stride
     * doubling while callbacks are cheap and falling back to one as soon as they are not; it starts
     * at one in every tick, so what earlier ticks learned (a flood of no-ops) never lets expensive
     * callbacks run unchecked. Between those reads, the {@link LoopWatch} (a memory load) is read
     * after every callback: should one turn out expensive in the middle of a stride, the tick ends
     * within that clock's period after the budget, plus the callback that was running.
     */
    private boolean runQueued(long last, long now, long budgetEnd, long epoch, boolean debug) {
        if (queue.isEmpty()) {
            return false;
        }
        long ran = 0;
        long taken = 0;
        int stride = 1;
        int sinceCheck = 0;
        long lastCheck = now;
        try {
            for (;;) {
                if (queue.reached(last)) {
                    return false; // the snapshot is done; what came since waits for the next tick
                }
                Object item = queue.poll();
                if (item == null) {
                    return !queue.isEmpty(); // a producer is mid-offer: the next tick takes it
                }
                Stamped sampled = null;
                if (item instanceof Stamped s) {
                    sampled = s;
                    item = s.callback;
                }
                boolean userCode;
                if (item instanceof Task t) {
                    if (t.isCallback()) {
                        taken++;
                    }
                    userCode = runGuarded(t, false, debug);
                } else {
                    taken++;
                    userCode = runPlain((Runnable) item, debug);
                }
                if (userCode) {
                    ran++;
                }
                if (sampled != null) {
                    stats.recordLag(now - sampled.offeredAt);
                }
                if (epoch != tickEpoch) {
                    return true;
                }
                if (++sinceCheck >= stride) {
                    sinceCheck = 0;
                    now = System.nanoTime();
                    if (!budgetClockArmed && !queue.reached(last)) {
                        // A second callback follows: this batch may run long. A lone callback never
                        // arms the clock, nor do the timers after it (they read the exact clock).
                        budgetClockArmed = true;
                        LoopWatch.arm();
                    }
                    stride = nextStride(stride, now - lastCheck, budgetNanos);
                    lastCheck = now;
                    if (now - budgetEnd >= 0) {
                        return true;
                    }
                } else if (LoopWatch.now() - budgetEnd >= 0) {
                    return true;
                }
            }
        } finally {
            ranInTick += ran;
            takenInTick += taken;
        }
    }

    /**
     * Runs the {@code Runnable} of an {@code execute}, which came without a node of its own: one
     * is made only when something needs to name it (debug mode, a JFR recording, an exception).
     */
    private boolean runPlain(Runnable r, boolean debug) {
        if (debug || timeCallbacks) {
            return runGuarded(CallbackTask.of(r, null), false, debug);
        }
        try {
            r.run();
        } catch (Throwable error) {
            reporter.callbackFailed(CallbackTask.of(r, null), error);
        }
        return true;
    }

    /**
     * How many callbacks the tick runs before it reads the exact clock again, after {@code stride}
     * callbacks took {@code sinceLastCheck} ns of a {@code budgetNanos} budget: one as soon as they
     * took more than a sixteenth of it, twice as many (up to {@value #MAX_STRIDE}) while they took
     * less than a 256th, the same in between. So the clock is read less often while callbacks are
     * short, and at every callback once one is long.
     */
    static int nextStride(int stride, long sinceLastCheck, long budgetNanos) {
        if (sinceLastCheck > budgetNanos >> 4) {
            return 1;
        }
        return sinceLastCheck < budgetNanos >> 8 && stride < MAX_STRIDE ? stride << 1 : stride;
    }

    private boolean fireTimers(long budgetEnd, long epoch, long seqLimit, boolean debug) {
        long now = clock.nanoTime();
        TimerTask t;
        while ((t = timers.peek()) != null && t.deadline - now <= 0 && t.seq < seqLimit) {
            timers.poll();
            stats.timerLateness.record(now - t.deadline);
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
        long started = 0;
        if (debug) {
            started = System.nanoTime();
            stallWatch.running(t);
        }
        Object event = timeCallbacks ? LoopEvents.beginCallback() : null;
        try {
            return asTimer ? ((TimerTask) t).fire() : t.run();
        } catch (Throwable error) {
            reporter.callbackFailed(t, error);
            return true;
        } finally {
            if (event != null) {
                LoopEvents.endCallback(event, name, t.describe(), debug ? ErrorReporter.scheduledAt(t.origin()) : null);
            }
            if (debug) {
                stallWatch.running(null);
                reporter.checkSlow(t, System.nanoTime() - started);
            }
        }
    }

    private void finishTick(long epoch, long start, boolean more) {
        long end = System.nanoTime();
        stats.rotate(end); // at the end: a tick touches no stats before its first callback (see runQueued)
        takenInLastTick = takenInTick;
        lastTickNanos = end - start;
        // A tick that a nested loop interrupted has its time counted by the nested ticks.
        stats.tick(epoch == tickEpoch ? end - start : 0, ranInTick, queue.taken(), timers.size());
        ranInTick = 0;
        takenInTick = 0;
        TimerTask top = timers.peek();
        watcher.earliestDeadline(top != null, top == null ? 0 : top.deadline);
        poller.tickEnded();
        if (!toolkitDriven && (more || !queue.isEmpty() || (top != null && top.deadline - clock.nanoTime() <= 0))) {
            requestTick();
        }
    }

    /** For tests: the ready queue, to hold a producer between the two halves of its offer. */
    ReadyQueue readyQueue() {
        return queue;
    }
}

/**
 * The fields of {@link Scheduler} that producers read on every offer, padded onto a cache line of
 * their own (superclass fields are laid out first): the loop thread writes its tick counters at
 * every callback, and sharing a line with them would cost producers a cache miss each time.
 */
abstract class SchedulerPad0 {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
}

/** The tick flag and the sleep deadline, read by producers. */
abstract class SchedulerFlags extends SchedulerPad0 {
    /**
     * IDLE -> POSTED: whoever finds work for the loop (any thread) wins the CAS and posts one tick
     * through the driver; everyone else sees POSTED and posts nothing. POSTED -> IDLE: the loop
     * thread, as a tick starts — or, on a self-driven loop, only as its thread is about to wait
     * (and back to POSTED when it wakes), so that producers post nothing while it is awake.
     * NOTE: the reset is a volatile write made before the tick reads the queue tail (a volatile
     * read), and producers exchange the tail before they read this flag; so an offer the tick's
     * snapshot misses always finds IDLE, or a newer POSTED, and a tick always follows it.
     */
    @SuppressWarnings("unused") // also accessed through Scheduler.TICK_STATE
    volatile int tickState;

    /**
     * For loops whose own thread waits (the default loop): the deadline it sleeps until, FOREVER,
     * or AWAKE. Written by the loop thread around each wait; read by threads that schedule or
     * cancel a timer, which need not wake a loop that wakes by the timer's deadline anyway.
     * NOTE: the loop thread writes this and then looks at the queue before it sleeps; a scheduling
     * thread offers its timer (an atomic exchange) and then reads this. Either the loop sees the
     * timer in the queue and does not sleep, or the scheduler sees the sleep and wakes it if needed.
     */
    volatile long sleepingUntil;
}

abstract class SchedulerPad1 extends SchedulerFlags {
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
}
