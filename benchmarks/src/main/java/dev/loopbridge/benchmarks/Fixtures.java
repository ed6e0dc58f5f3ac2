package dev.loopbridge.benchmarks;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.LoopStats;

/**
 * What the benchmarks share: the two contenders, waits with a deadline, and the checks that
 * nothing piled up behind a measurement. JMH's benchmark threads call it, from setup, teardown and
 * benchmark methods; nothing here runs on the loop thread or on the executor's thread, except the
 * tasks it hands them.
 *
 * <p>The contenders are LoopBridge's default loop ({@link EventLoops#newDefault()}, one thread of
 * its own) and its peer, a {@link ScheduledThreadPoolExecutor} with one core thread and the
 * remove-on-cancel policy, so that a cancelled timer leaves its queue at once, as it leaves the
 * loop's heap. Both run every task on one thread, as an event loop does.
 *
 * <h2>Stalls and hangs</h2>
 * A wait that lasts longer than {@link #STALL_MILLIS} (100 ms unless
 * {@code -Dloopbridge.bench.stallMillis=N}) is a <em>stall</em>: the contender has left work unrun
 * that it should have run within a millisecond. It is counted (in the
 * {@link StallCounter} of the benchmark thread, and in {@link #stallsInThisVm()}) and described on
 * standard output, and then, unless {@code -Dloopbridge.bench.nudge=false}, the contender is
 * <em>nudged</em>: handed one more no-op task. LoopBridge's default loop needs that nudge: its
 * ready queue can strand queued callbacks until the next submission (the consumer's stub node
 * re-enqueued behind a producer's node, after which the tick's snapshot is empty while the queue is
 * not; the loop then spins on empty ticks). Without the nudge the benchmark thread would wait for
 * ever; with it the run completes, the stall's time stays in the score, and the count reports it.
 * A smaller threshold makes each stall cost less, so that the score comes near what the contender
 * would do without them, at the price of counting ordinary hiccups (a GC pause, a descheduled
 * thread) as stalls too.
 * A wait that still has no answer after {@value #WAIT_SECONDS} s more fails the benchmark with an
 * {@link IllegalStateException} that describes the contender (for the loop, its
 * {@link LoopStats}): a hang fails the benchmark instead of stalling the run.
 */
final class Fixtures {

    /** The callback every benchmark schedules: the cost measured is the scheduling, not the work. */
    static final Runnable NOOP = () -> { };

    /** A delay no timer of a benchmark reaches: every timer is cancelled long before. */
    static final Duration ONE_HOUR = Duration.ofHours(1);

    /** How long a wait may take before it counts as a stall: -Dloopbridge.bench.stallMillis, or 100. */
    static final long STALL_MILLIS = Long.getLong("loopbridge.bench.stallMillis", 100);

    /** How long a wait may take after a stall before the benchmark fails as hung. */
    static final long WAIT_SECONDS = 10;

    /** Whether a stalled wait hands its contender one more task, which unsticks LoopBridge. */
    static final boolean NUDGE = !"false".equals(System.getProperty("loopbridge.bench.nudge"));

    /** Stalls described on standard output per VM; later ones are only counted. */
    private static final int STALLS_DESCRIBED = 3;

    private static final AtomicLong STALLS = new AtomicLong();

    private Fixtures() {
    }

    /** Starts a LoopBridge default loop with default options. */
    static EventLoop newLoop(String name) {
        return EventLoops.newDefault(LoopOptions.defaults().withName(name));
    }

    /** Starts the peer: one core thread, already running, cancelled tasks removed at once. */
    static ScheduledThreadPoolExecutor newPeer(String name) {
        ScheduledThreadPoolExecutor peer = new ScheduledThreadPoolExecutor(1,
                task -> Thread.ofPlatform().name(name).unstarted(task));
        peer.setRemoveOnCancelPolicy(true);
        peer.prestartAllCoreThreads();
        return peer;
    }

    /** Closes the loop (cancelling its timers) and prints its counters, for the run's log. */
    static void close(EventLoop loop) {
        if (loop != null) {
            System.out.println("LoopBridge " + describe(loop.stats()) + "; stalls in this VM: "
                    + stallsInThisVm());
            loop.close();
        }
    }

