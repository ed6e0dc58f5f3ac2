package dev.loopbridge.demo.ui;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.demo.client.ChannelInfo;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.client.ConnectionState;

/**
 * What a chat view does when its {@link ChatClient} reports something, the same in every
 * toolkit. Everything in this class runs on the client's loop thread (the FX thread or the EDT).
 *
 * <p>It lists a {@link Conversation} for the server and for each channel or private chat, feeds
 * their lines through a {@link Transcript} (in batches, once per flush of the toolkit's
 * scheduler), follows joins, parts, members and topics, keeps the status bar (connection state,
 * pending lines, server and loop lag) current, and sends what the user types. The toolkit class
 * holds only the widgets, behind {@link View} and {@link Labels}, and reports the user's choices
 * back:
 *
 * <pre>{@code
 * presenter = new ChatPresenter<>(client, flush -> FxAsync.nextPulse(loop).thenRun(flush), this,
 *         new ChatPresenter.Labels(topic::setText, serverLag::setText, loopLag::setText, pending::setText));
 * conversations.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> presenter.chosen(now));
 * input.setOnAction(e -> {
 *     if (presenter.submit(input.getText())) {
 *         input.clear();
 *     }
 * });
 * presenter.start(scope);   // once the widgets exist
 * }</pre>
 *
 * @param <C> the view's conversations (they carry its list models)
 */
public final class ChatPresenter<C extends Conversation> implements ChatListener, Transcript.View {

    /** How often the status bar re-reads the lags and the pending count. */
    public static final Duration STATUS_REFRESH = Duration.ofMillis(500);

    /** The loop lag shown is the worst of this many status refreshes (5 s). */
    private static final int LAG_WINDOW = 10;

    /** The widgets a presenter drives: one toolkit's chat view. Loop thread. */
    public interface View<C extends Conversation> {

        /** A new conversation, added at the end of the conversation list. */
        C add(String key, String name);

        /** The conversation chosen in the list, or null. */
        C selected();

        /** Chooses {@code c} in the list (which then reports it to {@link ChatPresenter#chosen}). */
        void select(C c);

        /** Shows the lines of {@code c}, scrolled to the newest, and its members; null: none is chosen. */
        void show(C c);

        /** Whether the newest line shown is in view (new lines then scroll the view along). */
        boolean atBottom();

        /** Scrolls the message view to the newest line. */
        void scrollToNewest();

        /** A conversation's name or joined flag changed: redraws the conversation list. */
        void conversationsChanged();

        /**
         * Shows the connection state: {@code text} in the status bar, {@code nickAtHost}
         * ({@code ada @ irc.libera.chat}) in the window title.
         */
        void showState(ConnectionState state, String text, String nickAtHost);
    }

    /**
     * The view's plain text labels, each given as its {@code setText}: the line above the
     * messages (the channel and its topic) and the status bar's server lag, loop lag and pending
     * count ({@link StatusText}).
     */
    public record Labels(Consumer<String> topic, Consumer<String> serverLag, Consumer<String> loopLag,
            Consumer<String> pending) {

        /** Checks that every label is there. */
        public Labels {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(serverLag, "serverLag");
            Objects.requireNonNull(loopLag, "loopLag");
            Objects.requireNonNull(pending, "pending");
        }
    }

    private final ChatClient client;
    private final EventLoop loop;
    private final View<C> view;
    private final Labels labels;
    private final Transcript transcript;
    private final History history = new History();
    // Every conversation listed, by key; they stay listed (a channel left is shown parted).
    private final Map<String, C> byKey = new HashMap<>();
    private TimerHandle refresher;

    /**
     * A presenter of {@code client} (not started yet) for {@code view} and its {@code labels};
     * {@code flushScheduler} runs a transcript flush once, later, on the loop thread (see
     * {@link Transcript}).
     */
    public ChatPresenter(ChatClient client, Consumer<Runnable> flushScheduler, View<C> view, Labels labels) {
        this.client = Objects.requireNonNull(client, "client");
        this.loop = client.loop();
        this.view = Objects.requireNonNull(view, "view");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.transcript = new Transcript(this, flushScheduler);
    }

