package dev.loopbridge.benchmarks.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import javafx.application.Platform;

import dev.loopbridge.benchmarks.e2e.UiToolkit.Contender;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopStats;
import dev.loopbridge.benchmarks.e2e.UiToolkit.TimerStart;

/**
 * The UI sections of the end-to-end run, one toolkit per JVM:
 * {@code java ... DispatchSection fx|swing OUT.tsv [quick|full]}. For each contender that puts work
 * on the UI thread it measures
 * <ul>
 *   <li><b>dispatch throughput</b>: a background thread posts {@value #CALLBACKS} no-op callbacks
 *       as fast as it can, then one that notes the time; callbacks run per second (median of the
 *       rounds after a warm-up of {@value #WARM_UP_ROUNDS_DEFAULT} rounds and at least 1 s), and the longest gap between frames while the backlog drains
 *       (the worst round);</li>
 *   <li><b>dispatch latency</b> from another thread: a probe thread posts one callback at a time,
 *       0.5-1.5 ms apart, and waits for it to run, the contenders taking turns probe by probe
 *       (in a new order each round); p50/p99/max of post-to-run time, with the UI thread idle and under load (a load thread
 *       posting 100 callbacks of 5 us of work each millisecond, its bursts through each contender
 *       in turn: the UI thread about half busy);</li>
 *   <li><b>timer lateness</b>: after a warm-up of 20,000 timers of 1 ms started in batches,
 *       one-shot timers of 10 ms started on the UI thread at a random phase, one at a time, the
 *       contenders taking turns timer by timer; p50/p99/max of how late each fired after its due
 *       time.</li>
 * </ul>
 * For latency and lateness, LoopBridge's p99 over each other contender's and over the best
 * peer's comes with a bootstrap interval over the rounds ({@link P99Ratio}): one p99 of a few
 * thousand samples, or of a thousand timers, moves by tens of percent between runs of one build.
 * The timers are 1,000 per contender (100 in quick mode; {@code -Dtimers=N} for another count):
 * with 300, the FX timer row's interval against the best peer was [0.33, 5.28] in one run, and
 * with 1,000 [0.45, 2.05] in the next, 143 s for the six FX contenders. The latency probes are
 * 10,000 per contender (500 in quick mode; {@code -Dprobes=N}): with 3,000 the FX loaded row's
 * interval against the best peer was [0.89, 1.01], with 10,000 [0.96, 1.00] in the next run.
 * Runs on the main thread, which only posts and waits; every wait has a deadline, and a
 * contender that misses one is recorded as failed and the section goes on.
 *
 * <p>After the dispatch part, the <b>backlog</b> part (LoopBridge only) has one loop callback queue
 * 2,000 callbacks of 0.5 ms each, a second of work, and records the longest frame gap while they
 * drain: issue 13's scenario, on a loop that has just run millions of no-op callbacks. After each
 * round the toolkit idles for as long as the drain took, and the longest frame gap meanwhile is the
 * control: how far the toolkit's own frame timer strays with nothing queued.
 *
 * <p>For profiling one contender: {@code -Donly=loopbridge} (contender ids, comma-separated) and
 * {@code -Dparts=dispatch} (of dispatch, backlog, latency, timer) narrow the section.
 */
public final class DispatchSection {

    private static final int CALLBACKS = 1_000_000;
    private static final Duration TIMER_DELAY = Duration.ofMillis(10);
    private static final long WAIT_SECONDS = 60;
    private static final int WARM_UP_TIMERS = Integer.getInteger("timerWarmUp", 20_000);
    private static final int WARM_UP_BATCH = 500;

    /**
     * Rounds of each dispatch contender run before its counted ones, at the least. With one, the
     * contender measured first ran 20-22 M/s where the same {@code execute} measured later (through
     * {@code LoopDispatchers}) ran 32-40: the JIT was still compiling the tick.
     */
    private static final int WARM_UP_ROUNDS_DEFAULT = 3;
    private static final int WARM_UP_ROUNDS = Integer.getInteger("warmUpRounds", WARM_UP_ROUNDS_DEFAULT);

