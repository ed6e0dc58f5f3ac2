package dev.loopbridge.demo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.client.Dialer;
import dev.loopbridge.demo.client.ServerAddress;
import dev.loopbridge.demo.server.ServerConfig;

/**
 * What every LoopChat window does against the embedded server, whatever its toolkit: what the
 * user types reaches another client, what others say and who joins or leaves shows up, closing
 * the window says QUIT before it goes, up and down walk the input history, and lines typed while
 * the server is down wait as pending and are delivered once after it is back. A subclass opens
 * its toolkit's window and reads and drives its widgets; this class holds the server, the peers
 * and the waits. Test thread, except where noted.
 *
 * <p>Widgets are read and driven on the toolkit's thread, the client's loop thread ({@link #onUi});
 * a wait re-checks its condition whenever the view may have changed ({@link #checkEveryFrame}),
 * bounded by the scaled timeout.
 */
public abstract class ChatWindowContract {

    /** A key the user presses in the input line. */
    protected enum Key {
        ENTER, UP, DOWN, F12
    }

    private final String channel;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private LocalServer server;
    // The window's client, once it made one. UI thread.
    private ChatClient client;

    /** A suite whose user, ada, chats in {@code channel}. */
    protected ChatWindowContract(String channel) {
        this.channel = channel;
    }

    // ------------------------------------------------------------ what a toolkit provides

    /** The toolkit's loop: the one the window and its client run on. Any thread. */
    protected abstract EventLoop loop();

    /** Opens a window that connects as {@code config} says, with a client made by {@code clients}. UI thread. */
    protected abstract void openWindow(ChatConfig config, Function<ChatConfig, ChatClient> clients);

    /** Hides or disposes the window at once, if one was opened (tear-down; its client is closed). UI thread. */
    protected abstract void closeWindow();

    /** Asks the window to close, as its close button does. UI thread. */
    protected abstract void requestClose();

    /** Whether the window is gone (hidden or disposed). UI thread. */
    protected abstract boolean windowClosed();

    /** The lines the message view shows. UI thread. */
    protected abstract List<ChatEntry> messages();

    /** The nicks the user list shows. UI thread. */
    protected abstract List<String> users();

    /** The conversation chosen in the conversation list, or null. UI thread. */
    protected abstract Conversation chosen();

    /** The input line's text. UI thread. */
    protected abstract String input();

    /** Replaces the input line's text, as typing does. UI thread. */
    protected abstract void setInput(String text);

    /** Presses {@code key} in the input line. UI thread. */
    protected abstract void press(Key key);

    /** The values the loop monitor's window shows, or null when it is not open. UI thread. */
    protected abstract List<String> loopMonitorValues();

    /** The status bar's connection state. UI thread. */
    protected abstract String stateText();

    /** The status bar's pending count. UI thread. */
    protected abstract String pendingText();

    /**
     * Completes {@code done} once {@code condition} holds, checking it whenever the view may have
     * changed (JavaFX: at every pulse; Swing: at every frame tick) until {@code done} is complete.
     * UI thread.
     */
    protected abstract void checkEveryFrame(BooleanSupplier condition, LoopFuture<Void> done);

    // ------------------------------------------------------------ helpers for the tests

