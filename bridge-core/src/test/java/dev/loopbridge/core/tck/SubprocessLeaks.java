package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Subprocess;

/**
 * Spawns many children through every pipe and checks that they leave no thread and no file
 * descriptor behind: the descriptors of {@code /proc/self/fd} and the live platform threads are
 * counted before and after (the JDK's own pools — process reapers, fork-join workers that carry
 * virtual threads — are left out: they outlive their work by design and are not ours).
 */
public final class SubprocessLeaks {

    private SubprocessLeaks() {
    }

    /**
     * Runs {@code count} children of {@code cat} on {@code loop}, {@code parallel} at a time: each
     * gets a line on stdin, echoes it on stdout, and ends with stdin; stderr is read to its end.
     */
    public static void spawnManyAndCount(EventLoop loop, Function<CompletionStage<?>, ?> await, int count,
            int parallel) {
        Path fds = Path.of("/proc/self/fd");
        assertTrue(Files.isDirectory(fds), "/proc/self/fd is needed to count descriptors (Linux)");
        spawn(loop, await, parallel, parallel); // warms up the JDK's pools to this width
        awaitPipeThreadsGone();
        long fdsBefore = count(fds);
        List<String> threadsBefore = ourThreads();
        spawn(loop, await, count, parallel);
        awaitPipeThreadsGone();
        long fdsAfter = count(fds);
        List<String> threadsAfter = ourThreads();
        System.out.println("[SubprocessLeaks] " + count + " children on " + loop + ": descriptors " + fdsBefore
                + " -> " + fdsAfter + ", platform threads (less JDK pools) " + threadsBefore.size() + " -> "
                + threadsAfter.size());
        assertTrue(fdsAfter <= fdsBefore + 2, count + " children left " + (fdsAfter - fdsBefore)
                + " descriptors open");
        assertTrue(threadsAfter.size() <= threadsBefore.size(), count + " children left threads: " + threadsAfter
                + " (before: " + threadsBefore + ")");
    }

    private static void spawn(EventLoop loop, Function<CompletionStage<?>, ?> await, int count, int parallel) {
        for (int done = 0; done < count; done += parallel) {
            List<CompletableFuture<?>> batch = new ArrayList<>();
            for (int i = done; i < Math.min(count, done + parallel); i++) {
                String line = "child " + i;
                batch.add(loop.exec(new ProcessBuilder("cat")).thenCompose(cat -> echo(cat, line)));
            }
            await.apply(CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)));
        }
    }

    private static LoopFuture<Void> echo(Subprocess cat, String line) {
        cat.stdin().writeLine(line);
        cat.stdin().close();
        LoopFuture<byte[]> err = cat.stderr().read(100);
        return cat.stdout().readLine().thenCompose(echoed -> {
            assertEquals(line, echoed);
            return cat.stdout().readLine();
        }).thenCompose(end -> err).thenCompose(e -> cat.stdin().closed()).thenCompose(c -> cat.exited())
                .thenAccept(code -> assertEquals(0, code));
    }

    /** Waits for the pump threads, which outlive their last chunk by a moment (their linger). */
    private static void awaitPipeThreadsGone() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("loopbridge-pipe")) {
                try {
                    t.join(TestTimeouts.TIMEOUT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
                assertTrue(!t.isAlive(), t + " is still running " + TestTimeouts.TIMEOUT + " after its child ended");
            }
        }
    }

    private static List<String> ourThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (!n.startsWith("process reaper") && !n.startsWith("ForkJoinPool") && !n.startsWith("InnocuousThread")) {
                names.add(n);
            }
        }
        names.sort(null);
        return names;
    }

    private static long count(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