    /**
     * How long each dispatch contender warms up, at the least, in rounds as many as fit: the same
     * time for every contender, as JMH warms up by time. Three rounds were not enough for the loop:
     * its round lasts 10-20 ms, against 150-300 ms for {@code runLater}'s, and the tick is called
     * once per toolkit post (a few hundred times a round), so its enclosing methods were still being
     * compiled: with three rounds the FX loop's median moved between 45 and 134 M/s from run to run
     * (2026-12-03, same build), with twenty 109-124 M/s; {@code runLater}'s was 5.2-6.9 M/s in the same runs, either way.
     */
    private static final long WARM_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("warmUpMillis", 1_000));

    private DispatchSection() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DispatchSection fx|swing OUT.tsv [quick|full]");
            System.exit(2);
        }
        boolean quick = args.length > 2 && args[2].equals("quick");
        int rounds = quick ? 3 : 5;
        int probes = Integer.getInteger("probes", quick ? 500 : 10_000);
        int timers = Integer.getInteger("timers", quick ? 100 : 1000);
        Figures figures = new Figures(Path.of(args[1]));
        ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1);
        UiToolkit ui = args[0].equals("fx") ? UiToolkit.fx(stpe) : UiToolkit.swing(stpe);
        String p = ui.id() + ".";
        figures.put(p + "toolkit", ui.title());
        List<String> only = List.of(System.getProperty("only", "").split(","));
        Predicate<String> wanted = id -> only.equals(List.of("")) || only.contains(id);
        List<String> parts = List.of(System.getProperty("parts", "dispatch,backlog,latency,timer").split(","));
        List<Contender<Executor>> dispatchers = ui.dispatchers().stream()
                .filter(c -> wanted.test(c.id())).toList();
        List<Contender<TimerStart>> timerContenders = ui.timers().stream()
                .filter(c -> wanted.test(c.id())).toList();
        for (Contender<Executor> c : parts.contains("dispatch") ? dispatchers : List.<Contender<Executor>>of()) {
            guarded(figures, p + "dispatch." + c.id(), () -> throughput(ui, c, rounds, figures, p + "dispatch." + c.id()));
        }
        if (parts.contains("backlog") && wanted.test("loopbridge")) {
            guarded(figures, p + "backlog.loopbridge", () -> {
                try (MachineStalls stalls = MachineStalls.start()) {
                    backlog(ui, stalls, figures, p + "backlog.loopbridge");
                }
            });
        }
        if (parts.contains("latency") && !dispatchers.isEmpty()) {
            figures.put(p + "latency.count", probes);
            for (boolean loaded : new boolean[] {false, true}) {
                String k = p + "latency." + (loaded ? "load." : "idle.");
                guarded(figures, k + "all", () -> {
                    long[][] samples = latency(dispatchers.stream().map(Contender::impl).toList(), probes, loaded);
                    for (int i = 0; i < dispatchers.size(); i++) {
                        figures.putPercentiles(k + dispatchers.get(i).id(), samples[i], probes, 1e3);
                    }
                    putRatios(figures, k, dispatchers, samples, probes, new boolean[dispatchers.size()]);
                });
            }
        }
        if (parts.contains("timer") && !timerContenders.isEmpty()) {
            lateness(ui, timerContenders, timers, figures, p + "timer.");
        }
        ui.loop().close();
        stpe.shutdownNow();
        if (ui.id().equals("fx")) {
            Platform.exit();
        }
        System.exit(0);
    }

    /** A measurement that may fail. */
    @FunctionalInterface
    interface Measurement {
        void run() throws Exception;
    }

    /** Runs a measurement; a failure is recorded as {@code key.error} and the section goes on. */
    static void guarded(Figures figures, String key, Measurement m) {
        try {
            m.run();
        } catch (Exception | AssertionError e) {
            figures.put(key + ".error", String.valueOf(e));
            e.printStackTrace();
        }
    }

    private static void throughput(UiToolkit ui, Contender<Executor> c, int rounds, Figures figures, String key)
            throws Exception {
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < WARM_UP_ROUNDS || System.nanoTime() - warmUntil < 0; i++) {
            round(ui, c.impl()); // not counted: until the JIT has compiled both the producer's and the UI thread's side
        }
        LoopStats before = c.impl() instanceof EventLoop loop ? loop.stats() : null;
        double[] rates = new double[rounds];
        double[] gaps = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            double[] r = round(ui, c.impl());
            rates[i] = r[0];
            gaps[i] = r[1];
        }
        figures.put(key + ".rate", Figures.median(rates));
        figures.put(key + ".gap", Figures.max(gaps));
        figures.put(key + ".gapMedian", Figures.median(gaps));
        if (c.impl() instanceof EventLoop loop) {
            // How many callbacks a tick ran on average, and the longest tick: a loop whose
            // ticks run few callbacks each pays a toolkit post for every few.
            LoopStats after = loop.stats();
            figures.put(key + ".callbacksPerTick", (after.callbacksRun() - before.callbacksRun())
                    / (double) Math.max(1, after.ticks() - before.ticks()));
            figures.put(key + ".longestTickMillis", after.longestTick().toNanos() / 1e6);
        }
    }

    /** One round: {rate per second, longest frame gap in ms}. */
    private static double[] round(UiToolkit ui, Executor post) throws Exception {
        System.gc();
        CountDownLatch last = new CountDownLatch(1);
        long[] end = new long[1];
        Runnable noop = () -> { };
        long start = System.nanoTime();
        Thread producer = Thread.ofPlatform().name("producer").start(() -> {
            for (int i = 0; i < CALLBACKS; i++) {
                post.execute(noop);
            }
            post.execute(() -> {
                end[0] = System.nanoTime();
                last.countDown();
            });
        });
        if (!last.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            producer.interrupt();
            throw new IllegalStateException(CALLBACKS + " callbacks did not run within " + WAIT_SECONDS + " s");
        }
        producer.join();
        return new double[] {CALLBACKS / ((end[0] - start) / 1e9), ui.longestGap(start, end[0])};
    }

    /** Callbacks in the expensive backlog, and what each costs: one second of work in all. */
    private static final int BACKLOG_CALLBACKS = 2_000;
    private static final long BACKLOG_CALLBACK_NANOS = 500_000;
    private static final int BACKLOG_ROUNDS = 3;

    /**
     * The scenario of issue 13, on the loop the dispatch part has just flooded with no-op
     * callbacks: one loop callback queues {@value #BACKLOG_CALLBACKS} callbacks of 0.5 ms each (a
     * second of work) and the loop drains them. Records the longest frame gap while they drain
     * (the worst of {@value #BACKLOG_ROUNDS} rounds, and the median round's) and how long the
     * drain took: the tick budget must hand the thread back to the toolkit for every frame, whatever
     * the callbacks before these cost. After each round, the control: the longest frame gap while
     * nothing is queued, for as long as the drain took (the worst of the rounds), which is as close
     * to even as the toolkit's frame timer keeps on this machine. A second control, for the worst
     * round: the longest a thread of another process woke late while it drained ({@link MachineStalls}).
     */
    private static void backlog(UiToolkit ui, MachineStalls stalls, Figures figures, String key) throws Exception {
        EventLoop loop = ui.loop();
        double[] gaps = new double[BACKLOG_ROUNDS];
        double[] stalled = new double[BACKLOG_ROUNDS];
        double[] seconds = new double[BACKLOG_ROUNDS];
        double[] idleGaps = new double[BACKLOG_ROUNDS];
        for (int r = 0; r < BACKLOG_ROUNDS; r++) {
            CompletableFuture<long[]> drained = new CompletableFuture<>();
            loop.execute(() -> {
                long start = System.nanoTime();
                int[] ran = new int[1];
                for (int i = 0; i < BACKLOG_CALLBACKS; i++) {
                    loop.execute(() -> {
                        spin(BACKLOG_CALLBACK_NANOS);
                        if (++ran[0] == BACKLOG_CALLBACKS) {
                            drained.complete(new long[] {start, System.nanoTime()});
                        }
                    });
                }
            });
            long[] span = drained.get(WAIT_SECONDS, TimeUnit.SECONDS);
            gaps[r] = ui.longestGap(span[0], span[1]);
            stalled[r] = stalls.longest(span[0], span[1]);
            seconds[r] = (span[1] - span[0]) / 1e9;
            long idleFrom = System.nanoTime();
            LockSupport.parkNanos(span[1] - span[0]);
            idleGaps[r] = ui.longestGap(idleFrom, System.nanoTime());
        }
        figures.put(key + ".idleGap", Figures.max(idleGaps));
        figures.put(key + ".gap", Figures.max(gaps));
        int worst = 0;
        for (int r = 1; r < BACKLOG_ROUNDS; r++) {
            worst = gaps[r] > gaps[worst] ? r : worst;
        }
        figures.put(key + ".stall", stalled[worst]); // what the machine took during the worst round
        figures.put(key + ".gapMedian", Figures.median(gaps));
        figures.put(key + ".seconds", Figures.median(seconds));
    }

    /**
     * Post-to-run times in nanoseconds of {@code probes} callbacks per contender, posted one at a
     * time, after 200 discarded: the contenders take turns probe by probe, in a new order each
     * round, so that each meets the same machine (measured one after the other, a contender's p99
     * moved 2-4x with whatever the machine did during its turn) and none always follows the same
     * other. Under load, the load thread's bursts also take turns.
     */
    private static long[][] latency(List<Executor> posts, int probes, boolean loaded) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread load = null;
        if (loaded) {
            load = Thread.ofPlatform().name("load").start(() -> {
                Runnable work = () -> spin(5_000);
                long next = System.nanoTime();
                int turn = 0;
                while (!stop.get()) {
                    Executor post = posts.get(turn++ % posts.size());
                    for (int i = 0; i < 100; i++) {
                        post.execute(work);
                    }
                    next += 1_000_000;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            });
        }
        try {
            long[][] samples = new long[posts.size()][probes];
            List<Integer> order = turns(posts.size());
            for (int i = -200; i < probes; i++) {
                java.util.Collections.shuffle(order, ThreadLocalRandom.current());
                for (int c : order) {
                    CompletableFuture<Long> ran = new CompletableFuture<>();
                    long posted = System.nanoTime();
                    posts.get(c).execute(() -> ran.complete(System.nanoTime()));
                    long t = ran.get(WAIT_SECONDS, TimeUnit.SECONDS) - posted;
                    if (i >= 0) {
                        samples[c][i] = t;
                    }
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(500_000, 1_500_000));
                }
            }
            return samples;
        } finally {
            stop.set(true);
            if (load != null) {
                load.join();
            }
        }
    }

    /**
     * How late each of {@code count} timers of 10 ms fired, after 20 discarded, for each contender:
     * p50/p99/max in ms (negative: early) under {@code prefix + id}. The contenders take turns timer
     * by timer, in a new order each round, as the latency probes do: measured one after the other,
     * the contender measured first ran while the JIT was still compiling what the others had warmed
     * up, and had the worst p99 of the run (the loop's {@code callLater}, first, 1.12 ms; the same
     * loop timers through {@code LoopDispatchers}, last, 0.74 ms). A contender that fails (a timer
     * off the UI thread, one that never fires) is recorded as {@code .error} and left out of the
     * rounds after.
     */
    private static void lateness(UiToolkit ui, List<Contender<TimerStart>> contenders, int count, Figures figures,
            String prefix) {
        int n = contenders.size();
        figures.put(prefix + "count", count);
        long[][] late = new long[n][count];
        boolean[] failed = new boolean[n];
        for (int c = 0; c < n; c++) {
            int k = c;
            unlessFailed(figures, prefix + contenders.get(c).id(), failed, c, () -> warmUp(ui, contenders.get(k).impl()));
        }
        List<Integer> order = turns(n);
        for (int i = -20; i < count; i++) {
            java.util.Collections.shuffle(order, ThreadLocalRandom.current());
            for (int c : order) {
                int round = i;
                unlessFailed(figures, prefix + contenders.get(c).id(), failed, c, () -> {
                    long l = oneTimer(ui, contenders.get(c).impl());
                    if (round >= 0) {
                        late[c][round] = l;
                    }
                });
            }
        }
        for (int c = 0; c < n; c++) {
            if (!failed[c]) {
                figures.putPercentiles(prefix + contenders.get(c).id(), late[c], count, 1e6);
            }
        }
        putRatios(figures, prefix, contenders, late, count, failed);
    }

    /** The contenders' indexes, {@code 0..n-1}, in a list that each round shuffles for its order of turns. */
    private static List<Integer> turns(int n) {
        return new java.util.ArrayList<>(java.util.stream.IntStream.range(0, n).boxed().toList());
    }

    /**
     * Records LoopBridge's p99 over each other contender's ({@code prefix + id + ".lbRatio"}) and
     * over the lowest of the peers' ({@code prefix + "bestPeer"}: the contenders LoopBridge did not
     * write), each with its interval ({@code .lo}, {@code .hi}; see {@link P99Ratio}), from samples
     * taken in rounds. Nothing without a LoopBridge contender that measured.
     */
    private static void putRatios(Figures figures, String prefix, List<? extends Contender<?>> contenders,
            long[][] samples, int rounds, boolean[] failed) {
        int own = -1;
        List<Integer> peers = new java.util.ArrayList<>();
        for (int c = 0; c < contenders.size(); c++) {
            if (failed[c]) {
                continue;
            }
            String id = contenders.get(c).id();
            if (id.equals("loopbridge")) {
                own = c;
            } else if (!id.equals("kotlinloop")) { // LoopDispatchers: LoopBridge's own, on the same loop
                peers.add(c);
            }
        }
        if (own < 0) {
            return;
        }
        for (int c = 0; c < contenders.size(); c++) {
            if (c != own && !failed[c]) {
                putInterval(figures, prefix + contenders.get(c).id() + ".lbRatio",
                        P99Ratio.of(samples, rounds, own, new int[] {c}));
            }
        }
        if (!peers.isEmpty()) {
            putInterval(figures, prefix + "bestPeer",
                    P99Ratio.of(samples, rounds, own, peers.stream().mapToInt(Integer::intValue).toArray()));
        }
    }

    private static void putInterval(Figures figures, String key, P99Ratio.Interval r) {
        figures.put(key, r.ratio());
        figures.put(key + ".lo", r.lo());
        figures.put(key + ".hi", r.hi());
    }

    /**
     * Runs {@code m} for contender {@code c} unless it failed before; a failure is recorded as
     * {@code key.error} (see {@link #guarded}) and marks the contender failed.
     */
    private static void unlessFailed(Figures figures, String key, boolean[] failed, int c, Measurement m) {
        if (failed[c]) {
            return;
        }
        guarded(figures, key, () -> {
            try {
                m.run();
            } catch (Exception | AssertionError e) {
                failed[c] = true;
                throw e;
            }
        });
    }

    /**
     * Starts one timer of 10 ms on the UI thread at a random phase against the frames
     * (pulse-driven timers fire on frames) and returns how late it fired, in ns; fails if it fired
     * off the UI thread.
     */
    private static long oneTimer(UiToolkit ui, TimerStart timer) throws Exception {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(0, 17_000_000));
        CompletableFuture<Long> fired = new CompletableFuture<>();
        ui.ui().execute(() -> {
            long due = System.nanoTime() + TIMER_DELAY.toNanos();
            timer.start(TIMER_DELAY, () -> {
                if (!ui.onUiThread().getAsBoolean()) {
                    fired.completeExceptionally(new IllegalStateException("a timer fired off the UI thread"));
                } else {
                    fired.complete(System.nanoTime() - due);
                }
            });
        });
        return fired.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Starts {@link #WARM_UP_TIMERS} timers of 1 ms in batches of {@link #WARM_UP_BATCH} on the UI
     * thread and waits for each batch to fire, so that the code that starts and fires the
     * contender's timers is compiled before one is measured. Without it the measured timers ran
     * their start path half-interpreted: one at a time, 27 ms apart, 320 starts are too few for the
     * JIT, and a {@code GlobalScope.launch} + {@code delay} then took about 0.2 ms on the UI thread
     * between the due time being taken and the timer being set, which the lateness counted.
     */
    private static void warmUp(UiToolkit ui, TimerStart timer) throws Exception {
        for (int started = 0; started < WARM_UP_TIMERS; started += WARM_UP_BATCH) {
            CountDownLatch fired = new CountDownLatch(WARM_UP_BATCH);
            ui.ui().execute(() -> {
                for (int i = 0; i < WARM_UP_BATCH; i++) {
                    timer.start(Duration.ofMillis(1), fired::countDown);
                }
            });
            if (!fired.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(fired.getCount() + " warm-up timers never fired");
            }
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
