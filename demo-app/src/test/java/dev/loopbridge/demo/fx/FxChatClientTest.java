package dev.loopbridge.demo.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.IntStream;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.server.ServerConfig;
import dev.loopbridge.demo.ui.ChatWindowContract;
import dev.loopbridge.demo.ui.Conversation;
import dev.loopbridge.demo.ui.Peer;
import dev.loopbridge.demo.ui.Transcript;
import dev.loopbridge.javafx.FxEventLoop;
import dev.loopbridge.javafx.LoopMonitor;

/**
 * The JavaFX client against the embedded server, headless (Monocle): the {@link ChatWindowContract}
 * (what the user types reaches another client, what others say and who joins or leaves shows up,
 * lines typed while the server is down wait as pending and are delivered once after it is back),
 * and the view keeps rendering while 10,000 messages arrive. Nodes are read and driven on the FX
 * thread; waits re-check their condition once per pulse (the view changes only on pulses),
 * bounded by the scaled timeout.
 */
class FxChatClientTest extends ChatWindowContract {

    private static final String CHANNEL = "#fx";

    private FxChatWindow window;

    FxChatClientTest() {
        super(CHANNEL);
    }

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    // ------------------------------------------------------------ ChatWindowContract

    @Override
    protected EventLoop loop() {
        return FxEventLoop.shared();
    }

    @Override
    protected void openWindow(ChatConfig config, Function<ChatConfig, ChatClient> clients) {
        window = new FxChatWindow(new Stage(), loop());
        window.clients = clients;
        window.connect(config);
        window.stage.show();
    }

    @Override
    protected void closeWindow() {
        if (window != null) {
            window.stage.hide();
        }
    }

    @Override
    protected void requestClose() {
        window.stage.fireEvent(new WindowEvent(window.stage, WindowEvent.WINDOW_CLOSE_REQUEST));
    }

    @Override
    protected boolean windowClosed() {
        return !window.stage.isShowing();
    }

    @Override
    protected List<ChatEntry> messages() {
        return window.chat.messages.getItems();
    }

    @Override
    protected List<String> users() {
        return window.chat.users.getItems();
    }

    @Override
    protected Conversation chosen() {
        return window.chat.selected();
    }

    @Override
    protected String input() {
        return window.chat.input.getText();
    }

    @Override
    protected void setInput(String text) {
        window.chat.input.setText(text);
    }

    @Override
    protected void press(Key key) {
        TextField input = window.chat.input;
        switch (key) {
            case ENTER -> input.fireEvent(new ActionEvent());
            case UP -> input.fireEvent(keyPressed(KeyCode.UP));
            case DOWN -> input.fireEvent(keyPressed(KeyCode.DOWN));
            case F12 -> input.fireEvent(keyPressed(KeyCode.F12));
        }
    }

    @Override
    protected List<String> loopMonitorValues() {
        return window.monitor == null ? null
                : ((LoopMonitor) window.monitor.getScene().getRoot()).shownValues();
    }

