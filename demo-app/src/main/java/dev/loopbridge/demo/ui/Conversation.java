package dev.loopbridge.demo.ui;

import java.util.List;
import java.util.Objects;

import dev.loopbridge.demo.client.ChatEntry;

/**
 * One conversation of a chat view: a channel, a private chat, or the server messages. A toolkit
 * view extends it with its list models (the lines and the members) and the four methods that
 * fill them; the {@link ChatPresenter} decides what goes in. Loop thread.
 */
public abstract class Conversation {

    private final String key;
    // Set by the presenter: the name as the server last spelled it, and whether the client is in it.
    String name;
    boolean joined;

    /** A conversation listed under {@code key} ({@link Transcript#key} of {@code name}). */
    protected Conversation(String key, String name) {
        this.key = Objects.requireNonNull(key, "key");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Its key: the folded name, so {@code #Loop} and {@code #loop} are one conversation. */
    public final String key() {
        return key;
    }

    /** Its name as last reported (a channel, a nick, or {@link ChatEntry#SERVER}). */
    public final String name() {
        return name;
    }

    /** Whether the client is in it: a channel it left stays listed, not joined. */
    public final boolean joined() {
        return joined;
    }

    /** Whether it holds the server's messages. */
    public final boolean isServer() {
        return name.equals(ChatEntry.SERVER);
    }

    /** Appends {@code batch} to the lines. */
    protected abstract void append(List<ChatEntry> batch);

    /** How many lines there are. */
    protected abstract int lineCount();

    /** Replaces the line at {@code index}. */
    protected abstract void replace(int index, ChatEntry entry);

    /** Replaces the members with {@code members}. */
    protected abstract void setMembers(List<String> members);

    /** How the conversation list shows it. */
    @Override
    public String toString() {
        return isServer() ? "server" : name;
    }
}