    /** Closes the client and the window, then the peers and the server. */
    @AfterEach
    public void tearDown() throws Exception {
        onUi(() -> {
            if (client != null) {
                client.close();
            }
            closeWindow();
            return null;
        });
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /** Runs {@code task} on the UI thread (directly when already there, as in an await condition). */
    protected final <T> T onUi(Callable<T> task) {
        if (loop().inLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return loop().runUntilComplete(loop().submit(task));
    }

    /**
     * Starts a server with {@code serverConfig} and opens a window connected to it as ada, in the
     * channel; {@code dialer} (null: the default) opens the client's connections.
     */
    protected final void start(ServerConfig serverConfig, Dialer dialer) {
        start(serverConfig, dialer, false);
    }

    /**
     * Starts a server with {@code serverConfig} and opens a window connected to it as ada, in the
     * channel, over IRC over WebSocket on the server's IRC port ({@code ws://127.0.0.1:port/}).
     */
    protected final void startOverWebSocket(ServerConfig serverConfig) {
        start(serverConfig, null, true);
    }

    private void start(ServerConfig serverConfig, Dialer dialer, boolean webSocket) {
        server = new LocalServer(serverConfig);
        closing.add(server);
        ServerAddress address = ServerAddress.parse((webSocket ? "ws://" : "") + "127.0.0.1:" + server.port()
                + (webSocket ? "/" : ""));
        ChatConfig config = ChatConfig.of(address, "ada").withChannels(List.of(channel))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(200));
        EventLoop loop = loop();
        Function<ChatConfig, ChatClient> clients = c -> {
            client = dialer == null ? new ChatClient(loop, c) : new ChatClient(loop, c, dialer);
            return client;
        };
        onUi(() -> {
            openWindow(config, clients);
            return null;
        });
    }

    /** As {@link #start(ServerConfig, Dialer)} with the server's defaults and the default dialer. */
    protected final void start() {
        start(ServerConfig.defaults(), null);
    }

    /** Another user in the channel, closed after the test. */
    protected final Peer peer(String nick) {
        Peer peer = new Peer(server.port(), nick, channel);
        closing.add(peer);
        return peer;
    }

    /** Waits until {@code condition}, checked on the UI thread whenever the view may have changed, holds. */
    protected final void await(String what, BooleanSupplier condition) {
        LoopFuture<Void> done = onUi(() -> {
            LoopFuture<Void> f = loop().newFuture();
            checkEveryFrame(condition, f);
            return f;
        });
        try {
            loop().runUntilComplete(done.orTimeout(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            throw new AssertionError("timed out waiting for " + what + "; shown: " + onUi(this::shownLines), e);
        }
    }

    /** Waits until ada is connected, in the channel, and the view shows it. */
    protected final void awaitConnected() {
        await("ada joined " + channel, () -> client.state() == ConnectionState.CONNECTED
                && chosen() != null && chosen().joined() && users().contains("ada"));
    }

    /** Whether the window's client says it opened a WebSocket to the server (its log keeps the line). */
    protected final boolean openedAWebSocket() {
        return onUi(() -> client.log().stream().anyMatch(e -> e.text().startsWith("WebSocket open to ws://127.0.0.1:")));
    }

    /** Types {@code line} into the input line and presses Enter. */
    protected final void type(String line) {
        onUi(() -> {
            setInput(line);
            press(Key.ENTER);
            return null;
        });
    }

    /** The lines shown from {@code nick} with {@code text}. */
    protected final List<ChatEntry> shown(String nick, String text) {
        return onUi(() -> messages().stream().filter(e -> e.nick().equals(nick) && e.text().equals(text)).toList());
    }

    private List<String> shownLines() {
        return messages().stream().map(e -> e.nick() + ":" + e.text() + ":" + e.status()).toList();
    }

    // ------------------------------------------------------------ the tests

    @Test
    public void aTypedLineReachesAnotherClientAndTheirLinesAndJoinsAndPartsShowUp() {
        start();
        awaitConnected();
        assertTrue(onUi(this::stateText).startsWith("connected to 127.0.0.1:"));
        Peer bob = peer("bob");
        bob.awaitMember(channel, "ada");
        await("bob in the user list", () -> users().contains("bob"));

        type("hello bob");
        bob.await("the line from ada", () -> !bob.textsFrom("ada").isEmpty());
        assertEquals(List.of("hello bob"), bob.textsFrom("ada"));
        await("ada's line confirmed", () -> !shown("ada", "hello bob").isEmpty()
                && shown("ada", "hello bob").get(0).status() == ChatEntry.Status.SENT);
        assertEquals("", onUi(this::input));

        bob.type("hi ada");
        await("bob's line shown", () -> !shown("bob", "hi ada").isEmpty());
        assertEquals(ChatEntry.Status.RECEIVED, shown("bob", "hi ada").get(0).status());

        bob.type("/part " + channel + " lunch");
        await("bob gone from the user list", () -> !users().contains("bob"));
        await("bob's part shown", () -> messages().stream()
                .anyMatch(e -> e.kind() == ChatEntry.Kind.PART && e.nick().equals("bob") && e.text().equals("lunch")));
    }

    @Test
    public void closingTheWindowSaysQuitToTheServerBeforeItGoes() {
        start();
        awaitConnected();
        Peer bob = peer("bob");
        bob.awaitMember(channel, "ada");
        onUi(() -> {
            requestClose();
            return null;
        });
        bob.await("ada's QUIT", () -> bob.saw(ChatEntry.Kind.QUIT, "ada", "Quit: window closed"));
        await("the window closed", this::windowClosed);
        assertEquals(ConnectionState.CLOSED, onUi(() -> client.state()));
    }

    @Test
    public void f12OpensTheLoopMonitorWithTheLoopsFigures() {
        start();
        awaitConnected();
        assertEquals(null, onUi(this::loopMonitorValues), "a monitor before F12");
        List<String> shown = onUi(() -> {
            press(Key.F12);
            return loopMonitorValues();
        });
        assertTrue(shown != null && shown.size() == 8, "the monitor's rows: " + shown);
        assertTrue(shown.get(4).matches("\\d+ / \\d+"), "pending callbacks / timers: " + shown.get(4));
    }

    @Test
    public void upAndDownWalkTheInputHistory() {
        start();
        awaitConnected();
        type("first");
        type("second");
        List<String> seen = onUi(() -> {
            List<String> texts = new ArrayList<>();
            setInput("draft");
            for (Key key : List.of(Key.UP, Key.UP, Key.UP, Key.DOWN, Key.DOWN)) {
                press(key);
                texts.add(input());
            }
            return texts;
        });
        assertEquals(List.of("second", "first", "first", "second", "draft"), seen);
    }

    @Test
    public void linesTypedWhileTheServerIsDownShowAsPendingAndAreDeliveredOnceAfterItIsBack() {
        // ada's reconnect waits until bob is back in the channel, so bob is there to hear the lines.
        AtomicReference<CompletableFuture<Void>> gate = new AtomicReference<>(CompletableFuture.completedFuture(null));
        EventLoop loop = loop();
        Dialer gated = options -> loop.adopt(gate.get()).thenCompose(v -> loop.openConnection(options));
        start(ServerConfig.defaults(), gated);
        awaitConnected();
        Peer bob = peer("bob");
        bob.awaitMember(channel, "ada");
        type("before");
        bob.await("before", () -> bob.textsFrom("ada").contains("before"));
        await("before confirmed", () -> !shown("ada", "before").isEmpty()
                && shown("ada", "before").get(0).status() == ChatEntry.Status.SENT);

        gate.set(new CompletableFuture<>());
        server.stop();
        await("ada notices", () -> client.state() != ConnectionState.CONNECTED);
        type("while down 1");
        type("while down 2");
        await("the lines shown pending", () -> shown("ada", "while down 2").size() == 1
                && shown("ada", "while down 1").get(0).status() == ChatEntry.Status.PENDING
                && shown("ada", "while down 2").get(0).status() == ChatEntry.Status.PENDING
                && pendingText().equals("2 pending"));

        server.startAgain();
        bob.awaitMember(channel, "bob");
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
