package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.spi.LoopDriver;
import dev.loopbridge.core.tck.CapturedLog;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * The scheduler's tick, post by post, on a toolkit the test plays itself: posted ticks are kept
 * and run only when the test says, the test thread is the toolkit's thread (or, when the test
 * says so, another thread), and time is virtual. So "how many posts", "which tick ran what" and
 * "when did the timer fire" are exact, with no thread racing the test. Test thread.
 */
class SchedulerTest {

    private static final Duration LONG_BUDGET = Duration.ofSeconds(30);

    private final VirtualClock clock = new VirtualClock();

    /** Ticks posted to the toolkit and not run yet. */
    private final List<Runnable> posted = new ArrayList<>();

    /** Every post made so far. */
    private int posts;

    /** Whether the test thread acts as the toolkit's thread (false: as any other thread). */
    private boolean onToolkitThread = true;

    /** What the loop told its watcher about the earliest deadline: "none" or the deadline. */
    private final List<String> watched = new ArrayList<>();

    private final LoopDriver toolkit = new LoopDriver() {
        @Override
        public void post(Runnable tick) {
            posts++;
            posted.add(tick);
        }

        @Override
        public boolean isLoopThread() {
            return onToolkitThread;
        }

        @Override
        public String threadName() {
            return "the test's toolkit thread";
        }

        @Override
        public NestedLoop newNestedLoop() {
            return new NestedLoop() {
                private boolean exited;

                @Override
                public void enter() {
                    while (!exited && !posted.isEmpty()) {
                        posted.remove(0).run();
                    }
                }

                @Override
                public void exit() {
                    exited = true;
                }
            };
        }
    };

    private final Watcher watcher = new Watcher() {
        @Override
        public void earliestDeadline(boolean any, long deadline) {
            watched.add(any ? String.valueOf(deadline) : "none");
        }

        @Override
        public void close() {
        }
    };

    private BaseEventLoop loop;

    @AfterEach
    void closeTheLoop() {
        if (loop != null) {
            onToolkitThread = true;
            loop.close();
        }
    }

    /** A toolkit-driven loop on this test's toolkit and clock. */
    private BaseEventLoop toolkitLoop(Duration budget) {
        return toolkitLoop(LoopOptions.defaults().withName("scheduler-test").withTickBudget(budget));
    }

    private BaseEventLoop toolkitLoop(LoopOptions options) {
        loop = new BaseEventLoop(clock, toolkit, options, false, l -> watcher);
        loop.scheduler().setToolkitDriven();
        return loop;
    }

    /** Runs the next posted tick, as the toolkit would. */
    private void runOnePost() {
        assertFalse(posted.isEmpty(), "no tick was posted");
        posted.remove(0).run();
    }

    /** Runs posted ticks until none is left; returns how many ran. */
    private int runPosts() {
        int n = 0;
        while (!posted.isEmpty()) {
            runOnePost();
            n++;
            assertTrue(n < 10_000, "the loop keeps posting ticks");
        }
        return n;
    }

    private long ticks() {
        return loop.stats().ticks();
    }

    // ---- coalescing and the follow-up post ----

    @Test
    void aLoneCallbackCostsOnePostAndNoFollowUp() {
        toolkitLoop(LONG_BUDGET);
        List<String> ran = new ArrayList<>();
        loop.execute(() -> ran.add("a"));
        assertEquals(1, posts, "the first callback posts a tick");
        assertEquals(1, runPosts());
        assertEquals(List.of("a"), ran);
        assertEquals(1, posts, "a tick that took the only callback posted a follow-up");
        assertFalse(loop.scheduler().tickRequested());
    }

    @Test
    void callbacksQueuedBeforeTheTickCostOnePostAndTheFollowUpIsPostedAsTheTickStarts() {
        toolkitLoop(LONG_BUDGET);
        List<String> ran = new ArrayList<>();
        int[] postsSeenByFirst = new int[1];
        loop.execute(() -> {
            ran.add("a");
            postsSeenByFirst[0] = posts;
        });
        for (int i = 0; i < 100; i++) {
            int n = i;
            loop.execute(() -> ran.add("b" + n));
        }
        assertEquals(1, posts, "101 callbacks queued outside a tick must cost one post");
        assertTrue(loop.scheduler().tickRequested());
        runOnePost();
        assertEquals(2, postsSeenByFirst[0], "with more than one callback waiting, the follow-up is posted before they run");
        assertEquals(101, ran.size(), "one post runs every callback queued before it");
        assertEquals("b99", ran.get(100));
        runPosts();
        assertEquals(2, posts);
        assertFalse(loop.scheduler().tickRequested(), "the follow-up found nothing to do and left the flag reset");
    }

    @Test
    void aCallbackQueuedAfterTheFlagWasResetPostsAgain() {
        toolkitLoop(LONG_BUDGET);
        loop.execute(() -> { });
        runPosts();
        assertFalse(loop.scheduler().tickRequested());
        List<String> ran = new ArrayList<>();
        onToolkitThread = false;
        loop.execute(() -> ran.add("later"));
        onToolkitThread = true;
        assertEquals(2, posts, "a callback that finds the loop idle posts a tick");
        runPosts();
        assertEquals(List.of("later"), ran);
    }

    @Test
    void callbacksQueuedByACallbackRunInALaterTickOfTheSamePost() {
        toolkitLoop(LONG_BUDGET);
        List<Long> ticksSeen = new ArrayList<>();
        loop.execute(() -> {
            ticksSeen.add(ticks());
            loop.execute(() -> {
                ticksSeen.add(ticks());
                loop.execute(() -> ticksSeen.add(ticks()));
            });
        });
        runPosts();
        assertEquals(3, ticksSeen.size());
        assertEquals(ticksSeen.get(0) + 1, ticksSeen.get(1), "a callback ran in the tick that queued it");
        assertEquals(ticksSeen.get(1) + 1, ticksSeen.get(2), "a callback ran in the tick that queued it");
    }

    // ---- the budget ----