    /**
     * Lists the server and the configured channels, chooses the active one, fills the status bar
     * and starts listening to the client; all of that ends when {@code scope} closes (the window's
     * scope or a child of it). Call once, when the view's widgets exist.
     */
    public void start(LoopScope scope) {
        String server = Transcript.key(ChatEntry.SERVER);
        conversation(ChatEntry.SERVER);
        for (String channel : client.config().channels()) {
            conversation(channel);
        }
        String active = client.activeTarget().map(Transcript::key).orElse(server);
        view.select(byKey.getOrDefault(active, byKey.get(server)));
        stateChanged(client.state());
        labels.serverLag().accept(StatusText.serverLag(client.lag()));
        client.addListener(transcript);
        client.addListener(this);
        refreshStatus();
        Consumer<Duration> showLoopLag = worst -> labels.loopLag().accept(StatusText.loopLag(worst));
        showLoopLag.accept(Duration.ZERO);
        new LagMeter(loop, scope, STATUS_REFRESH, LAG_WINDOW, showLoopLag);
        scope.onClose(() -> {
            if (refresher != null) {
                refresher.cancel();
            }
            client.removeListener(this);
            client.removeListener(transcript);
        });
    }

    /** The transcript that feeds the view (tests count its flushes). */
    public Transcript transcript() {
        return transcript;
    }

    /** The input line's history: the view walks it on the up and down keys. */
    public History history() {
        return history;
    }

    // ------------------------------------------------------------ what the user does

    /** The user chose {@code c} in the conversation list (null: none); plain text goes there now. */
    public void chosen(C c) {
        view.show(c);
        if (c == null) {
            return;
        }
        labels.topic().accept(title(c));
        if (!c.isServer()) {
            client.setActiveTarget(c.name());
        }
    }

    /**
     * Sends {@code line} as typed (a message or a command) and remembers it in the history.
     *
     * @return whether it was sent (the view clears its input then); false for a blank line
     */
    public boolean submit(String line) {
        if (line.isBlank()) {
            return false;
        }
        history.add(line);
        client.submit(line);
        refreshPending();
        return true;
    }

    // ------------------------------------------------------------ Transcript.View

    @Override
    public void appended(String key, String name, List<ChatEntry> batch) {
        C c = conversation(name);
        boolean follow = c == view.selected() && view.atBottom();
        c.append(batch);
        if (follow) {
            view.scrollToNewest();
        }
    }

    @Override
    public void replaced(String key, int index, ChatEntry entry) {
        C c = byKey.get(key);
        if (c != null && index < c.lineCount()) {
            c.replace(index, entry);
        }
    }

    // ------------------------------------------------------------ ChatListener

    @Override
    public void stateChanged(ConnectionState now) {
        ChatConfig config = client.config();
        view.showState(now, StatusText.connection(now, config.host() + ":" + config.port(), client.nick()),
                client.nick() + " @ " + config.host());
    }

    @Override
    public void nickChanged(String nick) {
        stateChanged(client.state());
    }

    @Override
    public void channelChanged(ChannelInfo info) {
        boolean isNew = !byKey.containsKey(Transcript.key(info.name()));
        C c = conversation(info.name());
        c.name = info.name();
        c.joined = info.joined();
        c.setMembers(info.members());
        if (c == view.selected()) {
            labels.topic().accept(topicLine(info));
        }
        view.conversationsChanged();
        if (isNew && client.activeTarget().map(Transcript::key).orElse("").equals(c.key())) {
            view.select(c);   // just joined with /join: show it
        }
    }

    @Override
    public void channelRemoved(String channel) {
        C c = byKey.get(Transcript.key(channel));
        if (c != null) {
            c.joined = false;
            c.setMembers(List.of());
            view.conversationsChanged();
        }
    }

    @Override
    public void lagChanged(Duration lag) {
        labels.serverLag().accept(StatusText.serverLag(Optional.of(lag)));
    }

    // ------------------------------------------------------------ the rest

    /** The conversation with {@code name}, made (and listed) on first use. */
    private C conversation(String name) {
        return byKey.computeIfAbsent(Transcript.key(name), key -> view.add(key, name));
    }

    /** What the view shows above the lines of {@code c}. */
    private String title(C c) {
        if (c.isServer()) {
            return "Server messages";
        }
        return client.channel(c.name()).map(ChatPresenter::topicLine).orElse(c.name());
    }

    /** {@code #loop — the topic}, or the channel's name while it has none. */
    private static String topicLine(ChannelInfo info) {
        return info.topic().isEmpty() ? info.name() : info.name() + " — " + info.topic();
    }

    private void refreshPending() {
        labels.pending().accept(StatusText.pending(client.pendingCount()));
    }

    private void refreshStatus() {
        refreshPending();
        refresher = loop.callLater(STATUS_REFRESH, this::refreshStatus);
    }
}
