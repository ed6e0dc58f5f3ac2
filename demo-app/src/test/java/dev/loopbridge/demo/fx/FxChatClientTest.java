package dev.loopbridge.demo.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.client.Dialer;
import dev.loopbridge.demo.server.ServerConfig;
import dev.loopbridge.demo.ui.LocalServer;
import dev.loopbridge.demo.ui.Peer;
import dev.loopbridge.demo.ui.Transcript;
import dev.loopbridge.javafx.FxEventLoop;

/**
 * The JavaFX client against the embedded server, headless (Monocle): what the user types reaches
 * another client, what others say and who joins or leaves shows up, lines typed while the server
 * is down wait as pending and are delivered once after it is back, and the view keeps rendering
 * while 10,000 messages arrive. Nodes are read and driven on the FX thread; waits re-check their
 * condition once per pulse (the view changes only on pulses), bounded by the scaled timeout.
 */
class FxChatClientTest {

    private static final String CHANNEL = "#fx";

    private final List<AutoCloseable> closing = new ArrayList<>();
    private EventLoop loop;
    private LocalServer server;
    private FxChatWindow window;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (window != null) {
            onFx(() -> {
                if (window.client != null) {
                    window.client.close();
                }
                window.stage.hide();
                return null;
            });
        }
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /** Runs {@code task} on the FX thread (directly when already there, as in an await condition). */
    private <T> T onFx(Callable<T> task) {
        if (Platform.isFxApplicationThread()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return loop.runUntilComplete(loop.submit(task));
    }

    private void start(ServerConfig serverConfig, java.util.function.Function<ChatConfig, ChatConfig> tweak,
            Dialer dialer) {
        loop = FxEventLoop.shared();
        server = new LocalServer(serverConfig);
        closing.add(server);
        ChatConfig config = tweak.apply(ChatConfig.of("127.0.0.1", server.port(), "ada").withChannels(List.of(CHANNEL))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(200)));
        window = onFx(() -> {
            FxChatWindow w = new FxChatWindow(new Stage(), loop);
            if (dialer != null) {
                w.clients = c -> new ChatClient(loop, c, dialer);
            }
            w.connect(config);
            w.stage.show();
            return w;
        });
    }

    private void start() {
        start(ServerConfig.defaults(), c -> c, null);
    }

    private Peer peer(String nick) {
        Peer peer = new Peer(server.port(), nick, CHANNEL);
        closing.add(peer);
        return peer;
    }