    /** Stops the peer and waits for its thread to end. */
    static void close(ScheduledThreadPoolExecutor peer) {
        if (peer == null) {
            return;
        }
        peer.shutdownNow();
        try {
            if (!peer.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(peer + " did not stop within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + peer, e);
        }
    }

    /** Stalls seen by this VM so far, in measurements, setup and teardown alike. */
    static long stallsInThisVm() {
        return STALLS.get();
    }

    /**
     * Waits until {@code done} is released by a task of {@code contender}, counting a stall in
     * {@code stalls} (if not null) and nudging the contender if it takes too long.
     */
    static void await(CountDownLatch done, Executor contender, StallCounter stalls) {
        try {
            if (done.await(STALL_MILLIS, TimeUnit.MILLISECONDS)) {
                return;
            }
            stalled(contender, stalls);
            if (!done.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw hung(contender);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + contender, e);
        }
    }

    /** Waits for the result of a task submitted to {@code contender}, as the latch above. */
    static <T> T await(Future<T> result, Executor contender, StallCounter stalls) {
        try {
            try {
                return result.get(STALL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stall) {
                stalled(contender, stalls);
            }
            return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw hung(contender);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a task on " + contender + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + contender, e);
        }
    }

    /**
     * Runs a no-op through {@code contender} and waits for it: since both contenders run the tasks
     * of one submitting thread in order, everything this thread gave it before has then been run.
     */
    static void barrier(Executor contender, StallCounter stalls) {
        CountDownLatch done = new CountDownLatch(1);
        contender.execute(done::countDown);
        await(done, contender, stalls);
    }

    /**
     * Schedules {@code count} timers on the loop, due between 30 minutes and 2 hours from now (the
     * benchmarks' own timers are due in 1 hour, so they land inside the heap, not at one end), and
     * waits until they are in its heap.
     */
    static void addPendingTimers(EventLoop loop, int count) {
        await(loop.submit(() -> {
            SplittableRandom random = new SplittableRandom(count);
            for (int i = 0; i < count; i++) {
                loop.callLater(pendingDelay(random), NOOP);
            }
            return null;
        }), loop, null);
    }

    /** Schedules {@code count} timers on the peer, with the same deadlines as on the loop. */
    static void addPendingTimers(ScheduledThreadPoolExecutor peer, int count) {
        SplittableRandom random = new SplittableRandom(count);
        for (int i = 0; i < count; i++) {
            peer.schedule(NOOP, pendingDelay(random).toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static Duration pendingDelay(SplittableRandom random) {
        return Duration.ofMinutes(30).plusNanos(random.nextLong(Duration.ofMinutes(90).toNanos()));
    }

    /**
     * Fails unless the loop holds exactly {@code expectedTimers} timers once all this thread
     * submitted has run: cancelled timers must not pile up in its heap.
     */
    static void checkSettled(EventLoop loop, int expectedTimers) {
        barrier(loop, null);
        // Read on the loop, in a tick after the barrier's: the counters are those of the end of
        // the barrier's tick, by which every earlier hop and cancel had been handled.
        LoopStats stats = await(loop.submit(loop::stats), loop, null);
        if (stats.pendingTimers() != expectedTimers) {
            throw new IllegalStateException("LoopBridge holds " + stats.pendingTimers()
                    + " timers after the iteration (expected: " + expectedTimers
                    + "; cancelled timers are piling up): " + describe(stats));
        }
    }

    /** Fails unless the peer's queue holds exactly {@code expectedTimers} tasks once it is idle. */
    static void checkSettled(ScheduledThreadPoolExecutor peer, int expectedTimers) {
        barrier(peer, null);
        int queued = peer.getQueue().size();
        if (queued != expectedTimers) {
            throw new IllegalStateException("the peer queues " + queued
                    + " tasks after the iteration (expected: " + expectedTimers + "): " + peer);
        }
    }

    private static void stalled(Executor contender, StallCounter stalls) {
        if (stalls != null) {
            stalls.stalls++;
        }
        long count = STALLS.incrementAndGet();
        if (count <= STALLS_DESCRIBED) {
            System.out.println("STALL #" + count + ": no answer within " + STALL_MILLIS + " ms from "
                    + state(contender) + (NUDGE ? "; nudging it with one more task" : ""));
        }
        if (NUDGE) {
            contender.execute(NOOP);
        }
    }

    private static IllegalStateException hung(Executor contender) {
        return new IllegalStateException("no answer within " + WAIT_SECONDS + " s"
                + (NUDGE ? " after a nudge" : "") + " from " + state(contender));
    }

    private static String state(Executor contender) {
        return contender instanceof EventLoop loop
                ? contender + ", " + describe(loop.stats())
                : String.valueOf(contender);
    }

    private static String describe(LoopStats s) {
        return "stats: callbacksRun=" + s.callbacksRun() + " ticks=" + s.ticks()
                + " longestTick=" + s.longestTick() + " pendingCallbacks=" + s.pendingCallbacks()
                + " pendingTimers=" + s.pendingTimers() + " lag p50/p99/max=" + s.lagP50() + "/"
                + s.lagP99() + "/" + s.lagMax();
    }
}
