package dev.loopbridge.demo.swing;

import java.util.ArrayList;
import java.util.List;

import javax.swing.AbstractListModel;

import dev.loopbridge.demo.client.ChatEntry;

/**
 * The lines of one conversation for a {@link javax.swing.JList}: an append-only list that tells
 * the list about a whole batch with one event ({@code DefaultListModel} fires one per element).
 * EDT.
 */
final class EntryListModel extends AbstractListModel<ChatEntry> {

    private static final long serialVersionUID = 1L;

    private final transient List<ChatEntry> lines = new ArrayList<>();

    @Override
    public int getSize() {
        return lines.size();
    }

    @Override
    public ChatEntry getElementAt(int index) {
        return lines.get(index);
    }

    /** Appends {@code batch}: one interval-added event. */
    void addAll(List<ChatEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int start = lines.size();
        lines.addAll(batch);
        fireIntervalAdded(this, start, lines.size() - 1);
    }

    /** Replaces the line at {@code index}. */
    void set(int index, ChatEntry entry) {
        lines.set(index, entry);
        fireContentsChanged(this, index, index);
    }
}