    /** Waits until {@code condition}, checked on the FX thread at every pulse, holds. */
    private void await(String what, BooleanSupplier condition) {
        LoopFuture<Void> done = onFx(() -> {
            LoopFuture<Void> f = loop.newFuture();
            AnimationTimer checker = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    if (f.isDone() || condition.getAsBoolean()) {
                        f.complete(null);
                        stop();
                    }
                }
            };
            checker.start();
            f.whenComplete((v, e) -> checker.stop());
            return f;
        });
        try {
            loop.runUntilComplete(done.orTimeout(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            throw new AssertionError("timed out waiting for " + what + "; shown: " + onFx(this::shownLines), e);
        }
    }

    private List<String> shownLines() {
        return window.chat.messages.getItems().stream().map(e -> e.nick() + ":" + e.text() + ":" + e.status()).toList();
    }

    private void type(String line) {
        onFx(() -> {
            window.chat.input.setText(line);
            window.chat.input.fireEvent(new ActionEvent());
            return null;
        });
    }

    private List<ChatEntry> shown(String nick, String text) {
        return onFx(() -> window.chat.messages.getItems().stream()
                .filter(e -> e.nick().equals(nick) && e.text().equals(text)).toList());
    }

    private void awaitConnected() {
        await("ada joined " + CHANNEL, () -> window.client.state() == ConnectionState.CONNECTED
                && window.chat.selected() != null && window.chat.selected().joined()
                && window.chat.users.getItems().contains("ada"));
    }

    @Test
    void aTypedLineReachesAnotherClientAndTheirLinesAndJoinsAndPartsShowUp() {
        start();
        awaitConnected();
        assertTrue(onFx(() -> window.chat.state.getText()).startsWith("connected to 127.0.0.1:"));
        Peer bob = peer("bob");
        bob.awaitMember(CHANNEL, "ada");
        await("bob in the user list", () -> window.chat.users.getItems().contains("bob"));

        type("hello bob");
        bob.await("the line from ada", () -> !bob.textsFrom("ada").isEmpty());
        assertEquals(List.of("hello bob"), bob.textsFrom("ada"));
        await("ada's line confirmed", () -> !shown("ada", "hello bob").isEmpty()
                && shown("ada", "hello bob").get(0).status() == ChatEntry.Status.SENT);
        assertEquals("", onFx(() -> window.chat.input.getText()));

        bob.type("hi ada");
        await("bob's line shown", () -> !shown("bob", "hi ada").isEmpty());
        assertEquals(ChatEntry.Status.RECEIVED, shown("bob", "hi ada").get(0).status());

        bob.type("/part " + CHANNEL + " lunch");
        await("bob gone from the user list", () -> !window.chat.users.getItems().contains("bob"));
        await("bob's part shown", () -> window.chat.messages.getItems().stream()
                .anyMatch(e -> e.kind() == ChatEntry.Kind.PART && e.nick().equals("bob") && e.text().equals("lunch")));
    }

    @Test
    void closingTheWindowSaysQuitToTheServerBeforeItGoes() {
        start();
        awaitConnected();
        Peer bob = peer("bob");
        bob.awaitMember(CHANNEL, "ada");
        onFx(() -> {
            window.stage.fireEvent(new WindowEvent(window.stage, WindowEvent.WINDOW_CLOSE_REQUEST));
            return null;
        });
        bob.await("ada's QUIT", () -> bob.saw(ChatEntry.Kind.QUIT, "ada", "Quit: window closed"));
        await("the window hidden", () -> !window.stage.isShowing());
        assertEquals(ConnectionState.CLOSED, onFx(() -> window.client.state()));
    }

    @Test
    void aHundredThousandLinesAreShownInOneBatchWithAScreenfulOfCells() {
        start();
        awaitConnected();
        int count = 100_000;
        Transcript transcript = window.chat.presenter.transcript();
        long flushesBefore = onFx(() -> {
            long before = transcript.flushes();
            for (int i = 0; i < count; i++) {
                transcript.entryAdded(new ChatEntry(1_000_000 + i, java.time.Instant.now(), CHANNEL,
                        ChatEntry.Kind.MESSAGE, "grace", "line " + i, ChatEntry.Status.RECEIVED));
            }
            return before;
        });
        await("all lines in the view", () -> window.chat.messages.getItems().size() >= count);
        assertEquals(1, onFx(() -> transcript.flushes()) - flushesBefore, "one batch for the lot");
        onFx(() -> {
            window.chat.messages.scrollTo(count / 2);
            return null;
        });
        await("the middle in view", () -> window.chat.messages.lookupAll(".entry-cell").stream()
                .anyMatch(n -> n instanceof EntryCell c && c.getItem() != null && c.getItem().text().equals("line " + count / 2)));
        int cells = onFx(() -> window.chat.messages.lookupAll(".entry-cell").size());
        assertTrue(cells < 100, cells + " cells for " + count + " lines: the view is not virtualized");
    }

    @Test
    void upAndDownWalkTheInputHistory() {
        start();
        awaitConnected();
        type("first");
        type("second");
        List<String> seen = onFx(() -> {
            List<String> texts = new ArrayList<>();
            window.chat.input.setText("draft");
            for (KeyCode key : List.of(KeyCode.UP, KeyCode.UP, KeyCode.UP, KeyCode.DOWN, KeyCode.DOWN)) {
                window.chat.input.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", key, false, false, false, false));
                texts.add(window.chat.input.getText());
            }
            return texts;
        });
        assertEquals(List.of("second", "first", "first", "second", "draft"), seen);
    }

    @Test
    void linesTypedWhileTheServerIsDownShowAsPendingAndAreDeliveredOnceAfterItIsBack() {
        // ada's reconnect waits until bob is back in the channel, so bob is there to hear the lines.
        AtomicReference<CompletableFuture<Void>> gate = new AtomicReference<>(CompletableFuture.completedFuture(null));
        loop = FxEventLoop.shared();
        Dialer gated = options -> loop.adopt(gate.get()).thenCompose(v -> loop.openConnection(options));
        start(ServerConfig.defaults(), c -> c, gated);
        awaitConnected();
        Peer bob = peer("bob");
        bob.awaitMember(CHANNEL, "ada");
        type("before");
        bob.await("before", () -> bob.textsFrom("ada").contains("before"));
        await("before confirmed", () -> !shown("ada", "before").isEmpty()
                && shown("ada", "before").get(0).status() == ChatEntry.Status.SENT);

        gate.set(new CompletableFuture<>());
        server.stop();
        await("ada notices", () -> window.client.state() != ConnectionState.CONNECTED);
        type("while down 1");
        type("while down 2");
        await("the lines shown pending", () -> shown("ada", "while down 2").size() == 1
                && shown("ada", "while down 1").get(0).status() == ChatEntry.Status.PENDING
                && shown("ada", "while down 2").get(0).status() == ChatEntry.Status.PENDING
                && window.chat.pending.getText().equals("2 pending"));

        server.startAgain();
        bob.awaitMember(CHANNEL, "bob");
        gate.get().complete(null);
        await("both lines confirmed", () -> shown("ada", "while down 1").get(0).status() == ChatEntry.Status.SENT
                && shown("ada", "while down 2").get(0).status() == ChatEntry.Status.SENT);
        bob.await("bob hears both", () -> bob.textsFrom("ada").contains("while down 2"));
        type("after");
        bob.await("after", () -> bob.textsFrom("ada").contains("after"));
        assertEquals(List.of("before", "while down 1", "while down 2", "after"), bob.textsFrom("ada"));
        assertEquals(1, shown("ada", "while down 1").size());
    }

    /**
     * The current thread's CPU time: how much of a wall-clock gap the FX thread itself spent working
     * (the rest is the machine's other load). Reflective, as the module does not read java.management.
     */
    static long cpu() throws Exception {
        return cpu(Thread.currentThread());
    }

    /** The CPU time of {@code thread}, in nanoseconds. */
    static long cpu(Thread thread) throws Exception {
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        return (Long) Class.forName("java.lang.management.ThreadMXBean").getMethod("getThreadCpuTime", long.class)
                .invoke(mx, thread.threadId());
    }

    /** JavaFX's render thread (the software renderer draws the frames there). */
    static Thread renderer() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("QuantumRenderer"))
                .findFirst().orElseThrow();
    }

    @Test
    void tenThousandMessagesArriveWhileThePulsesKeepComing() throws Exception {
        int count = 10_000;
        start(ServerConfig.defaults().withFlood(count * 2, Duration.ZERO, count * 2).withSendQueue(64L << 20),
                c -> c, null);
        awaitConnected();
        Peer bob = peer("bob");
        await("bob in the user list", () -> window.chat.users.getItems().contains("bob"));
        // A warm-up round first: the first lines make JavaFX create the list's cells and run its
        // CSS and layout code for the first time, interpreted by a JVM that has not compiled it
        // yet (pulses of 100 ms and more, in JavaFX, on any loop). The figure is the steady state.
        int warmUp = 2_000;
        bob.typeAll(IntStream.range(0, warmUp).mapToObj(i -> "warm-up " + i).toList());
        await("the warm-up shown", () -> window.chat.messages.getItems().stream()
                .filter(e -> e.nick().equals("bob") && e.kind() == ChatEntry.Kind.MESSAGE).count() == warmUp);
        List<Long> pulses = new ArrayList<>();
        AnimationTimer recorder = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.add(System.nanoTime());
            }
        };
        long flushesBefore = onFx(() -> {
            recorder.start();
            return window.chat.presenter.transcript().flushes();
        });
        long cpuBefore = onFx(FxChatClientTest::cpu);
        Thread renderer = renderer();
        long renderBefore = cpu(renderer);
        long began = System.nanoTime();
        bob.typeAll(IntStream.range(0, count).mapToObj(i -> "message " + i).toList());
        await("all shown", () -> window.chat.messages.getItems().stream()
                .filter(e -> e.nick().equals("bob") && e.kind() == ChatEntry.Kind.MESSAGE).count() == warmUp + count);
        long ended = System.nanoTime();
        List<Long> during = onFx(() -> {
            recorder.stop();
            return List.copyOf(pulses);
        });
        long flushes = onFx(() -> window.chat.presenter.transcript().flushes()) - flushesBefore;
        long longest = 0;
        long previous = began;
        for (long t : during) {
            if (t >= began && t <= ended) {
                longest = Math.max(longest, t - previous);
                previous = t;
            }
        }
        longest = Math.max(longest, ended - previous);
        long longestMillis = TimeUnit.NANOSECONDS.toMillis(longest);
        long cpuMillis = (onFx(FxChatClientTest::cpu) - cpuBefore) / 1_000_000;
        long renderMillis = (cpu(renderer) - renderBefore) / 1_000_000;
        System.out.printf("JavaFX client: %d messages received and shown in %d ms, %d pulses, %d batches,"
                + " longest pulse gap %d ms; CPU time: FX thread %d ms, render thread %d ms%n", count,
                TimeUnit.NANOSECONDS.toMillis(ended - began), during.size(), flushes, longestMillis, cpuMillis,
                renderMillis);
        List<String> last = onFx(() -> window.chat.messages.getItems().stream()
                .filter(e -> e.nick().equals("bob") && e.kind() == ChatEntry.Kind.MESSAGE)
                .map(ChatEntry::text).skip(warmUp + count - 2).toList());
        assertEquals(List.of("message " + (count - 2), "message " + (count - 1)), last, "in order, none lost");
        assertTrue(flushes < count / 10, flushes + " batches for " + count + " lines: appends are not batched");
        // A bound for a freeze, not a speed target: the gap also takes in garbage collection and,
        // on a busy machine, threads waiting for a core (the benchmarks report the real figures).
        long bound = 1_000 * Long.getLong("loopbridge.test.timeoutScale", 1);
        assertTrue(longestMillis < bound, "the longest gap between pulses was " + longestMillis + " ms (bound: "
                + bound + " ms; FX thread CPU time " + cpuMillis + " ms in all)");
    }
}
