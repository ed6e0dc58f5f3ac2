package dev.loopbridge.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A control for the frame-gap rows: how late a thread of <b>another process</b> on the same
 * machine woke up while a row ran. The probe (this class's {@link #main}, in a small JVM of its
 * own) sleeps {@value #NAP_NANOS} ns at a time and reports each wake-up that came more than
 * {@value #LATE_NANOS} ns late, as the span it waited: a thread that was ready to run and did not.
 *
 * <p>Why: on a virtual machine the host may take a virtual CPU away for tens of milliseconds. On
 * the 2-core guest of issue 13's runs, a plain Java ping-pong between two threads (no LoopBridge,
 * no toolkit) saw a round trip of 26.7 ms in 20 s, and a thread of a third process, sleeping 1 ms
 * at a time, stalls of 15-33 ms meanwhile; two threads that only burn CPU for 20 s left that
 * sleeper no stall over 8 ms. A pulse gap that long is then the machine's, not the loop's: the
 * report shows the probe's longest stall during the same span next to each gap, and leaves the
 * gap's verdict as it is. The probe's own thread competes for the cores with the row's threads
 * too, so the figure is an upper bound of what the machine took: contention inside the guest
 * counts as well.
 *
 * <p>Both processes read {@code System.nanoTime()}, which on Linux is the machine's monotonic
 * clock, the same in every process; {@link #start} checks that the probe's clock reads between
 * the parent's readings around its start, and fails otherwise. Spans are in nanoTime.
 *
 * <p>Thread: {@link #start} and {@link #close} on the section's main thread; {@link #longest}
 * from any thread.
 */
final class MachineStalls implements AutoCloseable {

    /**
     * How long the probe sleeps at a time: a stall that begins during a nap is counted from the
     * nap's end, so up to this much of it is missed. The probe's wake-ups cost the row's threads
     * too: against the same build without the probe, the WebSocket 64 B FX row carried a median
     * 6% fewer messages a second with a 1 ms nap, 4% with 2 ms, 2% with 5 ms (5 runs each,
     * interleaved, fewer in every pair). While both cores are busy, the probe itself wakes up to
     * about 5 ms late (the guest's own scheduling): stalls below that say nothing.
     */
    static final long NAP_NANOS = 5_000_000;

    /** How late a wake-up must be to count as a stall. */
    static final long LATE_NANOS = 2_000_000;

    /** How often the probe says that it is awake, when it has nothing else to say. */
    static final long BEAT_NANOS = 10_000_000;

    private static final long START_SECONDS = 30;

    private final Process probe;
    private final CountDownLatch started = new CountDownLatch(1);
    private final List<long[]> stalls = new ArrayList<>(); // guarded by itself

    /** The probe's clock at its latest line (set by the reader thread). */
    private volatile long probeClock;

    /** The probe's clock at its first line (set once by the reader thread, before {@link #started}). */
    private volatile long firstClock;

    /** Why the reader thread stopped early, if it did. */
    private volatile String failure;

    /** With a null probe, for tests: no stalls but those {@link #add}ed. */
    MachineStalls(Process probe) {
        this.probe = probe;
    }

    /**
     * Starts the probe in a JVM of its own (the same {@code java} and class path as this one) and
     * waits until it runs. Main thread.
     *
     * @throws IllegalStateException if it does not start, or its clock is not this process's
     */
    static MachineStalls start() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long before = System.nanoTime();
        Process p = new ProcessBuilder(java, "-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), MachineStalls.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        MachineStalls m = new MachineStalls(p);
        Thread.ofPlatform().daemon().name("machine-stalls").start(m::read);
        if (!m.started.await(START_SECONDS, TimeUnit.SECONDS) || m.failure != null) {
            m.close();
            throw new IllegalStateException("the stall probe did not start within " + START_SECONDS + " s"
                    + (m.failure != null ? ": " + m.failure : ""));
        }
        long after = System.nanoTime();
        if (m.firstClock - before < 0 || after - m.firstClock < 0) {
            m.close();
            throw new IllegalStateException("the stall probe's nanoTime (" + m.firstClock + ") is not between this"
                    + " process's readings around its start (" + before + ", " + after + "): the two processes"
                    + " do not share a clock, so its stalls cannot be placed in this one's spans");
        }
        return m;
    }

    /** The reader thread: parses the probe's lines until it ends. */
    private void read() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(probe.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts[0].equals("S")) {
                    add(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                }
                probeClock = Long.parseLong(parts[parts.length - 1]); // after the stall is recorded
                if (started.getCount() != 0) {
                    firstClock = probeClock;
                    started.countDown();
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
        } finally {
            started.countDown();
        }
    }

    /** Records a stall from {@code from} to {@code to} (nanoTime). Any thread. */
    void add(long from, long to) {
        synchronized (stalls) {
            stalls.add(new long[] {from, to});
        }
    }

    /**
     * The longest part of one stall that fell inside {@code [from, to]} (nanoTime), in
     * milliseconds; 0 if none did. First waits (up to {@value #START_SECONDS} s) until the probe
     * has been awake after {@code to}, so that a stall under way at {@code to} is known. Any thread.
     *
     * @throws IllegalStateException if the probe has not woken since {@code to} within that time
     */
    double longest(long from, long to) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (probeClock - to < 0) {
            if (System.nanoTime() - deadline > 0 || !probe.isAlive()) {
                throw new IllegalStateException("the stall probe has not reported since the span's end"
                        + (probe.isAlive() ? " for " + START_SECONDS + " s" : ": it has ended"));
            }
            LockSupport.parkNanos(NAP_NANOS);
        }
        return overlap(from, to);
    }

    /** The longest part of one recorded stall inside {@code [from, to]}, in ms, as it stands. Any thread. */
    double overlap(long from, long to) {
        long longest = 0;
        synchronized (stalls) {
            for (long[] s : stalls) {
                long overlap = Math.min(s[1], to) - Math.max(s[0], from);
                longest = Math.max(longest, overlap);
            }
        }
        return longest / 1e6;
    }

    /** The probe's process id. */
    long pid() {
        return probe.pid();
    }

    @Override
    public void close() {
        probe.destroy();
        try {
            probe.waitFor(START_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The probe: naps, prints each late wake-up as {@code S <due> <woke>}, and every
     * {@value #BEAT_NANOS} ns that it is awake as {@code A <now>} (the first line, at once).
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        long beat = System.nanoTime();
        out.println("A " + beat);
        long due = beat + NAP_NANOS;
        while (!out.checkError()) { // the parent closed the pipe: it is gone
            LockSupport.parkNanos(due - System.nanoTime());
            long now = System.nanoTime();
            if (now - due > LATE_NANOS) {
                out.println("S " + due + " " + now);
                beat = now;
            } else if (now - beat >= BEAT_NANOS) {
                out.println("A " + now);
                beat = now;
            }
            due = now + NAP_NANOS;
        }
    }
}
