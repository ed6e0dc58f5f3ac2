package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.core.testing.TestEventLoop;
import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.server.ServerConfig;

/**
 * The chat pane of the README, both versions ({@link FuturesChatPane} on futures,
 * {@link AsyncChatPane} on {@code Async.await}), against LoopChat's embedded IRC server: the code
 * the README shows is the code here, and it does what the README says.
 */
class ReadmeChatPaneTest {

    private static final Path SOURCES = Path.of("src/test/java/dev/loopbridge/demo/it");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** A pane of either version: what the test needs of it. */
    private record Pane(Consumer<String> send, AutoCloseable closer) {
        static Pane open(String version, EventLoop loop, ConnectOptions server, Consumer<String> show,
                Consumer<String> status) {
            if (version.equals("futures")) {
                FuturesChatPane p = new FuturesChatPane(loop, server, "ada", "#loop", show, status);
                return new Pane(p::send, p);
            }
            AsyncChatPane p = new AsyncChatPane(loop, server, "ada", "#loop", show, status);
            return new Pane(p::send, p);
        }
    }

    /** What a pane showed (or put in its status line), with futures of lines to come. Loop thread only. */
    private static final class Lines implements Consumer<String> {
        final List<String> all = new ArrayList<>();
        private final List<Runnable> checks = new ArrayList<>();

        @Override
        public void accept(String line) {
            all.add(line);
            new ArrayList<>(checks).forEach(Runnable::run);
        }

        /** Completes once {@code times} lines matching {@code match} were seen. */
        LoopFuture<Void> seen(EventLoop loop, Predicate<String> match, int times) {
            LoopFuture<Void> done = loop.newFuture();
            Runnable check = () -> {
                if (all.stream().filter(match).count() >= times) {
                    done.complete(null);
                }
            };
            checks.add(check);
            done.whenComplete((v, e) -> checks.remove(check));
            check.run();
            return done;
        }
    }

