package dev.loopbridge.demo.fx;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.demo.client.ChannelInfo;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.ui.History;
import dev.loopbridge.demo.ui.LagMeter;
import dev.loopbridge.demo.ui.StatusText;
import dev.loopbridge.demo.ui.Transcript;
import dev.loopbridge.javafx.FxAsync;

/**
 * The chat view of one {@link ChatClient}: conversations on the left, the messages of the chosen
 * one in the middle (a virtualized {@link ListView}, fed in batches once per pulse by a
 * {@link Transcript}), its members on the right, the input line and the status bar below.
 * Everything here runs on the FX thread, which is the client's loop thread: listener callbacks
 * touch the nodes directly.
 */
final class ChatPane extends BorderPane implements ChatListener, Transcript.View {

    /** How often the status bar re-reads the lags and the pending count. */
    static final Duration STATUS_REFRESH = Duration.ofMillis(500);

    /** The loop lag shown is the worst of this many status refreshes (5 s). */
    private static final int LAG_WINDOW = 10;

    /** One conversation: a channel, a private chat, or the server messages. */
    static final class Conversation {
        final String key;
        String name;
        final ObservableList<ChatEntry> lines = FXCollections.observableArrayList();
        final ObservableList<String> members = FXCollections.observableArrayList();
        boolean joined;

        Conversation(String key, String name) {
            this.key = key;
            this.name = name;
        }

        @Override
        public String toString() {
            return name.equals(ChatEntry.SERVER) ? "server" : name;
        }
    }

    final ChatClient client;
    private final EventLoop loop;
    final Transcript transcript;
    private final History history = new History();
    private final Map<String, Conversation> byKey = new HashMap<>();
    final ListView<Conversation> conversations = new ListView<>();
    final ListView<ChatEntry> messages = new ListView<>();
    final ListView<String> users = new ListView<>();
    final TextField input = new TextField();
    final Button send = new Button("Send");
    final Label state = new Label();
    final Label serverLag = new Label();
    final Label loopLag = new Label();
    final Label pending = new Label();
    final Label topic = new Label();
    private TimerHandle refresher;

