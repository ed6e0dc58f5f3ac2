package dev.loopbridge.demo.fx;

import java.util.List;
import java.util.Locale;

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
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.ui.ChatPresenter;
import dev.loopbridge.demo.ui.Conversation;
import dev.loopbridge.demo.ui.History;
import dev.loopbridge.demo.ui.Transcript;
import dev.loopbridge.javafx.FxAsync;

/**
 * The chat view of one {@link ChatClient}: conversations on the left, the messages of the chosen
 * one in the middle (a virtualized {@link ListView}, fed in batches once per pulse by a
 * {@link Transcript}), its members on the right, the input line and the status bar below. What
 * the client's events call for is the {@link ChatPresenter}'s; this class is the nodes it drives.
 * Everything here runs on the FX thread, which is the client's loop thread.
 */
final class ChatPane extends BorderPane implements ChatPresenter.View<ChatPane.FxConversation> {

    /** One conversation's lines and members, as the list views show them. */
    static final class FxConversation extends Conversation {
        final ObservableList<ChatEntry> lines = FXCollections.observableArrayList();
        final ObservableList<String> members = FXCollections.observableArrayList();

        FxConversation(String key, String name) {
            super(key, name);
        }

        @Override
        protected void append(List<ChatEntry> batch) {
            lines.addAll(batch);
        }

        @Override
        protected int lineCount() {
            return lines.size();
        }

        @Override
        protected void replace(int index, ChatEntry entry) {
            lines.set(index, entry);
        }

        @Override
        protected void setMembers(List<String> now) {
            members.setAll(now);
        }
    }

    final ChatPresenter<FxConversation> presenter;
    final ListView<FxConversation> conversations = new ListView<>();
    final ListView<ChatEntry> messages = new ListView<>();
    final ListView<String> users = new ListView<>();
    final TextField input = new TextField();
    final Button send = new Button("Send");
    final Label state = new Label();
    final Label serverLag = new Label();
    final Label loopLag = new Label();
    final Label pending = new Label();
    final Label topic = new Label();

    /**
     * A view of {@code client} (not started yet: the caller starts it after adding the view);
     * {@code scope} bounds the status refresher's life (the window's scope or a child of it).
     */
    ChatPane(ChatClient client, LoopScope scope, Button serverButton) {
        EventLoop loop = client.loop();
        this.presenter = new ChatPresenter<>(client, flush -> FxAsync.nextPulse(loop).thenRun(flush), this,
                new ChatPresenter.Labels(topic::setText, serverLag::setText, loopLag::setText, pending::setText));
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
            protected void updateItem(FxConversation c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.toString());
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("parted"), c != null && !c.joined()
                        && !c.isServer() && dev.loopbridge.demo.irc.IrcText.isChannel(c.name()));
            }
        });
        conversations.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> presenter.chosen(now));
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

        presenter.start(scope);
    }

    // ------------------------------------------------------------ ChatPresenter.View

    @Override
    public FxConversation add(String key, String name) {
        FxConversation c = new FxConversation(key, name);
        conversations.getItems().add(c);
        return c;
    }

    /** The conversation shown. */
    @Override
    public FxConversation selected() {
        return conversations.getSelectionModel().getSelectedItem();
    }

    @Override
    public void select(FxConversation c) {
        conversations.getSelectionModel().select(c);
    }

    @Override
    public void show(FxConversation c) {
        if (c == null) {
            messages.setItems(FXCollections.observableArrayList());
            users.setItems(FXCollections.observableArrayList());
            return;
        }
        messages.setItems(c.lines);
        users.setItems(c.members);
        if (!c.lines.isEmpty()) {
            scrollToNewest();
        }
    }

    /** Whether the last line is in view (then new lines scroll the view along). */
    @Override
    public boolean atBottom() {
        if (messages.getItems().isEmpty() || !(messages.lookup(".virtual-flow") instanceof VirtualFlow<?> flow)) {
            return true;
        }
        IndexedCell<?> last = flow.getLastVisibleCell();
        return last == null || last.getIndex() >= messages.getItems().size() - 1;
    }

    @Override
    public void scrollToNewest() {
        messages.scrollTo(messages.getItems().size() - 1);
    }

    @Override
    public void conversationsChanged() {
        conversations.refresh();
    }

    @Override
    public void showState(ConnectionState now, String text, String nickAtHost) {
        state.setText(text);
        state.getStyleClass().setAll("label", "state", "state-" + now.name().toLowerCase(Locale.ROOT));
        if (getScene() != null && getScene().getWindow() instanceof javafx.stage.Stage stage) {
            stage.setTitle("LoopChat — " + nickAtHost);
        }
    }

    // ------------------------------------------------------------ the input line

    private void submit() {
        if (presenter.submit(input.getText())) {
            input.clear();
        }
    }

    private void browseHistory(KeyEvent e) {
        History history = presenter.history();
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
}
