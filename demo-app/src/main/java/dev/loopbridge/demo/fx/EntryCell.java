package dev.loopbridge.demo.fx;

import java.util.Locale;

import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.ui.EntryText;

/**
 * One row of the message view: time, who, text. FX thread. The list reuses a screenful of these
 * cells however long the log is, so a cell only restyles itself for the entry it is given.
 */
final class EntryCell extends ListCell<ChatEntry> {

    private static final PseudoClass PENDING = PseudoClass.getPseudoClass("pending");
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final PseudoClass EVENT = PseudoClass.getPseudoClass("event");

    private final Label time = new Label();
    private final Label who = new Label();
    private final Label text = new Label();
    private final HBox row = new HBox(8, time, who, text);

    EntryCell() {
        getStyleClass().add("entry-cell");
        time.getStyleClass().add("time");
        who.getStyleClass().add("who");
        text.getStyleClass().add("text");
        time.setMinWidth(USE_PREF_SIZE);
        who.setMinWidth(USE_PREF_SIZE);
        HBox.setHgrow(text, Priority.ALWAYS);
        setText(null);
    }

    @Override
    protected void updateItem(ChatEntry e, boolean empty) {
        super.updateItem(e, empty);
        if (empty || e == null) {
            setGraphic(null);
            return;
        }
        time.setText(EntryText.time(e));
        who.setText(EntryText.who(e));
        text.setText(EntryText.text(e));
        boolean event = e.kind() != ChatEntry.Kind.MESSAGE && e.kind() != ChatEntry.Kind.NOTICE;
        String whoClass = e.kind() == ChatEntry.Kind.MESSAGE || e.kind() == ChatEntry.Kind.NOTICE
                ? "nick-" + EntryText.colorSlot(e.nick()) : "kind-" + e.kind().name().toLowerCase(Locale.ROOT);
        who.getStyleClass().setAll("who", whoClass);
        pseudoClassStateChanged(PENDING, EntryText.provisional(e));
        pseudoClassStateChanged(FAILED, EntryText.failed(e));
        pseudoClassStateChanged(EVENT, event);
        setGraphic(row);
    }
}