    @Test
    void pastItsBudgetATickStopsAndTheNextPostFirstYieldsToTheToolkit() {
        toolkitLoop(Duration.ofNanos(1)); // over after the first callback
        List<List<String>> perPost = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String s : List.of("a", "b", "c")) {
            loop.execute(() -> current.add(s));
        }
        assertEquals(1, posts);
        while (!posted.isEmpty()) {
            runOnePost();
            perPost.add(List.copyOf(current));
            current.clear();
            assertTrue(perPost.size() < 20, "the loop keeps posting ticks");
        }
        // Each post that spent its budget with work left is followed by one that only goes to the
        // back of the toolkit's queue (what the toolkit queued meanwhile runs first).
        assertEquals(List.of(List.of("a"), List.of(), List.of("b"), List.of(), List.of("c")), perPost);
        assertEquals(5, posts);
    }

    @Test
    void aTickWithinItsBudgetNeitherStopsEarlyNorYields() {
        toolkitLoop(LONG_BUDGET);
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            loop.execute(() -> ran.add("c" + n));
        }
        runOnePost();
        assertEquals(1000, ran.size(), "a long budget runs the whole snapshot in one post");
        runOnePost(); // the follow-up posted at the start: nothing to do, and no yield
        assertEquals(List.of(), posted);
        assertEquals(2, posts);
    }

    // ---- timers ----

    @Test
    void aTimerNeverFiresBeforeItsDeadlineAndFiresAtIt() {
        toolkitLoop(LONG_BUDGET);
        List<Long> firedAt = new ArrayList<>();
        loop.callLater(Duration.ofMillis(10), () -> firedAt.add(clock.nanoTime()));
        runPosts();
        long deadline = TimeUnit.MILLISECONDS.toNanos(10);
        clock.advanceTo(deadline - 1);
        loop.scheduler().requestTick(); // what the watcher's thread does at the deadline it was told
        runPosts();
        assertEquals(List.of(), firedAt, "a timer fired 1 ns early");
        assertEquals(1, loop.stats().pendingTimers());
        clock.advanceTo(deadline);
        loop.scheduler().requestTick();
        runPosts();
        assertEquals(List.of(deadline), firedAt);
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void aTimerDueWhenATickStartsIsFiredByItAndCountedWithItsLateness() {
        toolkitLoop(LONG_BUDGET);
        List<String> fired = new ArrayList<>();
        loop.callLater(Duration.ofMillis(1), () -> fired.add("t"));
        clock.advanceTo(TimeUnit.MILLISECONDS.toNanos(9)); // 8 ms late
        long before = loop.stats().callbacksRun();
        loop.scheduler().requestTick();
        runOnePost();
        assertEquals(List.of("t"), fired, "the first post fires a due timer");
        runPosts();
        assertEquals(before + 1, loop.stats().callbacksRun(), "a fired timer counts as run");
        long late = loop.stats().timerLatenessP50().toNanos();
        long eight = TimeUnit.MILLISECONDS.toNanos(8);
        assertTrue(late >= eight && late <= eight + eight / 8, "lateness " + late + " ns, expected about 8 ms");
    }

    @Test
    void aTimerScheduledDueInsideATickFiresInTheNextTickWhichIsPostedForIt() {
        toolkitLoop(LONG_BUDGET);
        List<String> order = new ArrayList<>();
        long[] ticksAt = new long[2];
        loop.execute(() -> {
            ticksAt[0] = ticks();
            loop.callLater(Duration.ZERO, () -> {
                ticksAt[1] = ticks();
                order.add("timer");
            });
            order.add("callback");
        });
        runOnePost();
        assertEquals(List.of("callback"), order, "a timer that entered the heap during the tick fired in it");
        assertEquals(1, posted.size(), "the due timer left in the heap asks for another post");
        runPosts();
        assertEquals(List.of("callback", "timer"), order);
        assertEquals(ticksAt[0] + 1, ticksAt[1]);
    }

    @Test
    void aDueTimerAtTheStartOfAPostGetsItsFollowUpPostedAtOnce() {
        toolkitLoop(LONG_BUDGET);
        List<String> order = new ArrayList<>();
        int[] postsSeen = new int[1];
        loop.callLater(Duration.ofMillis(1), () -> order.add("timer"));
        loop.execute(() -> {
            postsSeen[0] = posts;
            order.add("callback");
        });
        assertEquals(1, posts);
        clock.advanceTo(TimeUnit.MILLISECONDS.toNanos(1));
        runOnePost();
        assertEquals(List.of("callback", "timer"), order, "callbacks first, then the due timers, in one tick");
        assertEquals(2, postsSeen[0], "a due timer counts as waiting work: the follow-up is posted as the tick starts");
    }

    @Test
    void timersDueTogetherFireInDeadlineOrderThenSchedulingOrder() {
        toolkitLoop(LONG_BUDGET);
        List<String> order = new ArrayList<>();
        loop.callLater(Duration.ofMillis(3), () -> order.add("3a"));
        loop.callLater(Duration.ofMillis(1), () -> order.add("1"));
        loop.callLater(Duration.ofMillis(3), () -> order.add("3b"));
        loop.callLater(Duration.ofMillis(2), () -> order.add("2"));
        loop.callLater(Duration.ofMillis(4), () -> order.add("4"));
        clock.advanceTo(TimeUnit.MILLISECONDS.toNanos(3));
        loop.scheduler().requestTick();
        runPosts();
        assertEquals(List.of("1", "2", "3a", "3b"), order);
        assertEquals(1, loop.stats().pendingTimers());
    }

    @Test
    void theWatcherHearsOfEachNewEarliestDeadlineAndOfNoneLeft() {
        toolkitLoop(LONG_BUDGET);
        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        loop.callLater(Duration.ofMillis(5), () -> { });
        assertEquals(List.of(String.valueOf(5 * ms)), watched, "the first timer is the earliest");
        loop.callLater(Duration.ofMillis(7), () -> { });
        assertEquals(List.of(String.valueOf(5 * ms)), watched, "a later timer is not news");
        loop.callLater(Duration.ofMillis(2), () -> { });
        assertEquals(List.of(String.valueOf(5 * ms), String.valueOf(2 * ms)), watched);
        watched.clear();
        clock.advanceTo(2 * ms);
        loop.scheduler().requestTick();
        runPosts();
        assertEquals(String.valueOf(5 * ms), watched.get(watched.size() - 1), "after a tick: the earliest left");
        watched.clear();
        loop.close();
        assertEquals("none", watched.get(watched.size() - 1), "closing leaves no timer");
        assertEquals(0, loop.scheduler().timerCount());
    }

    @Test
    void timerQueriesAnswerForTheEarliestTimer() {
        toolkitLoop(LONG_BUDGET);
        Scheduler s = loop.scheduler();
        assertEquals(-1, s.nanosToNextTimer(), "no timer");
        assertEquals(0, s.timerCount());
        loop.callLater(Duration.ofNanos(500), () -> { });
        loop.callLater(Duration.ofNanos(300), () -> { });
        assertEquals(2, s.timerCount());
        assertEquals(300, s.nextDeadline());
        assertEquals(300, s.nanosToNextTimer());
        clock.advanceTo(100);
        assertEquals(200, s.nanosToNextTimer());
        clock.advanceTo(400);
        assertEquals(0, s.nanosToNextTimer(), "an overdue timer is due now, not in negative time");
    }

    // ---- what a tick counts ----

    @Test
    void callbacksRunCountsCallbacksAndTimersNotTimerHopsNorCancelledCallbacks() {
        toolkitLoop(LONG_BUDGET);
        loop.execute(() -> { });
        loop.callSoon(() -> { });
        loop.callSoon(() -> { }).cancel();
        onToolkitThread = false;
        loop.callLater(Duration.ZERO, () -> { }); // hops through the queue into the heap
        onToolkitThread = true;
        runPosts();
        assertEquals(3, loop.stats().callbacksRun(), "two callbacks and a timer ran");
        assertEquals(0, loop.stats().pendingCallbacks());
    }

    @Test
    void aFailingCallbackIsReportedAndTheTickGoesOn() {
        toolkitLoop(LONG_BUDGET);
        List<String> reported = new ArrayList<>();
        loop.setExceptionHandler((l, error, context) -> reported.add(error.getMessage()));
        List<String> ran = new ArrayList<>();
        loop.execute(() -> {
            throw new IllegalStateException("execute");
        });
        loop.callSoon(() -> {
            throw new IllegalStateException("callSoon");
        });
        loop.callLater(Duration.ZERO, () -> {
            throw new IllegalStateException("timer");
        });
        loop.execute(() -> ran.add("after"));
        runPosts();
        assertEquals(List.of("execute", "callSoon", "timer"), reported);
        assertEquals(List.of("after"), ran);
        assertEquals(4, loop.stats().callbacksRun(), "a callback that threw still ran");
    }

    // ---- nested loops ----

    @Test
    void aNestedLoopRunsTheRestOfTheTickInOrderAndTheOuterTickEndsWhenItReturns() {
        toolkitLoop(LONG_BUDGET);
        List<String> ran = new ArrayList<>();
        LoopDriver.NestedLoop[] nested = new LoopDriver.NestedLoop[1];
        loop.execute(() -> {
            ran.add("dialog opens");
            nested[0] = toolkit.newNestedLoop();
            nested[0].enter(); // runs the posted follow-up, which runs b and c
            ran.add("dialog closed");
        });
        loop.execute(() -> ran.add("b"));
        loop.execute(() -> {
            ran.add("c");
            nested[0].exit();
        });
        runPosts();
        assertEquals(List.of("dialog opens", "b", "c", "dialog closed"), ran, "callbacks ran twice or out of order");
        assertEquals(0, loop.stats().pendingCallbacks());
    }

    // ---- a loop whose own thread waits (the default loop's scheduler) ----

    /** A scheduler driven by its own thread, which the test plays: it calls mayWait, awake and drain. */
    private Scheduler selfDriven() {
        Scheduler s = new Scheduler(clock, toolkit, new ErrorReporter(false, Duration.ofSeconds(1)), LONG_BUDGET.toNanos(),
                "self-driven-test", Duration.ofSeconds(10));
        s.closed(); // off the stall watch's thread
        s.setSelfDriven();
        s.setPoller(new Poller(s, false));
        return s;
    }

    private static TimerTask hop(Scheduler s, long deadline, List<String> fired, String name) {
        return new TimerTask(s, deadline, () -> fired.add(name), null, TimerTask.HOPPING);
    }

    @Test
    void anAwakeSelfDrivenLoopCostsProducersNoWakeUpAndAWaitingOneOneWakeUp() {
        Scheduler s = selfDriven();
        List<String> ran = new ArrayList<>();
        s.awake();
        assertFalse(s.hasWork());
        assertTrue(s.offer((Runnable) () -> ran.add("a")));
        assertTrue(s.offer((Runnable) () -> ran.add("b")));
        assertEquals(0, posts, "a producer woke a loop thread that is awake");
        assertTrue(s.hasWork());
        assertFalse(s.mayWait(), "the thread may not wait with callbacks queued");
        s.awake();
        s.drain();
        assertEquals(List.of("a", "b"), ran);
        assertFalse(s.hasWork());

        assertTrue(s.mayWait(), "nothing queued: the thread may wait");
        assertEquals(Long.MAX_VALUE, s.sleepingUntil, "no timer: it waits until woken");
        assertTrue(s.offer((Runnable) () -> ran.add("c")));
        assertTrue(s.offer((Runnable) () -> ran.add("d")));
        assertEquals(1, posts, "the first callback for a waiting thread wakes it, once");
        s.awake();
        assertEquals(Long.MIN_VALUE, s.sleepingUntil);
        s.drain();
        assertEquals(List.of("a", "b", "c", "d"), ran);
    }

    @Test
    void aTimerFromAnotherThreadWakesASelfDrivenLoopOnlyIfItSleepsPastTheTimersDeadline() {
        Scheduler s = selfDriven();
        List<String> fired = new ArrayList<>();
        s.awake();
        s.offerTimerHop(hop(s, 100, fired, "t100"));
        assertEquals(0, posts, "an awake thread takes the timer before it waits");
        s.drain();
        assertEquals(1, s.timerCount());

        assertTrue(s.mayWait());
        assertEquals(100, s.sleepingUntil, "the thread sleeps until its earliest timer");
        s.offerTimerHop(hop(s, 150, fired, "t150"));
        s.offerTimerHop(hop(s, 100, fired, "t100b"));
        assertEquals(0, posts, "a timer due no earlier than the wake-up needs no wake-up");
        s.offerTimerHop(hop(s, 99, fired, "t99"));
        assertEquals(1, posts, "a timer due before the wake-up wakes the thread");
        s.awake();
        s.drain();
        assertEquals(4, s.timerCount());

        clock.advanceTo(150);
        s.drain(); // nothing queued: timers fire in a tick the thread runs when one is due
        assertEquals(List.of(), fired);
        assertEquals(0, s.nanosToNextTimer());
        s.runTick();
        assertEquals(List.of("t99", "t100", "t100b", "t150"), fired);
    }

    @Test
    void aSelfDrivenLoopWithNoTimerIsWokenByAnyTimerFromAnotherThread() {
        Scheduler s = selfDriven();
        assertTrue(s.mayWait());
        s.offerTimerHop(hop(s, Long.MAX_VALUE - 1, new ArrayList<>(), "far"));
        assertEquals(1, posts);
    }

    @Test
    void aSelfDrivenLoopWhoseOnlyTimerIsAtTheEndOfTimeIsStillWokenForAnEarlierOne() {
        // callAt(Long.MAX_VALUE) is a legal deadline. Sleeping until it must not read as "awake"
        // (Long.MIN_VALUE), or a timer scheduled from another thread would wait for it.
        Scheduler s = selfDriven();
        s.addTimer(new TimerTask(s, Long.MAX_VALUE, () -> { }, null, TimerTask.SCHEDULED));
        assertTrue(s.mayWait());
        assertEquals(Long.MAX_VALUE - 1, s.sleepingUntil, "a sleeping thread reads as awake, or as having no timer");
        s.offerTimerHop(hop(s, 10, new ArrayList<>(), "soon"));
        assertEquals(1, posts, "the sleeping thread was not woken for a timer due long before its own");
    }

    @Test
    void aSelfDrivenLoopWhoseTimerIsAtTheStartOfTimeDoesNotReadAsAwake() {
        Scheduler s = selfDriven();
        s.addTimer(new TimerTask(s, Long.MIN_VALUE, () -> { }, null, TimerTask.SCHEDULED));
        s.mayWait();
        assertEquals(Long.MIN_VALUE + 1, s.sleepingUntil);
    }

    @Test
    void aLoopDrivenFromOutsideMayWaitOnlyWithNothingQueuedAndNoTickRequested() {
        Scheduler s = new Scheduler(clock, toolkit, new ErrorReporter(false, Duration.ofSeconds(1)), LONG_BUDGET.toNanos(),
                "test-loop-like", Duration.ofSeconds(10));
        s.closed();
        s.setPoller(new Poller(s, false));
        assertTrue(s.mayWait());
        assertFalse(s.hasWork());
        s.requestTick();
        assertEquals(1, posts);
        assertTrue(s.hasWork(), "a requested tick is work");
        assertFalse(s.mayWait(), "a tick is requested");
        s.runTick();
        assertFalse(s.hasWork());
        assertTrue(s.offer((Runnable) () -> { }));
        assertFalse(s.mayWait());
        s.drain();
        assertTrue(s.mayWait());
        assertEquals(3, posts, "a tick that starts with work queued requests the next one, once");
    }

    @Test
    void aTimerFromAnotherThreadWakesTheDefaultLoopWhoseOnlyTimerIsAtTheEndOfTime() throws Exception {
        BaseEventLoop own = BaseEventLoop.newDefault(LoopOptions.defaults().withName("end-of-time"));
        try {
            Thread loopThread = own.submit(() -> {
                own.callAt(Long.MAX_VALUE, () -> { });
                return Thread.currentThread();
            }).get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long giveUp = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
            while (loopThread.getState() != Thread.State.TIMED_WAITING && loopThread.getState() != Thread.State.WAITING) {
                assertTrue(System.nanoTime() - giveUp < 0, "the loop thread never went to wait");
                Thread.onSpinWait();
            }
            CompletableFuture<Void> fired = new CompletableFuture<>();
            own.callLater(Duration.ofMillis(1), () -> fired.complete(null));
            fired.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            own.close();
        }
    }

    // ---- what the scheduler says about itself ----

    @Test
    void theSchedulerKnowsWhetherItIsInATickAndOnItsThreadAndWhoDrivesIt() {
        toolkitLoop(LONG_BUDGET);
        Scheduler s = loop.scheduler();
        assertTrue(s.isToolkitDriven());
        assertFalse(selfDriven().isToolkitDriven());
        assertFalse(s.inTick());
        boolean[] inside = new boolean[1];
        loop.execute(() -> inside[0] = s.inTick());
        runPosts();
        assertTrue(inside[0], "a callback runs inside a tick");
        assertFalse(s.inTick(), "the tick is over");
        assertTrue(s.inLoop());
        onToolkitThread = false;
        assertFalse(s.inLoop());
        onToolkitThread = true;
    }

    @Test
    void aCallbackOfferedToAnIdleLoopHasItsLagMeasured() {
        toolkitLoop(LONG_BUDGET);
        long start = System.nanoTime();
        loop.execute(() -> { });
        runPosts();
        long bound = System.nanoTime() - start;
        var stats = loop.stats();
        assertTrue(stats.lagMax().toNanos() > 0 && stats.lagMax().toNanos() <= bound,
                "lag " + stats.lagMax() + ", expected between 0 and " + bound + " ns");
        assertTrue(stats.recentLagP99().toNanos() > 0 && stats.recentLagP99().toNanos() <= bound + bound / 8,
                "recent lag " + stats.recentLagP99() + ", expected between 0 and " + bound + " ns");
    }

    // ---- lag sampling, the budget clock, the stall count, the longest tick ----

    @Test
    void lagIsSampledForACallbackThatFindsTheLoopIdleAndForEverySlotOfTheQueueAtAMultipleOfTheSampleInterval() {
        toolkitLoop(LONG_BUDGET);
        LagHistogram lag = loop.scheduler().stats.lag;
        int every = Scheduler.LAG_SAMPLE_EVERY;
        loop.execute(() -> { }); // finds the loop idle (slot 0)
        for (int i = 0; i < 2 * every; i++) {
            loop.execute(() -> { }); // slots 1 to 2 * every: two of them are multiples of every
        }
        runPosts();
        assertEquals(3, lag.count(), "lag samples among a callback finding the loop idle and " + 2 * every + " after it");
        loop.execute(() -> { }); // idle again
        for (int i = 0; i < every; i++) {
            loop.execute(() -> { }); // one multiple of every among them
        }
        runPosts();
        assertEquals(5, lag.count(), "a callback finding the loop idle again, then one of the next " + every);
    }

    @Test
    void theBudgetClockIsArmedFromABatchsSecondCallbackUntilTheBatchEnds() {
        toolkitLoop(LONG_BUDGET);
        int base = LoopWatch.armedBatches();
        List<Integer> armed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            loop.execute(() -> armed.add(LoopWatch.armedBatches() - base));
        }
        runOnePost();
        assertEquals(List.of(0, 1, 1), armed, "armed after the first callback, once");
        assertEquals(base, LoopWatch.armedBatches(), "the batch ended with the clock still armed");
        runPosts();
        armed.clear();
        loop.execute(() -> armed.add(LoopWatch.armedBatches() - base));
        runPosts();
        assertEquals(List.of(0), armed);
        assertEquals(base, LoopWatch.armedBatches(), "a lone callback armed the clock");
    }

    @Test
    void aLoneCallbackAndTheTimersAfterItInItsTickLeaveTheBudgetClockUnarmed() {
        toolkitLoop(LONG_BUDGET);
        int base = LoopWatch.armedBatches();
        List<String> armed = new ArrayList<>();
        loop.execute(() -> loop.callLater(Duration.ofMillis(1), () -> armed.add("timer " + (LoopWatch.armedBatches() - base))));
        runPosts(); // the timer is in the heap now, not on its way there through the queue
        loop.execute(() -> armed.add("callback " + (LoopWatch.armedBatches() - base)));
        clock.advanceTo(TimeUnit.MILLISECONDS.toNanos(1));
        runOnePost();
        assertEquals(List.of("callback 0", "timer 0"), armed,
                "one callback and a due timer in one tick: the timer reads the exact clock, nothing needs the budget clock");
        assertEquals(base, LoopWatch.armedBatches());
    }

    @Test
    void aNestedLoopsTicksDisarmTheOuterBatchsClockAndArmTheirOwn() {
        toolkitLoop(LONG_BUDGET);
        int base = LoopWatch.armedBatches();
        List<String> armed = new ArrayList<>();
        LoopDriver.NestedLoop[] nested = new LoopDriver.NestedLoop[1];
        loop.execute(() -> { });
        loop.execute(() -> {
            armed.add("outer " + (LoopWatch.armedBatches() - base));
            nested[0] = toolkit.newNestedLoop();
            nested[0].enter();
            armed.add("after " + (LoopWatch.armedBatches() - base));
        });
        loop.execute(() -> armed.add("b " + (LoopWatch.armedBatches() - base)));
        loop.execute(() -> {
            armed.add("c " + (LoopWatch.armedBatches() - base));
            nested[0].exit();
        });
        runPosts();
        // The outer batch armed after its first callback; the nested batch took that over, and
        // its own arm lasts until it ends, inside the outer callback.
        assertEquals(List.of("outer 1", "b 0", "c 1", "after 0"), armed);
        assertEquals(base, LoopWatch.armedBatches(), "a batch ended with the clock still armed");
    }

    @Test
    void aStallIsCountedInTheLoopsStats() {
        toolkitLoop(LoopOptions.defaults().withName("scheduler-test").withTickBudget(LONG_BUDGET)
                .withStallThreshold(Duration.ofMillis(20)));
        long[] seen = new long[1];
        loop.execute(() -> {
            // Stuck in one callback until the watch has counted it (or the test gives up).
            long giveUp = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
            while (loop.stats().stalls() == 0 && System.nanoTime() - giveUp < 0) {
                Thread.onSpinWait();
            }
            seen[0] = loop.stats().stalls();
        });
        runPosts();
        assertEquals(1, seen[0], "the stall watch did not count the stall, or the stats do not show it");
    }

    @Test
    void theLongestTickIsTheLongestTicksRealDuration() {
        toolkitLoop(LONG_BUDGET);
        long spin = TimeUnit.MILLISECONDS.toNanos(2);
        loop.execute(() -> { });
        runPosts();
        long start = System.nanoTime();
        loop.execute(() -> {
            long end = System.nanoTime() + spin; // a callback that takes 2 ms of real time
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        });
        runPosts();
        long bound = System.nanoTime() - start;
        long longest = loop.stats().longestTick().toNanos();
        assertTrue(longest >= spin && longest <= bound, "longest tick " + longest + " ns, expected between " + spin
                + " and " + bound);
    }

    @Test
    void timersPastTheBudgetAreLeftForTheNextTicks() {
        toolkitLoop(Duration.ofNanos(1)); // over after the first timer
        List<Long> firedInTick = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            loop.callLater(Duration.ofMillis(1), () -> firedInTick.add(ticks()));
        }
        clock.advanceTo(TimeUnit.MILLISECONDS.toNanos(1));
        loop.scheduler().requestTick();
        runPosts();
        assertEquals(3, firedInTick.size());
        assertTrue(firedInTick.get(0) < firedInTick.get(1) && firedInTick.get(1) < firedInTick.get(2),
                "due timers kept firing past the budget: ticks " + firedInTick);
        assertEquals(0, loop.stats().pendingTimers());
    }

    @Test
    void aTickStoppedByItsBudgetInItsCallbacksLeavesTheDueTimersForALaterTick() {
        toolkitLoop(Duration.ofNanos(1)); // over after the first callback
        List<String> order = new ArrayList<>();
        loop.callLater(Duration.ofMillis(1), () -> order.add("timer"));
        clock.advanceTo(TimeUnit.MILLISECONDS.toNanos(1));
        loop.execute(() -> order.add("a"));
        loop.execute(() -> order.add("b"));
        runPosts();
        // Timers come after a tick's callbacks: a tick that ran out of budget in them fires none.
        assertEquals(List.of("a", "b", "timer"), order);
    }

    @Test
    void aRunnableQueuedBeforeDebugModeWasTurnedOnRunsAndIsCounted() {
        toolkitLoop(LONG_BUDGET);
        List<String> ran = new ArrayList<>();
        loop.execute(() -> ran.add("plain")); // queued bare: no debug origin
        loop.setDebug(true);
        runPosts();
        assertEquals(List.of("plain"), ran);
        assertEquals(1, loop.stats().callbacksRun());
    }

    // ---- round 4: a producer caught mid-offer, the coarse budget clock, debug mode, the stall watch's inputs ----

    @Test
    void aProducerCaughtMidOfferEndsTheTickBeforeItsTimersAndCostsNoExtraPost() {
        toolkitLoop(LONG_BUDGET);
        List<String> order = new ArrayList<>();
        loop.callLater(Duration.ofMillis(1), () -> order.add("timer"));
        clock.advanceTo(TimeUnit.MILLISECONDS.toNanos(1));
        loop.execute(() -> order.add("a"));
        ReadyQueue queue = loop.scheduler().readyQueue();
        long slot = queue.claim(); // a producer between the two halves of its offer, as the tick begins
        try {
            runOnePost();
            assertEquals(List.of("a"), order, "the tick went on past a slot still being filled, to its timers");
        } finally {
            queue.store(slot, (Runnable) () -> order.add("b")); // the producer finishes its offer...
        }
        loop.scheduler().requestTick(); // ...and finds the flag set: no post of its own
        assertEquals(2, posts, "only the follow-up posted as the first tick began is pending");
        runPosts();
        assertEquals(List.of("a", "b", "timer"), order);
        // The batch ended within its budget: the follow-up runs at once, it does not first yield.
        assertEquals(3, posts, "a batch that ended within its budget made its next post yield to the toolkit");
    }

    @Test
    void aBusyTickThatLeftNothingQueuedEndsItsPostWithoutAnEmptyTick() {
        toolkitLoop(LONG_BUDGET);
        for (int i = 0; i < 20; i++) { // a stream's worth: the batch looks for more before it ends
            loop.execute(() -> { });
        }
        long before = ticks();
        runOnePost();
        assertEquals(before + 1, ticks(), "the batch found nothing more and still ran another tick");
        runPosts();
        assertEquals(before + 2, ticks(), "the follow-up posted as the batch began runs one tick");
    }

    @Test
    void aCallbackThatRunsPastTheBudgetBetweenTwoExactClockReadsEndsTheTickBeforeItsTimers() {
        // A budget long enough for the first, cheap, callback to double the stride: the second is
        // checked against the budget clock that LoopWatch publishes, not the exact one.
        Duration budget = Duration.ofMillis(100);
        toolkitLoop(budget);
        for (int i = 0; i < 3; i++) { // first runs of the tick's code (class loading) take longer than a budget's 256th
            loop.execute(() -> { });
        }
        runPosts();
        List<String> order = new ArrayList<>();
        loop.callLater(Duration.ofMillis(1), () -> order.add("timer"));
        clock.advanceTo(TimeUnit.MILLISECONDS.toNanos(1));
        long[] budgetOverBy = new long[1];
        loop.execute(() -> {
            order.add("a");
            budgetOverBy[0] = System.nanoTime() + budget.toNanos(); // the batch began before this
        });
        loop.execute(() -> {
            order.add("b");
            long giveUp = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
            while (LoopWatch.now() - budgetOverBy[0] < 0) { // until the budget clock shows the budget spent
                assertTrue(System.nanoTime() - giveUp < 0, "the budget clock did not move on");
                Thread.onSpinWait();
            }
        });
        loop.execute(() -> order.add("c"));
        runPosts();
        assertEquals(List.of("a", "b", "c", "timer"), order, "a tick past its budget went on to its timers");
    }

    @Test
    void inDebugModeABareRunnableIsTimedAndLoggedWhenSlow() {
        toolkitLoop(LoopOptions.defaults().withName("slow-bare").withTickBudget(LONG_BUDGET)
                .withSlowCallbackThreshold(Duration.ofNanos(1)));
        loop.execute(SchedulerTest::runForAMicrosecond); // queued bare: no debug origin
        loop.setDebug(true);
        runPosts();
        assertTrue(CapturedLog.events().stream().anyMatch(e -> e.level() == Level.WARN
                && e.message().startsWith("Executing callback dev.loopbridge.core.internal.SchedulerTest")
                && e.message().contains("slow-callback threshold")), "logged: " + CapturedLog.events());
    }

    private static void runForAMicrosecond() {
        long end = System.nanoTime() + 1_000;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /** A scheduler in debug mode, off the watch thread, driven from outside: the test calls its stall watch's check. */
    private Scheduler debugSchedulerOffTheWatchThread(String name) {
        Scheduler s = new Scheduler(clock, toolkit, new ErrorReporter(true, Duration.ofSeconds(1)), LONG_BUDGET.toNanos(),
                name, Duration.ofMillis(100));
        s.closed();
        s.setPoller(new Poller(s, false));
        return s;
    }

    /** What the stall watch says when the loop thread has been stuck here for a second (made-up times). */
    private static String stallReportedHere(StallWatch watch, String loopName) {
        long t0 = 1_000_000_000_000L;
        watch.check(t0); // the progress so far is seen now
        watch.check(t0 + TimeUnit.SECONDS.toNanos(1)); // and none since
        return CapturedLog.events().stream()
                .filter(e -> e.level() == Level.WARN && e.message().startsWith("Loop '" + loopName + "' stalled:"))
                .map(CapturedLog.Event::message).findFirst().orElseThrow(() -> new AssertionError("no stall reported"));
    }

    @Test
    void inDebugModeAStallNamesTheCallbackThatIsStuck() {
        String name = "stall-names-" + System.nanoTime();
        Scheduler s = debugSchedulerOffTheWatchThread(name);
        String[] report = new String[1];
        assertTrue(s.offer((Runnable) () -> report[0] = stallReportedHere(s.stallWatch, name)));
        s.drain();
        assertTrue(report[0].contains("stuck in one callback (callback dev.loopbridge.core.internal.SchedulerTest"),
                report[0]);
    }

    @Test
    void inDebugModeAStallBetweenCallbacksBlamesNoneOfThem() {
        String name = "stall-between-" + System.nanoTime();
        Scheduler s = debugSchedulerOffTheWatchThread(name);
        String[] report = new String[1];
        boolean[] ran = new boolean[1];
        s.setWatcher(new Watcher() {
            @Override
            public void earliestDeadline(boolean any, long deadline) {
                if (ran[0] && report[0] == null) { // at the tick's end, after its callback returned
                    report[0] = stallReportedHere(s.stallWatch, name);
                }
            }

            @Override
            public void close() {
            }
        });
        assertTrue(s.offer((Runnable) () -> ran[0] = true));
        s.drain();
        assertTrue(report[0].contains("stuck in one callback for"), "a callback that had returned was blamed: " + report[0]);
    }

    @Test
    void aLoopWhoseBatchEndedIsNotInATickForTheStallWatch() {
        toolkitLoop(LONG_BUDGET);
        Scheduler s = loop.scheduler();
        s.closed(); // off the watch thread: this test calls check, with made-up times
        loop.execute(() -> { });
        loop.execute(() -> { });
        runPosts();
        long t0 = 1_000_000_000_000L;
        s.stallWatch.check(t0); // the batch's progress is seen
        assertFalse(s.stallWatch.check(t0 + TimeUnit.SECONDS.toNanos(10)), "an idle loop still looks busy to the watch");
        assertFalse(s.stallWatch.check(t0 + TimeUnit.SECONDS.toNanos(20)));
        assertEquals(0, s.stallWatch.stalls(), "an idle loop was counted as stalled in a tick");
    }

    @Test
    void aPostedTickWakesTheParkedStallWatchSoThatATickTheToolkitNeverRunsIsReported() {
        String name = "never-run-" + System.nanoTime();
        toolkitLoop(LoopOptions.defaults().withName(name).withTickBudget(LONG_BUDGET)
                .withStallThreshold(Duration.ofMillis(20)));
        assertTrue(LoopWatch.awaitParked(TestTimeouts.TIMEOUT.toNanos(), TimeUnit.NANOSECONDS),
                "the watch thread did not park with every loop idle");
        loop.execute(() -> { }); // posted; the toolkit is busy and does not run it
        assertFalse(LoopWatch.isParked(), "a posted tick left the stall watch parked");
        CapturedLog.Event warning = CapturedLog.await(e -> e.level() == Level.WARN
                && e.message().startsWith("Loop '" + name + "' stalled:") && e.message().contains("outside the loop"),
                "the stall of a tick the toolkit does not run");
        assertTrue(warning.message().contains("its tick has waited"), warning.message());
        runPosts();
    }

    @Test
    void theRecentLagWindowMovesOnAsTicksEndAndForgetsOldLag() {
        toolkitLoop(LONG_BUDGET);
        RecentHistogram recent = loop.scheduler().stats.recentLag;
        loop.execute(() -> { }); // finds the loop idle: its lag is sampled
        runPosts();
        assertTrue(loop.stats().recentLagP99().toNanos() > 0, "no recent lag recorded");
        recent.backdate(RecentHistogram.HALF_NANOS); // the current half is over
        loop.scheduler().requestTick();
        runPosts();
        assertTrue(loop.stats().recentLagP99().toNanos() > 0, "the lag of the half just ended is still recent");
        recent.backdate(RecentHistogram.HALF_NANOS); // and the next one
        loop.scheduler().requestTick();
        runPosts();
        assertEquals(Duration.ZERO, loop.stats().recentLagP99(), "lag from two halves ago is still recent");
        assertTrue(loop.stats().lagMax().toNanos() > 0, "the all-time figure forgot it too");
    }

    @Test
    void aTickStoppedByItsBudgetInItsTimersIsRecordedAsHittingItsBudget() throws Exception {
        String name = "jfr-budget-" + System.nanoTime();
        Path file = Files.createTempFile("loopbridge-scheduler", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.loopbridge.Tick").withThreshold(Duration.ZERO);
            recording.start();
            toolkitLoop(LoopOptions.defaults().withName(name).withTickBudget(Duration.ofNanos(1)));
            List<String> fired = new ArrayList<>();
            loop.callLater(Duration.ofMillis(1), () -> fired.add("t1"));
            loop.callLater(Duration.ofMillis(1), () -> fired.add("t2"));
            clock.advanceTo(TimeUnit.MILLISECONDS.toNanos(1));
            loop.scheduler().requestTick();
            runPosts();
            assertEquals(List.of("t1", "t2"), fired);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> ticks = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.loopbridge.Tick") && name.equals(e.getString("loop")))
                .toList();
        Files.delete(file);
        RecordedEvent first = ticks.stream().filter(e -> e.getLong("callbacks") == 1).findFirst()
                .orElseThrow(() -> new AssertionError("no Tick event fired a timer: " + ticks));
        assertTrue(first.getBoolean("budgetHit"), "a tick stopped at its budget with a due timer left: " + first);
    }

    @Test
    void aSlowCallbackEventSaysWhereTheCallbackWasScheduledInDebugModeOnly() throws Exception {
        String name = "jfr-origin-" + System.nanoTime();
        Path file = Files.createTempFile("loopbridge-scheduler", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.loopbridge.SlowCallback").withThreshold(Duration.ZERO);
            recording.start();
            toolkitLoop(LoopOptions.defaults().withName(name).withTickBudget(LONG_BUDGET));
            loop.callSoon(() -> { }); // debug mode off: no origin recorded
            runPosts();
            loop.setDebug(true);
            loop.callSoon(() -> { });
            runPosts();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> slow = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.loopbridge.SlowCallback") && name.equals(e.getString("loop")))
                .toList();
        Files.delete(file);
        assertEquals(2, slow.size(), "SlowCallback events at a zero threshold: " + slow);
        assertEquals(null, slow.get(0).getString("origin"), "an origin outside debug mode: " + slow.get(0));
        String origin = slow.get(1).getString("origin");
        assertTrue(origin != null && origin.contains("scheduled at"), "no origin in debug mode: " + slow.get(1));
    }

    // ---- the end ----

    @Test
    void sealAndDrainRunsWhatWasOfferedAndRefusesWhatComesAfter() {
        // A scheduler of its own: the queue is sealed once, and here by the test, not by a loop's close.
        Scheduler s = new Scheduler(clock, toolkit, new ErrorReporter(false, Duration.ofSeconds(1)), LONG_BUDGET.toNanos(),
                "seal-test", Duration.ofSeconds(10));
        s.closed(); // off the stall watch's thread
        s.setToolkitDriven();
        s.setPoller(new Poller(s, false));
        List<String> ran = new ArrayList<>();
        assertTrue(s.offer((Runnable) () -> ran.add("before")));
        assertEquals(1, posts);
        s.sealAndDrain();
        assertEquals(List.of("before"), ran, "what was offered before the seal must run");
        posted.clear();
        assertFalse(s.offer((Runnable) () -> ran.add("after")), "an offer after the seal was taken");
        assertEquals(1, posts, "a refused offer posted a tick");
        assertEquals(List.of("before"), ran);
    }

    @Test
    void aLoopIsWatchedForStallsUntilItCloses() {
        toolkitLoop(LONG_BUDGET);
        StallWatch watch = loop.scheduler().stallWatch;
        assertTrue(LoopWatch.watches(watch), "a new loop is not watched for stalls");
        loop.close();
        assertFalse(LoopWatch.watches(watch), "a closed loop is still watched (and held by the watch thread)");
    }

    // ---- nested loops inside an async body ----

    @Test
    void anAsyncBodyThatRanANestedLoopIsStillTheBodyWhenTheNestedLoopReturns() {
        toolkitLoop(LONG_BUDGET);
        List<String> seen = new ArrayList<>();
        var result = AsyncBody.start(loop, () -> {
            LoopDriver.NestedLoop nested = toolkit.newNestedLoop();
            loop.execute(() -> {
                seen.add(insideABody() ? "nested tick: inside the body" : "nested tick: outside any body");
                nested.exit();
            });
            nested.enter(); // a modal dialog: its ticks run here, inside the body
            seen.add(insideABody() ? "after: inside the body" : "after: outside any body");
            return "done";
        });
        runPosts();
        assertEquals(List.of("nested tick: outside any body", "after: inside the body"), seen);
        assertEquals("done", result.join());
    }

    /**
     * A batch looks for a body to hide (a thread-local lookup) only while some body is mounted:
     * the count must cover a body while it runs, and only then, or ticks inside bodies would see
     * them as theirs (above), or every tick would pay for the lookup again.
     */
    @Test
    void aBodyCountsAsMountedWhileItRunsAndNotWhileItWaitsOrOnceItIsDone() {
        toolkitLoop(LONG_BUDGET);
        int before = AsyncBody.mounted();
        LoopFuture<String> gate = loop.newFuture();
        List<Integer> inside = new ArrayList<>();
        var result = AsyncBody.start(loop, () -> {
            inside.add(AsyncBody.mounted() - before);
            String v = AsyncBody.await(gate);
            inside.add(AsyncBody.mounted() - before);
            return v;
        });
        runPosts();
        assertEquals(List.of(1), inside, "the running body did not count itself");
        assertEquals(before, AsyncBody.mounted(), "a body waiting in an await still counts as mounted");
        gate.complete("go");
        runPosts();
        assertEquals("go", result.join());
        assertEquals(List.of(1, 1), inside);
        assertEquals(before, AsyncBody.mounted(), "a finished body still counts as mounted");
    }

    // ---- the batch's rules: how often the exact clock is read, when a batch gathers ----

    @Test
    void theStrideFallsToOneOnceCallbacksTookMoreThanASixteenthOfTheBudget() {
        long budget = 10_000_000; // a sixteenth: 625,000 ns
        assertEquals(1, Scheduler.nextStride(64, 625_001, budget));
        assertEquals(1, Scheduler.nextStride(1, 5_000_000, budget));
        assertEquals(64, Scheduler.nextStride(64, 625_000, budget), "exactly a sixteenth keeps the stride");
    }

    @Test
    void theStrideDoublesWhileCallbacksTookLessThanA256thOfTheBudgetAndStopsAtItsLimit() {
        long budget = 10_000_000; // a 256th: 39,062 ns
        assertEquals(8, Scheduler.nextStride(4, 39_061, budget));
        assertEquals(2, Scheduler.nextStride(1, 0, budget));
        assertEquals(4, Scheduler.nextStride(4, 39_062, budget), "exactly a 256th keeps the stride");
        assertEquals(4, Scheduler.nextStride(4, 600_000, budget), "between the two bounds: kept");
        assertEquals(Scheduler.MAX_STRIDE, Scheduler.nextStride(Scheduler.MAX_STRIDE / 2, 10, budget));
        assertEquals(Scheduler.MAX_STRIDE, Scheduler.nextStride(Scheduler.MAX_STRIDE, 10, budget));
    }

    @Test
    void aBatchGathersOnlyAfterAShortTickThatTookCallbacksAndWasBusyOrLeftWorkQueued() {
        long shortTick = Scheduler.GATHER_NANOS - 1;
        assertTrue(Scheduler.gathers(1, shortTick, true, false), "a short busy tick");
        assertTrue(Scheduler.gathers(1, shortTick, false, true), "a short tick with work queued");
        assertFalse(Scheduler.gathers(1, shortTick, false, false), "a trickle: nothing to gather");
        assertFalse(Scheduler.gathers(0, shortTick, true, true), "a tick that took no callbacks");
        assertFalse(Scheduler.gathers(1, Scheduler.GATHER_NANOS, true, true), "a tick that did real work");
        assertFalse(Scheduler.gathers(1, 5_000_000, true, true));
    }

    @Test
    void aTickIsBusyFromSixteenCallbacks() {
        assertFalse(Scheduler.isBusy(0));
        assertFalse(Scheduler.isBusy(Scheduler.BUSY_TICK - 1));
        assertTrue(Scheduler.isBusy(Scheduler.BUSY_TICK));
        assertEquals(16, Scheduler.BUSY_TICK);
    }

    private static boolean insideABody() {
        try {
            AsyncBody.isCancelled();
            return true;
        } catch (IllegalStateException notInABody) {
            return false;
        }
    }
}
