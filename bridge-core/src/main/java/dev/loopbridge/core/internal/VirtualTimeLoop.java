package dev.loopbridge.core.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.spi.LoopDriver;
import dev.loopbridge.core.testing.TestEventLoop;

/**
 * The {@link TestEventLoop}: the shared scheduler on a {@link VirtualClock}, driven by the thread
 * that created it (its owner) whenever that thread runs it. Only the owner may drive it.
 */
public final class VirtualTimeLoop extends BaseEventLoop implements TestEventLoop {

    /** A loop that never becomes idle has a callback that reschedules itself forever. */
    private static final int MAX_IDLE_TICKS = 1_000_000;

    /**
     * With channels registered, how long the loop waits in real time for I/O before it jumps
     * virtual time to the next timer: sockets are real, and bytes in flight deserve a moment.
     */
    private static final long IO_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final VirtualClock clock;
    private final Owner owner;

    private VirtualTimeLoop(VirtualClock clock, Owner owner, LoopOptions options) {
        super(clock, owner, options, false, l -> Watcher.NONE);
        this.clock = clock;
        this.owner = owner;
        owner.loop = this;
    }

    /** A test loop owned by the current thread, with virtual time starting at 0. */
    public static VirtualTimeLoop create(LoopOptions options) {
        return new VirtualTimeLoop(new VirtualClock(), new Owner(Thread.currentThread()), options);
    }

    @Override
    public void advance(Duration delta) {
        Objects.requireNonNull(delta, "delta");
        if (delta.isNegative()) {
            throw new IllegalArgumentException("delta: " + delta + " (expected: >= 0; time never goes back)");
        }
        checkInLoop("TestEventLoop.advance");
        long target = clock.nanoTime() + delta.toNanos();
        runUntilIdle();
        Scheduler s = scheduler();
        while (s.timerCount() > 0 && s.nextDeadline() - target <= 0) {
            clock.advanceTo(s.nextDeadline());
            runUntilIdle();
        }
        clock.advanceTo(target);
        runUntilIdle();
    }

    @Override
    public void runUntilIdle() {
        checkInLoop("TestEventLoop.runUntilIdle");
        Scheduler s = scheduler();
        Poller poller = poller();
        if (poller.hasSelector()) {
            poller.prepare();
            poller.await(0); // take the I/O that is ready now
        }
        for (int ticks = 0; s.tickRequested() || s.nanosToNextTimer() == 0; ticks++) {
            if (ticks == MAX_IDLE_TICKS) {
                throw new IllegalStateException("the test loop did not become idle after " + ticks
                        + " ticks: a callback keeps scheduling another");
            }
            s.runTick();
        }
    }

    @Override
    public Duration elapsed() {
        return Duration.ofNanos(clock.nanoTime());
    }

    @Override
    protected boolean waitsForShutdown() {
        return false; // the owner drives the loop; a close from elsewhere completes when it next does
    }

    /**
     * Runs ticks until {@code done}: when idle, jumps virtual time to the next timer unless work
     * outside the loop (an adopted stage, blocking work) may still complete something, in which case
     * it waits for it in real time. Owner thread.
     */
    void driveUntil(BooleanSupplier done) {
        Scheduler s = scheduler();
        while (!done.getAsBoolean() && !isShutDown()) {
            Poller poller = poller();
            poller.prepare();
            if (poller.hasSelector()) {
                poller.await(0); // I/O that is ready now comes first
            }
            if (s.tickRequested() || s.nanosToNextTimer() == 0) {
                s.runTick();
            } else if (s.timerCount() > 0 && !awaitsExternalWork()) {
                if (poller.hasChannels()) {
                    poller.await(IO_GRACE_NANOS);
                    if (s.tickRequested()) {
                        continue; // I/O arrived within the grace period
                    }
                }
                clock.advanceTo(s.nextDeadline());
            } else {
                poller.await(-1);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException("interrupted while running the test loop",
                            new InterruptedException());
                }
            }
        }
    }

    /** The driver: the owner thread, which runs the loop inline when it waits for something. */
    private static final class Owner implements LoopDriver {
        private final Thread thread;
        private VirtualTimeLoop loop;

        Owner(Thread thread) {
            this.thread = thread;
        }

        @Override
        public void post(Runnable tick) {
            if (Thread.currentThread() != thread) {
                loop.poller().wake();
            }
        }

        @Override
        public boolean isLoopThread() {
            return Thread.currentThread() == thread;
        }

        @Override
        public String threadName() {
            return "the test loop's owner thread \"" + thread.getName() + "\"";
        }

        @Override
        public NestedLoop newNestedLoop() {
            return new NestedLoop() {
                private boolean exited;

                @Override
                public void enter() {
                    loop.driveUntil(() -> exited);
                }

                @Override
                public void exit() {
                    exited = true;
                }
            };
        }
    }
}
