package dev.loopbridge.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.loopbridge.core.testing.TestEventLoop;

/** The README's examples, kept compiling and true. */
class ReadmeExamplesTest {

    @Test
    void theFirstExample() {
        try (EventLoop loop = EventLoops.newDefault()) {
            LoopFuture<String> greeting = loop.sleep(Duration.ofMillis(200))
                    .thenApply(ignored -> "hello from " + Thread.currentThread().getName())
                    .orTimeout(1, TimeUnit.SECONDS);
            assertTrue(loop.runUntilComplete(greeting).matches("hello from loopbridge-\\d+-loop"));
        }
    }

    @Test
    void theQuickStart(@TempDir Path dir) throws Exception {
        Path path = Files.writeString(dir.resolve("f.txt"), "12345");
        EventLoop loop = EventLoops.newDefault();
        List<String> out = new ArrayList<>();
        loop.callSoon(() -> out.add("soon"));
        TimerHandle reminder = loop.callLater(Duration.ofSeconds(5), () -> out.add("5 s later"));
        assertTrue(reminder.cancel());
        LoopFuture<Integer> answer = loop.submit(() -> 6 * 7);
        LoopFuture<byte[]> file = loop.runInExecutor(() -> Files.readAllBytes(path));
        LoopFuture<Void> printed = file.thenAccept(bytes -> out.add("" + bytes.length));
        assertEquals(42, loop.runUntilComplete(answer));
        loop.runUntilComplete(printed);
        loop.close();
        assertEquals(List.of("soon", "5"), out);
        assertEquals("done", EventLoops.run(l -> l.sleep(Duration.ofMillis(100)).thenApply(v -> "done")));
    }

    @Test
    void theSubprocessExample() {
        try (EventLoop loop = EventLoops.newDefault()) {
            List<String> items = new ArrayList<>();
            String status = loop.runUntilComplete(loop.exec(new ProcessBuilder("sh", "-c",
                            "echo 1a2b3c first; echo 4d5e6f second >&2; exit 3").redirectErrorStream(true))
                    .thenCompose(git -> git.stdout().forEachLine(items::add).thenCompose(end -> git.exited()))
                    .thenApply(code -> "git exited with " + code));
            assertEquals(List.of("1a2b3c first", "4d5e6f second"), items);
            assertEquals("git exited with 3", status);
        }
    }

    @Test
    void theScopeExample() {
        try (EventLoop loop = EventLoops.newDefault()) {
            List<String> out = new ArrayList<>();
            List<TimerHandle> timers = new ArrayList<>();
            LoopFuture<Void> late = loop.runUntilComplete(loop.submit(() -> {
                LoopScope scope = loop.newScope();
                LoopFuture<Void> work = scope.launch(() -> loop.sleep(Duration.ofSeconds(30)).thenRun(() -> out.add("late")));
                timers.add(scope.callLater(Duration.ofMinutes(1), () -> out.add("never")));
                scope.onClose(() -> out.add("cleaned up"));
                scope.close();
                return work;
            }));
            assertTrue(late.isCancelled());
            assertTrue(timers.get(0).isCancelled());
            assertEquals(List.of("cleaned up"), out);
        }
    }

    @Test
    void theTestLoopExample() {
        TestEventLoop loop = TestEventLoop.create();
        List<Long> attempts = new ArrayList<>();
        retryWithBackoff(loop, Duration.ofSeconds(1), () -> attempts.add(loop.time()));
        loop.advance(Duration.ofSeconds(7));
        assertEquals(List.of(0L, 1_000_000_000L, 3_000_000_000L, 7_000_000_000L), attempts);
        loop.runUntilComplete(loop.sleep(Duration.ofHours(1)));
        loop.close();
    }

    @Test
    void theNetworkExample() {
        try (EventLoop loop = EventLoops.newDefault()) {
            Server server = loop.runUntilComplete(loop.startServer(ReadmeExamplesTest::echo,
                    ServerOptions.bind("127.0.0.1", 0)));
            SocketAddress address = loop.runUntilComplete(loop.submit(() -> server.addresses().get(0)));
            String reply = loop.runUntilComplete(loop.openConnection(ConnectOptions.to(address)
                    .withConnectTimeout(Duration.ofSeconds(5))
                    .withLineSeparator("\r\n")).thenCompose(conn -> {
                        conn.writer().writeLine("PING :hello");
                        return conn.reader().readLine().orTimeout(10, TimeUnit.SECONDS);
                    }));
            assertEquals("you said: PING :hello", reply);
        }
    }

    @Test
    void theAwaitExampleAndItsThenComposeEquivalentReadTheSameLines() {
        try (EventLoop loop = EventLoops.newDefault()) {
            Server server = loop.runUntilComplete(loop.startServer(conn -> {
                conn.writer().writeLine(":irc.example 001 welcome");
                conn.writer().writeLine(":irc.example 002 hello");
                conn.writer().close();
                return CompletableFuture.completedFuture(null);
            }, ServerOptions.bind("127.0.0.1", 0)));
            SocketAddress address = loop.runUntilComplete(loop.submit(() -> server.addresses().get(0)));

            List<String> messages = new ArrayList<>();
            LoopFuture<Void> session = Async.async(loop, () -> {
                StreamConnection c = Async.await(loop.openConnection(ConnectOptions.to(address)));
                String line;
                while ((line = Async.await(c.reader().readLine())) != null) {
                    messages.add(line);
                }
                return null;
            });
            loop.runUntilComplete(session);

            List<String> composed = new ArrayList<>();
            loop.runUntilComplete(loop.openConnection(ConnectOptions.to(address))
                    .thenCompose(c -> readAll(c, composed)));

            assertEquals(List.of(":irc.example 001 welcome", ":irc.example 002 hello"), messages);
            assertEquals(messages, composed);
        }
    }

    static CompletionStage<Void> readAll(StreamConnection c, List<String> messages) {
        return c.reader().readLine().thenCompose(line -> {
            if (line == null) {
                return CompletableFuture.completedFuture(null);
            }
            messages.add(line);
            return readAll(c, messages);
        });
    }

    static CompletionStage<Void> echo(StreamConnection conn) {
        return conn.reader().readLine().thenCompose(line -> {
            if (line == null) {
                return CompletableFuture.completedFuture(null);
            }
            conn.writer().writeLine("you said: " + line);
            return conn.writer().drain().thenCompose(v -> echo(conn));
        });
    }

    private static void retryWithBackoff(EventLoop loop, Duration delay, Runnable attempt) {
        attempt.run();
        loop.callLater(delay, () -> retryWithBackoff(loop, delay.multipliedBy(2), attempt));
    }
}
