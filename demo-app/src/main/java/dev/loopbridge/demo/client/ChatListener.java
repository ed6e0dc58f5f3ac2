package dev.loopbridge.demo.client;

import java.time.Duration;

import dev.loopbridge.demo.irc.IrcMessage;

/**
 * What a UI hears from a {@link ChatClient}. Every method is called on the client's loop thread
 * — the JavaFX Application Thread or the EDT when the client runs on a toolkit loop — so a
 * listener may touch its widgets directly. Every method has an empty default; override what you
 * show. A listener that throws is reported to the loop's exception handler and the others still
 * run.
 *
 * <pre>{@code
 * client.addListener(new ChatListener() {
 *     @Override public void stateChanged(ConnectionState s) { status.setText(s.name()); }
 *     @Override public void entryAdded(ChatEntry e) { messages.add(e); }
 * });
 * }</pre>
 */
public interface ChatListener {

    /** The connection state changed. */
    default void stateChanged(ConnectionState state) {
    }

    /** The client's nick changed (registration, fallback after 433, or {@code /nick}). */
    default void nickChanged(String nick) {
    }

    /** A line was added to the log (typed by the user, or received). */
    default void entryAdded(ChatEntry entry) {
    }

    /** A line already reported changed status; {@code entry} replaces the one with the same id. */
    default void entryUpdated(ChatEntry entry) {
    }

    /** A channel was joined, or its topic or members changed. */
    default void channelChanged(ChannelInfo channel) {
    }

    /** The client left a channel (part, kick) and no longer shows it. */
    default void channelRemoved(String channel) {
    }

    /** A new round trip to the server was measured (PING to PONG). */
    default void lagChanged(Duration lag) {
    }

    /** Every message received, after the client handled it (for a raw log or a debug view). */
    default void messageReceived(IrcMessage message) {
    }
}
