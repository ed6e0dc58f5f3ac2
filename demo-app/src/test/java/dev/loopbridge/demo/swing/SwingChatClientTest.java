package dev.loopbridge.demo.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.EventQueue;
import java.awt.event.ActionEvent;
import java.awt.event.WindowEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.client.Dialer;
import dev.loopbridge.demo.ui.LocalServer;
import dev.loopbridge.demo.ui.Peer;
import dev.loopbridge.swing.SwingEventLoop;

/**
 * The Swing client in a real window (Xvfb, the x11 profile) against the embedded server: what the
 * user types reaches another client, others' lines and joins and parts show up, lines typed while
 * the server is down wait as pending and are delivered once after it is back. Components are read
 * and driven on the EDT; waits re-check their condition on every frame tick of the view (the only
 * time it changes), bounded by the scaled timeout.
 */
@Tag("window")
class SwingChatClientTest {

    private static final String CHANNEL = "#swing";

    private final EventLoop loop = SwingEventLoop.shared();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private LocalServer server;
    private SwingChatWindow window;

    @AfterEach
    void tearDown() throws Exception {
        if (window != null) {
            onEdt(() -> {
                if (window.client != null) {
                    window.client.close();
                }
                window.frame.dispose();
                return null;
            });
        }
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private <T> T onEdt(Callable<T> task) {
        if (EventQueue.isDispatchThread()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return loop.runUntilComplete(loop.submit(task));
    }

    private void start(Dialer dialer) {
        server = new LocalServer();
        closing.add(server);
        ChatConfig config = ChatConfig.of("127.0.0.1", server.port(), "ada").withChannels(List.of(CHANNEL))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(200));
        window = onEdt(() -> {
            SwingChatWindow w = new SwingChatWindow(loop);
            if (dialer != null) {
                w.clients = c -> new ChatClient(loop, c, dialer);
            }
            w.connect(config);
            w.frame.setVisible(true);
            return w;
        });
    }

    private Peer peer(String nick) {
        Peer peer = new Peer(server.port(), nick, CHANNEL);
        closing.add(peer);
        return peer;
    }

    /** Waits until {@code condition}, checked on the EDT at every frame tick, holds. */
    private void await(String what, BooleanSupplier condition) {
        LoopFuture<Void> done = onEdt(() -> {
            LoopFuture<Void> f = loop.newFuture();
            check(condition, f);
            return f;
        });
        try {
            loop.runUntilComplete(done.orTimeout(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            throw new AssertionError("timed out waiting for " + what + "; shown: " + onEdt(this::shownLines), e);
        }
    }

    private void check(BooleanSupplier condition, LoopFuture<Void> f) {
        if (f.isDone()) {
            return;
        }
        if (condition.getAsBoolean()) {
            f.complete(null);
        } else {
            loop.callLater(ChatPanel.FRAME, () -> check(condition, f));
        }
    }

    private List<ChatEntry> items() {
        EntryListModel model = (EntryListModel) window.chat.messages.getModel();
        return IntStream.range(0, model.getSize()).mapToObj(model::getElementAt).toList();
    }

    private List<String> users() {
        return onEdt(() -> {
            javax.swing.ListModel<String> model = window.chat.users.getModel();
            return IntStream.range(0, model.getSize()).mapToObj(model::getElementAt).toList();
        });
    }

    private List<String> shownLines() {
        return items().stream().map(e -> e.nick() + ":" + e.text() + ":" + e.status()).toList();
    }

    private List<ChatEntry> shown(String nick, String text) {
        return onEdt(() -> items().stream().filter(e -> e.nick().equals(nick) && e.text().equals(text)).toList());
    }

    private void type(String line) {
        onEdt(() -> {
            window.chat.input.setText(line);
            window.chat.input.postActionEvent();
            return null;
        });
    }

    private void awaitConnected() {
        await("ada joined " + CHANNEL, () -> window.client.state() == ConnectionState.CONNECTED
                && users().contains("ada"));
    }

    @Test
    void aTypedLineReachesAnotherClientAndTheirLinesAndJoinsAndPartsShowUp() {
        start(null);
        awaitConnected();
        assertTrue(onEdt(() -> window.chat.state.getText()).startsWith("connected to 127.0.0.1:"));
        Peer bob = peer("bob");
        bob.awaitMember(CHANNEL, "ada");
        await("bob in the user list", () -> users().contains("bob"));

        type("hello bob");
        bob.await("the line from ada", () -> !bob.textsFrom("ada").isEmpty());
        assertEquals(List.of("hello bob"), bob.textsFrom("ada"));
        await("ada's line confirmed", () -> !shown("ada", "hello bob").isEmpty()
                && shown("ada", "hello bob").get(0).status() == ChatEntry.Status.SENT);
        assertEquals("", onEdt(() -> window.chat.input.getText()));

        bob.type("hi ada");
        await("bob's line shown", () -> !shown("bob", "hi ada").isEmpty());

        bob.type("/part " + CHANNEL + " lunch");
        await("bob gone from the user list", () -> !users().contains("bob"));
        await("bob's part shown", () -> items().stream()
                .anyMatch(e -> e.kind() == ChatEntry.Kind.PART && e.nick().equals("bob") && e.text().equals("lunch")));
    }

    @Test
    void closingTheWindowSaysQuitToTheServerBeforeItGoes() {
        start(null);
        awaitConnected();
        Peer bob = peer("bob");
        bob.awaitMember(CHANNEL, "ada");
        onEdt(() -> {
            window.frame.dispatchEvent(new WindowEvent(window.frame, WindowEvent.WINDOW_CLOSING));
            return null;
        });
        bob.await("ada's QUIT", () -> bob.saw(ChatEntry.Kind.QUIT, "ada", "Quit: window closed"));
        loop.runUntilComplete(window.closed.orTimeout(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(ConnectionState.CLOSED, onEdt(() -> window.client.state()));
    }

    @Test
    void upAndDownWalkTheInputHistory() {
        start(null);
        awaitConnected();
        type("first");
        type("second");
        List<String> seen = onEdt(() -> {
            List<String> texts = new ArrayList<>();
            window.chat.input.setText("draft");
            for (String key : List.of("history-previous", "history-previous", "history-previous", "history-next",
                    "history-next")) {
                window.chat.input.getActionMap().get(key)
                        .actionPerformed(new ActionEvent(window.chat.input, ActionEvent.ACTION_PERFORMED, key));
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
        Dialer gated = options -> loop.adopt(gate.get()).thenCompose(v -> loop.openConnection(options));
        start(gated);
        awaitConnected();
        Peer bob = peer("bob");
        bob.awaitMember(CHANNEL, "ada");
        type("before");
        bob.await("before", () -> bob.textsFrom("ada").contains("before"));

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
}
