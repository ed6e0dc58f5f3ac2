package dev.loopbridge.core.internal;

import java.util.function.BooleanSupplier;

import dev.loopbridge.core.spi.LoopDriver;

/**
 * The driver of the default loop: a thread of its own that waits (until the earliest timer, or
 * until woken) and runs ticks, like asyncio's {@code SelectorEventLoop.run_forever}. The thread
 * stops once the loop is shut down. {@link #post} and {@link #isLoopThread} may be called from
 * any thread.
 */
final class ThreadDriver implements LoopDriver {

    /** How many times the thread looks for work before it parks (see spinForWork). */
    private static final int SPINS = 256;

    /** How long the thread polls for I/O after a round that handled some, before it waits (see spinForIo). */
    private static final long IO_SPIN_NANOS = 30_000;

    private final Thread thread;
    private Poller poller;
    private BaseEventLoop loop;

    /** The I/O poll's look at the selector (made once: the poll runs after every round with I/O). */
    private final Runnable pollNow = () -> poller.pollNow();

    /** The I/O poll before a wait (loop thread only; see spinForIo). */
    private final IoSpin ioSpin = new IoSpin(IO_SPIN_NANOS);

    /** What the I/O poll looks for: work, or a timer due. Set in start (loop thread reads it). */
    private BooleanSupplier workFound;

    ThreadDriver(String name) {
        this.thread = Thread.ofPlatform().name(name + "-loop").unstarted(this::drive);
    }

    void start(BaseEventLoop owner) {
        this.loop = owner;
        this.poller = owner.poller();
        Scheduler s = owner.scheduler();
        this.workFound = () -> s.hasWork() || s.nanosToNextTimer() == 0;
        thread.setName(owner.name() + "-loop");
        thread.start();
    }

    @Override
    public void post(Runnable tick) {
        if (Thread.currentThread() != thread) {
            loop.poller().wake(); // the tick flag is set: the thread runs a tick as soon as it wakes
        }
    }

    @Override
    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public String threadName() {
        return "the loop thread \"" + thread.getName() + "\"";
    }

    @Override
    public NestedLoop newNestedLoop() {
        throw new IllegalStateException("runUntilComplete was called on " + threadName()
                + ", inside a callback: the default loop cannot wait for itself. Chain the rest of"
                + " the work on the future (thenCompose, thenAccept), or call runUntilComplete"
                + " from another thread");
    }

    @Override
    public void close() {
        loop.poller().wake();
    }

    /** Waits until {@link #thread} has ended. Any other thread. */
    void join() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Spins briefly for work before the thread parks: a producer that keeps submitting then finds
     * the thread awake and pays no wake-up (a park and unpark cost microseconds each). Bounded to
     * a few microseconds, so an idle loop still sleeps at once for all practical purposes.
     */
    private static boolean spinForWork(Scheduler s) {
        for (int i = 0; i < SPINS; i++) {
            if (s.hasWork()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /**
     * Takes the I/O readiness there is right now, without waiting, and returns whether that made
     * work. Before the spin: a reply the loop's own write set off (a client and a server on one
     * loop, or a fast peer) is already there, and spinning for callbacks would only delay it.
     */
    private boolean ioReadyNow(Scheduler s) {
        if (!poller.hasSelector()) {
            return false;
        }
        poller.pollNow();
        return s.hasWork();
    }

    /**
     * After a round that handled I/O readiness: polls for more, for up to {@value #IO_SPIN_NANOS}
     * ns, before the thread waits; returns whether that found work. A peer on another thread of
     * this process (a client on the FX loop, say) or a fast one on the same machine answers within
     * tens of microseconds, and a thread blocked in select pays a wake-up for every answer, which
     * costs as much again. {@link IoSpin} decides, as for a toolkit batch's poll: a peer slower than
     * the poll soon costs one poll in 64 rounds. A round without I/O (timers, callbacks) never polls.
     */
    private boolean spinForIo() {
        if (!poller.takeIoFound() || ioSpin.skipOnce()) {
            return false;
        }
        long now = System.nanoTime();
        return ioSpin.spin(pollNow, workFound, now, now + IO_SPIN_NANOS);
    }

    /** Runs a tick; whatever escapes it (a bug, not a callback's error) is reported, and the thread lives on. */
    private void tickSafely(Scheduler s) {
        try {
            s.runTick();
        } catch (Throwable e) {
            loop.report(e, "Internal error in a tick of " + loop + " (the loop goes on)");
        }
    }

    private void drive() {
        Scheduler s = loop.scheduler();
        try {
            while (!loop.isShutDown()) {
                if (!s.hasWork() && s.nanosToNextTimer() != 0 && !ioReadyNow(s) && !spinForIo()
                        && !spinForWork(s)) {
                    // About to wait: only from here on do producers pay for waking this thread.
                    poller.prepare();
                    long wait = s.mayWait() ? s.nanosToNextTimer() : 0;
                    if (wait != 0 || poller.hasSelector()) {
                        Thread.interrupted(); // a callback's stray interrupt must not make this spin
                        poller.await(wait); // with channels registered, also polls I/O
                    }
                    s.awake();
                    ioSpin.woke(System.nanoTime(), poller.ioFound()); // an answer to a missed poll?
                } else if (poller.hasSelector()) {
                    poller.pollNow(); // busy: take I/O readiness between ticks, without waiting
                }
                if (s.hasWork() || s.nanosToNextTimer() == 0) {
                    tickSafely(s);
                }
            }
        } finally {
            loop.markTerminated();
        }
    }
}
