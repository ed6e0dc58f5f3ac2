package dev.loopbridge.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.LoopStats;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.client.ConnectionState;

/**
 * LoopChat's soak: its embedded server in a child process ({@link ServerProcess}), killed and
 * started again on the same port every few minutes, and a crowd of LoopChat {@link ChatClient}s
 * (headless, on two default loops in this JVM) that join two channels each and say a line now and
 * then — queued when disconnected, as a user would type it. Every line carries its sender, a
 * sequence number and the time it was queued, so the {@link Ledger} knows which lines arrived
 * (at any other client), how often and how late, and which were lost: the demo promises to survive
 * a server restart without losing a message, and this counts whether it does. A {@link Sampler}
 * writes the heap, threads, descriptors, the server's memory, connections, deliveries per second,
 * delivery latency and loop lag to a TSV; {@link SoakPlot} draws it.
 *
 * <p>{@code java -cp benchmarks.jar dev.loopbridge.benchmarks.soak.LoopChatSoak MINUTES SAMPLE_SECONDS
 * RESTART_MINUTES CLIENTS MESSAGE_SECONDS OUT.tsv}; {@code benchmarks/loopchat-soak.sh} builds, runs
 * and plots. Exits 0 when no line was lost, every client was connected again within 120 s of every
 * restart, and nothing was reported to a loop's exception handler.
 * Threads: the main thread samples and ends the run, one thread restarts the server, the clients
 * live on their loops.
 */
public final class LoopChatSoak {

    /** The options, in command-line order. */
    record Settings(double minutes, int sampleSeconds, double restartMinutes, int clients, double messageSeconds,
                    Path tsv) {
        static Settings parse(String[] a) {
            return new Settings(a.length > 0 ? Double.parseDouble(a[0]) : 60, a.length > 1 ? Integer.parseInt(a[1]) : 5,
                    a.length > 2 ? Double.parseDouble(a[2]) : 5, a.length > 3 ? Integer.parseInt(a[3]) : 200,
                    a.length > 4 ? Double.parseDouble(a[4]) : 20, Path.of(a.length > 5 ? a[5] : "loopchat-soak.tsv"));
        }
    }

    private static final int LOOPS = 2;

    private final Settings settings;
    private final Ledger ledger;
    private final ServerProcess server;
    private final List<EventLoop> loops = new ArrayList<>();
    private final ChatClient[] clients;
    private final ClientBooks.Crowd crowd = new ClientBooks.Crowd();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicInteger incomplete = new AtomicInteger();   // restarts not every client came back from
    private final List<Double> recoveries = new ArrayList<>();   // guarded by: itself
    private final CountDownLatch stopRestarts = new CountDownLatch(1);
    private volatile boolean running = true;
    // The sampler thread's: the previous row's receipts and time, and this period's latencies.
    private long lastReceipts;
    private long lastSample = System.nanoTime();
    private long[] period = new long[0];

    private LoopChatSoak(Settings settings, ServerProcess server) {
        this.settings = settings;
        this.server = server;
        this.ledger = new Ledger(settings.clients());
        this.clients = new ChatClient[settings.clients()];
    }