    /**
     * A view of {@code client} (not started yet: the caller starts it after adding the view);
     * {@code scope} bounds the status refresher's life (the window's scope or a child of it).
     */
    ChatPane(ChatClient client, LoopScope scope, Button serverButton) {
        this.client = client;
        this.loop = client.loop();
        this.transcript = new Transcript(this, flush -> FxAsync.nextPulse(loop).thenRun(flush));
        getStyleClass().add("chat-pane");
        messages.setId("messages");
        users.setId("users");
        conversations.setId("conversations");
        input.setId("input");
        state.setId("state");
        serverLag.setId("server-lag");
        loopLag.setId("loop-lag");
        pending.setId("pending");

        messages.setCellFactory(list -> new EntryCell());
        messages.setFixedCellSize(24);
        messages.setFocusTraversable(false);
        messages.setPlaceholder(new Label("No messages yet"));
        conversations.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Conversation c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.toString());
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("parted"), c != null && !c.joined
                        && !c.name.equals(ChatEntry.SERVER) && dev.loopbridge.demo.irc.IrcText.isChannel(c.name));
            }
        });
        conversations.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> show(now));
        users.setPlaceholder(new Label(""));

        Label convTitle = new Label("CONVERSATIONS");
        convTitle.getStyleClass().add("section");
        VBox left = new VBox(convTitle, conversations);
        left.getStyleClass().add("sidebar");
        VBox.setVgrow(conversations, Priority.ALWAYS);
        Label usersTitle = new Label("USERS");
        usersTitle.getStyleClass().add("section");
        VBox right = new VBox(usersTitle, users);
        right.getStyleClass().add("sidebar");
        VBox.setVgrow(users, Priority.ALWAYS);
        topic.getStyleClass().add("topic");
        topic.setMaxWidth(Double.MAX_VALUE);
        VBox center = new VBox(topic, messages);
        VBox.setVgrow(messages, Priority.ALWAYS);
        SplitPane split = new SplitPane(left, center, right);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.17, 0.83);
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);
        setCenter(split);

        input.setPromptText("Type a message, or /join #channel, /me, /nick, /msg, /quit");
        HBox.setHgrow(input, Priority.ALWAYS);
        input.setOnAction(e -> submit());
        send.setOnAction(e -> submit());
        input.addEventFilter(KeyEvent.KEY_PRESSED, this::browseHistory);
        HBox inputRow = new HBox(8, input, send);
        inputRow.getStyleClass().add("input-row");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox status = new HBox(14, state, pending, spacer, serverLag, loopLag, serverButton);
        status.getStyleClass().add("status-bar");
        VBox bottom = new VBox(inputRow, status);
        setBottom(bottom);
        setPadding(Insets.EMPTY);

        conversation(ChatEntry.SERVER);
        for (String channel : client.config().channels()) {
            conversation(channel);
        }
        selectActive();
        stateChanged(client.state());
        serverLag.setText(StatusText.serverLag(client.lag()));
        client.addListener(transcript);
        client.addListener(this);
        refreshStatus();
        loopLag.setText(StatusText.loopLag(Duration.ZERO));
        new LagMeter(loop, scope, STATUS_REFRESH, LAG_WINDOW, worst -> loopLag.setText(StatusText.loopLag(worst)));
        scope.onClose(() -> {
            if (refresher != null) {
                refresher.cancel();
            }
            client.removeListener(this);
            client.removeListener(transcript);
        });
    }

    // ------------------------------------------------------------ Transcript.View

    @Override
    public void appended(String key, String name, List<ChatEntry> batch) {
        Conversation c = conversation(name);
        boolean follow = c == selected() && atBottom();
        c.lines.addAll(batch);
        if (follow) {
            messages.scrollTo(c.lines.size() - 1);
        }
    }

    @Override
    public void replaced(String key, int index, ChatEntry entry) {
        Conversation c = byKey.get(key);
        if (c != null && index < c.lines.size()) {
            c.lines.set(index, entry);
        }
    }

    // ------------------------------------------------------------ ChatListener

    @Override
    public void stateChanged(ConnectionState now) {
        state.setText(StatusText.connection(now, client.config().host() + ":" + client.config().port(), client.nick()));
        state.getStyleClass().setAll("label", "state", "state-" + now.name().toLowerCase(Locale.ROOT));
        if (getScene() != null && getScene().getWindow() instanceof javafx.stage.Stage stage) {
            stage.setTitle("LoopChat — " + client.nick() + " @ " + client.config().host());
        }
    }

    @Override
    public void nickChanged(String nick) {
        stateChanged(client.state());
    }

    @Override
    public void channelChanged(ChannelInfo info) {
        boolean isNew = !byKey.containsKey(Transcript.key(info.name()));
        Conversation c = conversation(info.name());
        c.name = info.name();
        c.joined = info.joined();
        c.members.setAll(info.members());
        if (c == selected()) {
            topic.setText(info.topic().isEmpty() ? info.name() : info.name() + " — " + info.topic());
        }
        conversations.refresh();
        if (isNew && client.activeTarget().map(Transcript::key).orElse("").equals(c.key)) {
            conversations.getSelectionModel().select(c);   // just joined with /join: show it
        }
    }

    @Override
    public void channelRemoved(String channel) {
        Conversation c = byKey.get(Transcript.key(channel));
        if (c != null) {
            c.joined = false;
            c.members.clear();
            conversations.refresh();
        }
    }

    @Override
    public void lagChanged(Duration lag) {
        serverLag.setText(StatusText.serverLag(java.util.Optional.of(lag)));
    }

    // ------------------------------------------------------------ the rest

    /** The conversation with {@code name}, made (and listed) on first use. */
    Conversation conversation(String name) {
        return byKey.computeIfAbsent(Transcript.key(name), key -> {
            Conversation c = new Conversation(key, name);
            conversations.getItems().add(c);
            return c;
        });
    }

    /** The conversation shown. */
    Conversation selected() {
        return conversations.getSelectionModel().getSelectedItem();
    }

    private void selectActive() {
        String active = client.activeTarget().map(Transcript::key).orElse(Transcript.key(ChatEntry.SERVER));
        conversations.getSelectionModel().select(byKey.getOrDefault(active, byKey.get(Transcript.key(ChatEntry.SERVER))));
    }

    private void show(Conversation c) {
        if (c == null) {
            messages.setItems(FXCollections.observableArrayList());
            users.setItems(FXCollections.observableArrayList());
            return;
        }
        messages.setItems(c.lines);
        users.setItems(c.members);
        if (!c.lines.isEmpty()) {
            messages.scrollTo(c.lines.size() - 1);
        }
        boolean server = c.name.equals(ChatEntry.SERVER);
        topic.setText(server ? "Server messages" : client.channel(c.name).map(i -> i.topic().isEmpty()
                ? i.name() : i.name() + " — " + i.topic()).orElse(c.name));
        if (!server) {
            client.setActiveTarget(c.name);
        }
    }

    /** Whether the last line is in view (then new lines scroll the view along). */
    private boolean atBottom() {
        if (messages.getItems().isEmpty() || !(messages.lookup(".virtual-flow") instanceof VirtualFlow<?> flow)) {
            return true;
        }
        IndexedCell<?> last = flow.getLastVisibleCell();
        return last == null || last.getIndex() >= messages.getItems().size() - 1;
    }

    private void submit() {
        String line = input.getText();
        if (line.isBlank()) {
            return;
        }
        history.add(line);
        input.clear();
        client.submit(line);
        refreshPending();
    }

    private void browseHistory(KeyEvent e) {
        if (e.getCode() == KeyCode.UP) {
            input.setText(history.previous(input.getText()));
        } else if (e.getCode() == KeyCode.DOWN) {
            input.setText(history.next());
        } else {
            return;
        }
        input.positionCaret(input.getText().length());
        e.consume();
    }

    private void refreshPending() {
        pending.setText(StatusText.pending(client.pendingCount()));
    }

    private void refreshStatus() {
        refreshPending();
        refresher = loop.callLater(STATUS_REFRESH, this::refreshStatus);
    }
}
