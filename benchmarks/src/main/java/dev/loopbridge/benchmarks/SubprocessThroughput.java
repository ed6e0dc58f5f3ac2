package dev.loopbridge.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.sun.management.OperatingSystemMXBean;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.StreamWriter;

/**
 * Bytes per second through {@code cat} (stdin to stdout), and the JVM's CPU time for them: plain
 * Java (a platform thread writes stdin, the caller reads stdout, 64 KiB at a time) against
 * {@code EventLoop.exec} on the default loop (64 KiB writes paced by {@code drain()}, reads of up
 * to 1 MiB). Then lines per second from {@code seq} (5 million short lines): a
 * {@code BufferedReader} against {@code StreamReader.forEachLine}. CPU time is the steadier figure on
 * a shared machine.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.loopbridge.benchmarks.SubprocessThroughput [MiB] [rounds]
 * java -Dloopbridge.pipeThreads=virtual ...   # virtual pump threads instead of platform ones
 * </pre>
 */
public final class SubprocessThroughput {

    private static final byte[] CHUNK = new byte[64 * 1024];

    private SubprocessThroughput() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 1024) << 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String pumps = System.getProperty("loopbridge.pipeThreads", "platform");
        for (int i = 0; i < rounds; i++) {
            for (String way : new String[] {"plain Java", "default loop (" + pumps + " pumps)"}) {
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                long got = way.startsWith("plain") ? plain(bytes) : onLoop(bytes);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
                System.out.printf("%-32s %5d MiB in %5.2f s: %6.0f MiB/s, JVM CPU %5.2f s (%6.0f MiB per CPU second)%n",
                        way, got >> 20, seconds, (got >> 20) / seconds, cpuSeconds, (got >> 20) / cpuSeconds);
            }
        }
        for (int i = 0; i < rounds; i++) {
            for (String way : new String[] {"plain Java lines", "default loop lines"}) {
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                long got = way.startsWith("plain") ? plainLines() : loopLines();
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
                System.out.printf("%-32s %8d lines in %5.2f s: %5.2f M lines/s, JVM CPU %5.2f s%n",
                        way, got, seconds, got / seconds / 1e6, cpuSeconds);
            }
        }
    }

    private static final int LINES = 5_000_000;

    private static long plainLines() throws Exception {
        return plainLines(LINES);
    }

    /**
     * Reads the {@code count} lines of {@code seq 1 count} the plain Java way: the calling thread
     * reads the {@code Process}'s stdout through a {@code BufferedReader}, line by line; returns
     * the lines read once the child has exited.
     */
    public static long plainLines(long count) throws Exception {
        Process seq = new ProcessBuilder("seq", "1", Long.toString(count)).start();
        long n = 0;
        long chars = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(seq.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                n++;
                chars += line.length();
            }
        }
        seq.waitFor();
        return chars > 0 ? n : -1;
    }

    private static long loopLines() {
        try (EventLoop loop = EventLoops.newDefault()) {
            return linesOnLoop(loop, LINES);
        }
    }

    /**
     * Reads the {@code count} lines of {@code seq 1 count} on {@code loop} with
     * {@code forEachLine} on the child's stdout, from a thread other than the loop's; returns the
     * lines read once the child has exited.
     */
    public static long linesOnLoop(EventLoop loop, long count) {
        return loop.runUntilComplete(loop.exec(new ProcessBuilder("seq", "1", Long.toString(count))).thenCompose(seq -> {
            long[] n = new long[2];
            return seq.stdout().forEachLine(line -> {
                n[0]++;
                n[1] += line.length();
            }).thenCombine(seq.exited(), (end, code) -> n[1] > 0 ? n[0] : -1);
        }));
    }

    /**
     * Sends {@code bytes} through {@code cat} the plain Java way: a platform thread writes stdin 64
     * KiB at a time, the calling thread reads stdout 64 KiB at a time; returns the bytes read.
     */
    public static long plain(long bytes) throws Exception {
        Process cat = new ProcessBuilder("cat").start();
        Thread writer = Thread.ofPlatform().name("plain-stdin").start(() -> {
            try (OutputStream out = cat.getOutputStream()) {
                for (long n = 0; n < bytes; n += CHUNK.length) {
                    out.write(CHUNK);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long got = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = cat.getInputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                got += n;
            }
        }
        writer.join();
        cat.waitFor();
        return got;
    }

    private static long onLoop(long bytes) {
        try (EventLoop loop = EventLoops.newDefault()) {
            return throughLoop(loop, bytes);
        }
    }

    /**
     * Sends {@code bytes} through {@code cat} on {@code loop}, from a thread other than the loop's:
     * 64 KiB writes paced by {@code drain()}, reads of up to 1 MiB; returns the bytes read once
     * the child has exited.
     */
    public static long throughLoop(EventLoop loop, long bytes) {
        return loop.runUntilComplete(loop.exec(new ProcessBuilder("cat")).thenCompose(cat -> {
            write(cat.stdin(), bytes);
            LoopFuture<Long> read = loop.newFuture();
            count(cat.stdout(), new long[1], read);
            return read.thenCombine(cat.exited(), (n, code) -> n);
        }));
    }

    /**
     * As {@link #throughLoop}, reading stdout with {@code readInto} into one reused 1 MiB array,
     * as plain Java's {@code InputStream.read(byte[])} does.
     */
    public static long throughLoopInto(EventLoop loop, long bytes) {
        return loop.runUntilComplete(loop.exec(new ProcessBuilder("cat")).thenCompose(cat -> {
            write(cat.stdin(), bytes);
            LoopFuture<Long> read = loop.newFuture();
            countInto(cat.stdout(), new byte[1 << 20], new long[1], read);
            return read.thenCombine(cat.exited(), (n, code) -> n);
        }));
    }

    private static void countInto(StreamReader stdout, byte[] buf, long[] sofar, LoopFuture<Long> done) {
        stdout.readInto(buf, 0, buf.length).whenComplete((n, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else if (n < 0) {
                done.complete(sofar[0]);
            } else {
                sofar[0] += n;
                countInto(stdout, buf, sofar, done);
            }
        });
    }

    private static CompletionStage<Void> write(StreamWriter stdin, long left) {
        for (long rest = left; rest > 0; ) {
            stdin.write(CHUNK);
            rest -= CHUNK.length;
            if (stdin.transport().writeBufferSize() > 64 * 1024) {
                long after = rest;
                return stdin.drain().thenCompose(v -> write(stdin, after));
            }
        }
        stdin.close();
        return CompletableFuture.completedFuture(null);
    }

    /** Reads to the end without a chain of composed futures (which would hold one per read). */
    private static void count(StreamReader stdout, long[] sofar, LoopFuture<Long> done) {
        stdout.read(1 << 20).whenComplete((b, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else if (b.length == 0) {
                done.complete(sofar[0]);
            } else {
                sofar[0] += b.length;
                count(stdout, sofar, done);
            }
        });
    }
}