    /**
     * Runs the soak and exits: 0 when it passed (see above), 1 otherwise.
     *
     * @param args minutes (60), seconds between samples (5), minutes between server restarts (5),
     *     clients (200), mean seconds between one client's lines (20), the TSV to write
     * @throws Exception if the run cannot start
     */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Report report = soak(settings);
        Files.writeString(Path.of(settings.tsv().toString().replaceFirst("\\.tsv$", "") + "-summary.txt"),
                report.text());
        System.out.print(report.text());
        System.exit(report.passed() ? 0 : 1);
    }

    /** What a run found: the summary printed, and the figures it is judged on. */
    record Report(String text, Ledger.Outcome outcome, int restarts, long reconnects, int incomplete, long errors) {
        /** What {@link #verdict} says: no line lost silently or repeated, every client back, no error. */
        boolean passed() {
            return verdict(outcome, errors, incomplete).contains("result: PASS");
        }
    }

    /** Runs a soak with {@code settings}; its server's output goes to {@code OUT-server.log}. */
    static Report soak(Settings settings) throws Exception {
        Path log = Path.of(settings.tsv().toString().replaceFirst("\\.tsv$", "") + "-server.log");
        Files.deleteIfExists(log);
        ServerProcess server = new ServerProcess(ServerProcess.freePort(), log);
        Thread reaper = new Thread(() -> {
            try {
                server.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "soak-server-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return new LoopChatSoak(settings, server).run();
        } finally {
            server.kill();
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }

    private Report run() throws Exception {
        long start = System.nanoTime();
        server.start();
        for (int i = 0; i < LOOPS; i++) {
            EventLoop loop = EventLoops.newDefault(LoopOptions.defaults().withName("soak-clients-" + i));
            loop.setExceptionHandler((l, error, context) -> {
                errors.incrementAndGet();
                System.err.println("soak: reported on " + l + ": " + context + ": " + error);
            });
            loops.add(loop);
        }
        for (int i = 0; i < clients.length; i++) {
            int id = i;
            EventLoop loop = loops.get(i % LOOPS);
            loop.submit(() -> startClient(id, loop)).get(30, TimeUnit.SECONDS);
        }
        Thread restarter = new Thread(this::restartEvery, "soak-restarter");
        restarter.start();
        Report report;
        try {
            sampler().run(settings.tsv(), Duration.ofMillis((long) (settings.minutes() * 60_000)),
                    Duration.ofSeconds(settings.sampleSeconds()), () -> { });
        } finally {
            running = false;
            stopRestarts.countDown();
            restarter.join();
        }
        try {
            String drain = drain();
            Ledger.Outcome outcome = ledger.outcome();
            report = new Report(summary(outcome, Duration.ofNanos(System.nanoTime() - start), drain), outcome,
                    restarts.get(), crowd.reconnects.get(), incomplete.get(), errors.get());
        } finally {
            quitAll();
            loops.forEach(EventLoop::close);
            server.kill();
        }
        return report;
    }

    // ---- the clients, each on its loop thread ----

    private Void startClient(int id, EventLoop loop) {
        int k = Math.max(1, clients.length / 10);
        String first = "#soak" + id % k;
        String second = "#soak" + (id + 1 + id / k) % k;
        List<String> channels = first.equals(second) ? List.of(first) : List.of(first, second);
        ChatClient client = new ChatClient(loop, ChatConfig.of("127.0.0.1", server.port(), "soak" + id)
                .withChannels(channels).withJitterSeed(id));
        clients[id] = client;
        ClientBooks books = new ClientBooks(id, client, ledger, crowd);
        client.addListener(books);
        client.start();
        sayLater(books, channels, new Random(id));
        return null;
    }

    /** Says a line in one of {@code channels} after 0.5-1.5 times the mean interval, and again. */
    private void sayLater(ClientBooks books, List<String> channels, Random random) {
        long millis = (long) (settings.messageSeconds() * 1000 * (0.5 + random.nextDouble()));
        books.client().loop().callLater(Duration.ofMillis(millis), () -> {
            if (running) {
                books.say(channels.get(random.nextInt(channels.size())));
                sayLater(books, channels, random);
            }
        });
    }

    // ---- the server's restarts, on the restarter thread ----

    /**
     * Kills and starts the server every {@code restartMinutes}, but not in the run's last 30 s (or
     * last quarter, if shorter): the clients should be back before the end.
     */
    private void restartEvery() {
        long every = (long) (settings.restartMinutes() * 60_000);
        long length = (long) (settings.minutes() * 60e9);
        long lastAt = System.nanoTime() + length - Math.min(30_000_000_000L, length / 4);
        try {
            while (!stopRestarts.await(every, TimeUnit.MILLISECONDS) && System.nanoTime() < lastAt) {
                long killed = System.nanoTime();
                restarts.incrementAndGet();   // counted at the kill: the plot marks the outage
                server.kill();
                server.start();
                double up = (System.nanoTime() - killed) / 1e9;
                // Time until every client is connected again (polled: this is a measurement).
                while (crowd.connected.get() < clients.length && System.nanoTime() - killed < 120e9 && running) {
                    Thread.sleep(100);
                }
                double back = (System.nanoTime() - killed) / 1e9;
                synchronized (recoveries) {
                    recoveries.add(back);
                }
                if (crowd.connected.get() < clients.length && running) {
                    incomplete.incrementAndGet();
                }
                System.out.printf(Locale.ROOT, "soak: restart %d: server up again after %.1f s, %d/%d clients"
                        + " connected after %.1f s%n", restarts.get(), up, crowd.connected.get(), clients.length, back);
            }
        } catch (IOException e) {
            System.err.println("soak: the server did not come back: " + e.getMessage());
            errors.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- sampling, on the main thread ----

    private Sampler sampler() {
        return new Sampler(List.of(
                new Sampler.Column("server_rss_mib", server::rssMib),
                new Sampler.Column("server_fds", server::descriptors),
                new Sampler.Column("server_threads", server::threads),
                new Sampler.Column("connected", crowd.connected::get),
                new Sampler.Column("restarts", restarts::get),
                new Sampler.Column("reconnects", crowd.reconnects::get),
                new Sampler.Column("log_entries", crowd.logEntries::get),
                new Sampler.Column("queued", ledger::queued),
                new Sampler.Column("confirmed", ledger::confirmed),
                new Sampler.Column("delivered", ledger::delivered),
                new Sampler.Column("receipts", ledger::receipts),
                new Sampler.Column("receipts_per_s", this::receiptsPerSecond),
                // The first of the three latency columns starts a new period; the other two read it.
                new Sampler.Column("delivery_p50_ms", () -> {
                    period = ledger.drainLatencies();
                    return Ledger.quantileMs(period, 0.5);
                }),
                new Sampler.Column("delivery_p99_ms", () -> Ledger.quantileMs(period, 0.99)),
                new Sampler.Column("delivery_max_ms", () -> Ledger.quantileMs(period, 1)),
                new Sampler.Column("duplicates", ledger::duplicates),
                new Sampler.Column("uncertain", ledger::uncertainNow),
                new Sampler.Column("recent_lag_p99_ms", () -> Sampler.ms(worst(LoopStats::recentLagP99))),
                new Sampler.Column("longest_tick_ms", () -> Sampler.ms(worst(LoopStats::longestTick))),
                new Sampler.Column("errors", errors::get)));
    }

    private double receiptsPerSecond() {
        long now = System.nanoTime();
        long receipts = ledger.receipts();
        double rate = now == lastSample ? 0 : (receipts - lastReceipts) / ((now - lastSample) / 1e9);
        lastReceipts = receipts;
        lastSample = now;
        return rate;
    }

    private Duration worst(java.util.function.Function<LoopStats, Duration> figure) {
        return loops.stream().map(l -> figure.apply(l.stats())).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    // ---- the end ----

    /** Waits until every client's queue is settled and the last lines have arrived; says how that went. */
    private String drain() throws Exception {
        long begin = System.nanoTime();
        List<CompletableFuture<Void>> settled = new ArrayList<>();
        for (ChatClient c : clients) {
            settled.add(c.loop().submit(c::whenDelivered).thenCompose(f -> f).toCompletableFuture());
        }
        String how;
        try {
            CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            how = "every client's queue settled";
        } catch (TimeoutException e) {
            how = settled.stream().filter(f -> !f.isDone()).count() + " clients' queues NOT settled within 120 s";
        }
        // The lines confirmed last may still be on their way to the receivers: wait until 3 s pass
        // without a new receipt (at most 30 s). Polled: this waits for the run to go quiet.
        long quietSince = System.nanoTime();
        long receipts = ledger.receipts();
        while (System.nanoTime() - quietSince < 3e9 && System.nanoTime() - begin < 150e9) {
            Thread.sleep(200);
            if (ledger.receipts() != receipts) {
                receipts = ledger.receipts();
                quietSince = System.nanoTime();
            }
        }
        return String.format(Locale.ROOT, "%s; drained in %.1f s", how, (System.nanoTime() - begin) / 1e9);
    }

    private void quitAll() {
        List<CompletableFuture<?>> quits = new ArrayList<>();
        for (ChatClient c : clients) {
            if (c != null) {
                quits.add(c.loop().submit(() -> c.quit("soak over")).thenCompose(f -> f).toCompletableFuture());
            }
        }
        try {
            CompletableFuture.allOf(quits.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("soak: not every client quit within 20 s: " + e);
        }
    }

    /**
     * PASS when no line was lost without its client knowing (see docs/SOAK.md, "What counts as
     * lost"), none arrived twice or out of order, every client came back after every restart and
     * nothing was reported to a loop. Lines in flight at a SIGKILL (UNCERTAIN, flagged to their
     * sender) and lines confirmed while their sender was alone in the channel (IRC keeps no
     * history) are losses no client can prevent: counted, printed, and not a failure.
     */
    static String verdict(Ledger.Outcome o, long errors, long incomplete) {
        long flagged = o.lostByStatus().getOrDefault(ChatEntry.Status.UNCERTAIN, 0L) + o.lostAloneInChannel();
        long silent = o.lost() - flagged;
        List<String> failures = new ArrayList<>();
        if (silent != 0) {
            failures.add(silent + " lines lost silently (a client thought them delivered or still queued)");
        }
        if (o.duplicates() != 0) {
            failures.add(o.duplicates() + " repeats or reorderings");
        }
        if (incomplete != 0) {
            failures.add(incomplete + " restarts after which not every client came back within 120 s");
        }
        if (errors != 0) {
            failures.add(errors + " errors reported to the loops");
        }
        if (!failures.isEmpty()) {
            return "\nresult: FAIL (" + String.join("; ", failures) + ")\n";
        }
        return String.format(Locale.ROOT, "%nresult: PASS (no line lost silently, none repeated; the %d lost were"
                + " %d in flight at a kill, each flagged UNCERTAIN to its sender, and %d confirmed while the sender"
                + " was alone in its channel)%n", o.lost(), o.lost() - o.lostAloneInChannel(), o.lostAloneInChannel());
    }

    private String summary(Ledger.Outcome o, Duration took, String drain) throws IOException {
        List<Double> rec;
        synchronized (recoveries) {
            rec = new ArrayList<>(recoveries);
        }
        rec.sort(null);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "LoopChat soak: %.1f min (%.1f planned), %d clients on %d loops,"
                + " a line every %.0f s per client on average, server restarted every %.1f min%n",
                took.toMillis() / 60_000.0, settings.minutes(), clients.length, LOOPS, settings.messageSeconds(),
                settings.restartMinutes()));
        s.append(String.format(Locale.ROOT, "restarts: %d; reconnects: %d; seconds from kill to every client"
                + " connected: %s%n", restarts.get(), crowd.reconnects.get(), rec.isEmpty() ? "-"
                : String.format(Locale.ROOT, "min %.1f, median %.1f, max %.1f", rec.get(0), rec.get(rec.size() / 2),
                        rec.get(rec.size() - 1))));
        s.append("restarts after which not every client was connected again within 120 s: ").append(incomplete.get())
                .append('\n');
        s.append("end: ").append(drain).append('\n');
        s.append(String.format(Locale.ROOT, "lines queued: %d; delivered (to at least one other client): %d;"
                + " receipts: %d; repeats or reorderings seen: %d%n", o.queued(), o.delivered(), o.receipts(),
                o.duplicates()));
        s.append(String.format(Locale.ROOT, "LOST (queued, received by nobody): %d; by the sender's last status: %s;"
                + " of the SENT ones, confirmed while the sender saw nobody else in the channel: %d%n", o.lost(),
                o.lostByStatus(), o.lostAloneInChannel()));
        s.append(String.format(Locale.ROOT, "lines ever UNCERTAIN (connection lost before the server confirmed them;"
                + " never resent here): %d, of which delivered anyway: %d%n", o.uncertain(), o.uncertainDelivered()));
        s.append("errors reported to the loops: ").append(errors.get()).append('\n');
        s.append(Sampler.ranges(settings.tsv(), List.of("heap_mib", "log_entries", "threads", "fds", "server_rss_mib",
                "server_fds", "server_threads", "receipts_per_s", "delivery_p50_ms", "delivery_p99_ms", "delivery_max_ms",
                "recent_lag_p99_ms", "longest_tick_ms")));
        s.append("load average at the end: ").append(Files.readString(Path.of("/proc/loadavg")).trim()).append('\n');
        s.append(verdict(o, errors.get(), incomplete.get()));
        return s.toString();
    }
}