    private static boolean said(IrcMessage m, String text) {
        return m.command().equals("PRIVMSG") && m.sourceNick().equals("ada") && m.last().equals(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"futures", "async"})
    void chatsQueuesWhileDownReconnectsInOrderAndSaysGoodbye(String version) {
        TestServer server = TestServer.embedded(ServerConfig.defaults());
        toClose.add(server);
        EventLoop loop = EventLoops.newDefault();
        toClose.add(loop);
        Lines shown = new Lines();
        Lines status = new Lines();
        Pane pane;
        try (RawClient bob = RawClient.registered(server.port(), "bob")) {
            bob.send("JOIN #loop").expect(m -> m.command().equals("JOIN"));
            pane = loop.runUntilComplete(loop.submit(() -> {
                Pane p = Pane.open(version, loop, ConnectOptions.to("127.0.0.1", server.port()), shown, status);
                p.send().accept("queued before joining");
                return p;
            }));
            bob.expect(m -> said(m, "queued before joining"));
            bob.send("PRIVMSG #loop :hi ada");
            loop.runUntilComplete(loop.submit(() -> shown.seen(loop, "<bob> hi ada"::equals, 1)).thenCompose(f -> f));
            server.stop();
        }
        loop.runUntilComplete(loop.submit(() -> status.seen(loop, s -> s.startsWith("offline"), 1)).thenCompose(f -> f));
        loop.runUntilComplete(loop.submit(() -> { // once the pane knows it is down: it queues them
            pane.send().accept("written while down");
            pane.send().accept("and sent in order");
            return null;
        }));
        server.startAgain(); // before the pane's 1 s backoff ends
        try (RawClient bob = RawClient.registered(server.port(), "bob")) {
            bob.send("JOIN #loop").expect(m -> m.command().equals("JOIN") && m.sourceNick().equals("bob"));
            bob.expect(m -> m.command().equals("JOIN") && m.sourceNick().equals("ada"));
            bob.expect(m -> said(m, "written while down"));
            bob.expect(m -> said(m, "and sent in order"));
            loop.runUntilComplete(loop.submit(() -> {
                pane.closer().close();
                return null;
            }));
            assertEquals("Quit: closing", bob.expect(m -> m.command().equals("QUIT") && m.sourceNick().equals("ada")).last());
        }
        List<String> statuses = loop.runUntilComplete(loop.submit(() -> List.copyOf(status.all)));
        assertEquals(List.of("connecting", "in #loop", "offline (connection closed), retrying in 1 s", "connecting"),
                statuses.subList(0, 4), "statuses: " + statuses);
        assertEquals("in #loop", statuses.get(statuses.size() - 1), "statuses: " + statuses);
        assertEquals(List.of("<ada> queued before joining", "<bob> hi ada", "<ada> written while down",
                "<ada> and sent in order"), loop.runUntilComplete(loop.submit(() -> List.copyOf(shown.all))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"futures", "async"})
    void answersTheServersPingsAndStaysJoined(String version) {
        // The server PINGs a client quiet for 100 ms. It would drop one that stays silent past the
        // timeout, but a bound in real time measures how busy the machine is as much as the pane (a
        // loop thread descheduled for 300 ms missed it): the proxy counts the PONGs the pane sends.
        TestServer server = TestServer.embedded(ServerConfig.defaults()
                .withPing(Duration.ofMillis(100), TestTimeouts.TIMEOUT.multipliedBy(3)));
        toClose.add(server);
        EventLoop loop = EventLoops.newDefault();
        toClose.add(loop);
        CuttingProxy proxy = CuttingProxy.start(loop, server.port());
        toClose.add(proxy);
        int proxyPort = proxy.port();
        Lines status = new Lines();
        Pane pane = loop.runUntilComplete(loop.submit(() ->
                Pane.open(version, loop, ConnectOptions.to("127.0.0.1", proxyPort), line -> { }, status)));
        toClose.add(() -> loop.runUntilComplete(loop.submit(() -> {
            pane.closer().close();
            return null;
        })));
        loop.runUntilComplete(loop.submit(() -> status.seen(loop, "in #loop"::equals, 1)).thenCompose(f -> f));
        loop.runUntilComplete(loop.submit(() -> proxy.pongsRelayed(3)).thenCompose(f -> f)
                .orTimeout(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(List.of("connecting", "in #loop"), loop.runUntilComplete(loop.submit(() -> List.copyOf(status.all))),
                "still joined after several PINGs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"futures", "async"})
    void backoffDoublesFromOneSecondToThirtyWhileNoServerListensAndClosingStopsIt(String version) {
        int port = TestServer.freePort(); // nothing listens there: every connect is refused
        TestEventLoop loop = TestEventLoop.create();
        toClose.add(loop);
        Lines status = new Lines();
        Pane pane = loop.runUntilComplete(loop.submit(() ->
                Pane.open(version, loop, ConnectOptions.to("127.0.0.1", port), line -> { }, status)));
        loop.runUntilComplete(loop.submit(() -> status.seen(loop, s -> s.endsWith("retrying in 30 s"), 2))
                .thenCompose(f -> f));
        List<String> delays = status.all.stream().filter(s -> s.startsWith("offline"))
                .map(s -> s.substring(s.lastIndexOf("in ") + 3)).toList();
        assertEquals(List.of("1 s", "2 s", "4 s", "8 s", "16 s", "30 s", "30 s"), delays);
        loop.runUntilComplete(loop.submit(() -> {
            pane.closer().close();
            return null;
        }));
        int before = status.all.size();
        loop.advance(Duration.ofMinutes(5));
        assertEquals(before, status.all.size(), "no reconnect after close: " + status.all.subList(before, status.all.size()));
        assertEquals(0, loop.stats().pendingTimers(), "the backoff timer was cancelled");
    }

    @Test
    void theReadmeShowsBothPanesExactlyAsTheyAreHere() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String file : List.of("FuturesChatPane.java", "AsyncChatPane.java")) {
            String shown = readmePart(Files.readString(SOURCES.resolve(file)));
            assertTrue(readme.contains(shown), "README.md must show " + file + " from its class comment on, as it is");
        }
    }

    /** The part of a pane's source the README shows: from the class's doc comment to the end. */
    static String readmePart(String source) {
        return source.substring(source.indexOf("\n/**") + 1);
    }

    /** Code lines: neither blank nor only a comment. */
    static long codeLines(String code) {
        return code.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("//") && !l.startsWith("/**") && !l.startsWith("*"))
                .count();
    }

    @Test
    void theReadmeGivesTheLineCountsOfBothVersions() throws IOException {
        long futures = codeLines(readmePart(Files.readString(SOURCES.resolve("FuturesChatPane.java"))));
        long async = codeLines(readmePart(Files.readString(SOURCES.resolve("AsyncChatPane.java"))));
        String counts = "**" + futures + " with futures, " + async + " with `Async.await`**";
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains(counts), "README.md should say " + counts);
    }
}