    private static KeyEvent keyPressed(KeyCode code) {
        return new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false);
    }

    @Override
    protected String stateText() {
        return window.chat.state.getText();
    }

    @Override
    protected String pendingText() {
        return window.chat.pending.getText();
    }

    @Override
    protected void checkEveryFrame(BooleanSupplier condition, LoopFuture<Void> done) {
        AnimationTimer checker = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (done.isDone() || condition.getAsBoolean()) {
                    done.complete(null);
                    stop();
                }
            }
        };
        checker.start();
        done.whenComplete((v, e) -> checker.stop());
    }

    // ------------------------------------------------------------ JavaFX only

    @Test
    void aHundredThousandLinesAreShownInOneBatchWithAScreenfulOfCells() {
        start();
        awaitConnected();
        int count = 100_000;
        Transcript transcript = window.chat.presenter.transcript();
        long flushesBefore = onUi(() -> {
            long before = transcript.flushes();
            for (int i = 0; i < count; i++) {
                transcript.entryAdded(new ChatEntry(1_000_000 + i, java.time.Instant.now(), CHANNEL,
                        ChatEntry.Kind.MESSAGE, "grace", "line " + i, ChatEntry.Status.RECEIVED));
            }
            return before;
        });
        await("all lines in the view", () -> window.chat.messages.getItems().size() >= count);
        assertEquals(1, onUi(() -> transcript.flushes()) - flushesBefore, "one batch for the lot");
        onUi(() -> {
            window.chat.messages.scrollTo(count / 2);
            return null;
        });
        await("the middle in view", () -> window.chat.messages.lookupAll(".entry-cell").stream()
                .anyMatch(n -> n instanceof EntryCell c && c.getItem() != null && c.getItem().text().equals("line " + count / 2)));
        int cells = onUi(() -> window.chat.messages.lookupAll(".entry-cell").size());
        assertTrue(cells < 100, cells + " cells for " + count + " lines: the view is not virtualized");
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

    /** What {@link #tenThousandMessagesFromBob} measured on the FX thread. */
    private record Arrival(long longestGapMillis, long fxCpuMillis) {
    }

    /**
     * A pulse: when it came ({@code System.nanoTime()}), the FX thread's CPU time by then, and how long
     * the FX thread had waited for a core by then (-1 where the kernel does not say).
     */
    private record Pulse(long at, long fxCpu, long fxWaited) {
    }

    /**
     * How long the calling thread has been runnable without a core, in nanoseconds: the second
     * field of Linux's {@code /proc/thread-self/schedstat}; -1 elsewhere.
     */
    static long waitedForCore() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/schedstat")).strip().split(" ");
            return Long.parseLong(fields[1]);
        } catch (java.io.IOException | RuntimeException notLinux) {
            return -1;
        }
    }

    @Test
    void tenThousandMessagesArriveWhileThePulsesKeepComing() throws Exception {
        start(tenThousandMessagesServer(), null);
        awaitConnected();
        Arrival arrival = tenThousandMessagesFromBob("TCP");
        // A bound for a freeze, not a speed target: the gap also takes in garbage collection and,
        // on a busy machine, threads waiting for a core (the benchmarks report the real figures).
        long bound = 1_000 * Long.getLong("loopbridge.test.timeoutScale", 1);
        assertTrue(arrival.longestGapMillis() < bound, "the longest gap between pulses was "
                + arrival.longestGapMillis() + " ms (bound: " + bound + " ms; FX thread CPU time "
                + arrival.fxCpuMillis() + " ms in all)");
    }

    /**
     * The same over IRC over WebSocket: the FX client reaches the embedded server at
     * {@code ws://127.0.0.1:port/} (bob still over TCP). The longest pulse gap is printed, not
     * asserted: it is a figure for the notes, and speed targets live in the benchmarks.
     */
    @Test
    void tenThousandMessagesArriveOverAWebSocketAllInOrderAndThePulseGapsAreRecorded() throws Exception {
        startOverWebSocket(tenThousandMessagesServer());
        awaitConnected();
        assertTrue(openedAWebSocket(), "ada came over a WebSocket");
        tenThousandMessagesFromBob("WebSocket");
    }

    private static ServerConfig tenThousandMessagesServer() {
        return ServerConfig.defaults().withFlood(20_000, Duration.ZERO, 20_000).withSendQueue(64L << 20);
    }

    /**
     * Bob (a TCP client of the same server) sends 2,000 warm-up lines, then 10,000 more while an
     * AnimationTimer records every pulse; asserts every line is shown once, in order, and that the
     * appends were batched; prints the longest gap between pulses while the 10,000 arrived.
     */
    private Arrival tenThousandMessagesFromBob(String transport) throws Exception {
        int count = 10_000;
        Peer bob = peer("bob");
        await("bob in the user list", () -> window.chat.users.getItems().contains("bob"));
        // A warm-up round first: the first lines make JavaFX create the list's cells and run its
        // CSS and layout code for the first time, interpreted by a JVM that has not compiled it
        // yet (pulses of 100 ms and more, in JavaFX, on any loop). The figure is the steady state.
        int warmUp = 2_000;
        bob.typeAll(IntStream.range(0, warmUp).mapToObj(i -> "warm-up " + i).toList());
        await("the warm-up shown", () -> window.chat.messages.getItems().stream()
                .filter(e -> e.nick().equals("bob") && e.kind() == ChatEntry.Kind.MESSAGE).count() == warmUp);
        List<Pulse> pulses = new ArrayList<>();
        AnimationTimer recorder = new AnimationTimer() {
            @Override
            public void handle(long now) {
                try {
                    pulses.add(new Pulse(System.nanoTime(), cpu(), waitedForCore()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        long flushesBefore = onUi(() -> {
            recorder.start();
            return window.chat.presenter.transcript().flushes();
        });
        long cpuBefore = onUi(FxChatClientTest::cpu);
        long waitedBefore = onUi(FxChatClientTest::waitedForCore);
        Thread renderer = renderer();
        long renderBefore = cpu(renderer);
        long began = System.nanoTime();
        bob.typeAll(IntStream.range(0, count).mapToObj(i -> "message " + i).toList());
        await("all shown", () -> window.chat.messages.getItems().stream()
                .filter(e -> e.nick().equals("bob") && e.kind() == ChatEntry.Kind.MESSAGE).count() == warmUp + count);
        long ended = System.nanoTime();
        List<Pulse> during = onUi(() -> {
            recorder.stop();
            return List.copyOf(pulses);
        });
        long cpuAfter = onUi(FxChatClientTest::cpu);
        long waitedAfter = onUi(FxChatClientTest::waitedForCore);
        long flushes = onUi(() -> window.chat.presenter.transcript().flushes()) - flushesBefore;
        // The longest gap, and how much of it the FX thread spent working (the rest it waited:
        // for work, or, on a busy machine, for a core).
        long longest = 0;
        long longestBusy = 0;
        long longestWaited = 0;
        int inWindow = 0;
        Pulse previous = new Pulse(began, cpuBefore, waitedBefore);
        for (Pulse p : during) {
            if (p.at() >= began && p.at() <= ended) {
                inWindow++;
                if (p.at() - previous.at() > longest) {
                    longest = p.at() - previous.at();
                    longestBusy = p.fxCpu() - previous.fxCpu();
                    longestWaited = p.fxWaited() - previous.fxWaited();
                }
                previous = p;
            }
        }
        if (ended - previous.at() > longest) {
            longest = ended - previous.at();
            longestBusy = cpuAfter - previous.fxCpu();
            longestWaited = waitedAfter - previous.fxWaited();
        }
        long longestMillis = TimeUnit.NANOSECONDS.toMillis(longest);
        long cpuMillis = (cpuAfter - cpuBefore) / 1_000_000;
        long renderMillis = (cpu(renderer) - renderBefore) / 1_000_000;
        System.out.printf("JavaFX client over %s: %d messages received and shown in %d ms, %d pulses, %d batches,"
                + " longest pulse gap %d ms (FX thread busy %d ms of it, runnable without a core %s ms); CPU time:"
                + " FX thread %d ms, render thread %d ms; load average %s%n", transport, count,
                TimeUnit.NANOSECONDS.toMillis(ended - began), inWindow, flushes, longestMillis,
                TimeUnit.NANOSECONDS.toMillis(longestBusy),
                waitedBefore < 0 ? "?" : String.valueOf(TimeUnit.NANOSECONDS.toMillis(longestWaited)), cpuMillis,
                renderMillis, loadAverage());
        List<String> shown = onUi(() -> window.chat.messages.getItems().stream()
                .filter(e -> e.nick().equals("bob") && e.kind() == ChatEntry.Kind.MESSAGE)
                .map(ChatEntry::text).skip(warmUp).toList());
        assertEquals(IntStream.range(0, count).mapToObj(i -> "message " + i).toList(), shown, "in order, none lost");
        assertTrue(flushes < count / 10, flushes + " batches for " + count + " lines: appends are not batched");
        return new Arrival(longestMillis, cpuMillis);
    }

    /** The machine's load average, printed beside a figure (other work on the same cores skews it). */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
