package dev.loopbridge.demo.client;

import java.time.Instant;

/**
 * One line of the chat log a UI shows: immutable, safe to hand to any thread. Identified by
 * {@link #id()}: when an outgoing line's {@link Status} changes, the client reports a new
 * {@code ChatEntry} with the same id through {@link ChatListener#entryUpdated}.
 *
 * <pre>{@code
 * client.addListener(new ChatListener() {
 *     public void entryAdded(ChatEntry e) { view.append(e.id(), e.nick() + ": " + e.text()); }
 *     public void entryUpdated(ChatEntry e) { view.markSent(e.id(), e.status()); }
 * });
 * }</pre>
 *
 * @param id     unique per client, increasing in log order
 * @param time   when the line was typed or received (the client's wall clock)
 * @param target the conversation: a channel ({@code #loop}), a nick for private messages, or
 *               {@link #SERVER} for server notices and errors
 * @param kind   what happened
 * @param nick   who did it ({@code ""} for the server)
 * @param text   the message, topic, reason or notice text
 * @param status for lines this client sends, where the line is; {@link Status#RECEIVED} otherwise
 */
public record ChatEntry(long id, Instant time, String target, Kind kind, String nick, String text, Status status) {

    /** The {@link #target()} of server messages (MOTD, notices, error numerics). */
    public static final String SERVER = "*server*";

    /** What a log line records. */
    public enum Kind {
        /** A PRIVMSG. */
        MESSAGE,
        /** A CTCP ACTION ({@code /me}). */
        ACTION,
        /** A NOTICE. */
        NOTICE,
        /** Someone joined the target channel. */
        JOIN,
        /** Someone left the target channel ({@code text} is the reason). */
        PART,
        /** Someone was kicked ({@code nick} is who was kicked, {@code text} the reason). */
        KICK,
        /** Someone quit ({@code text} is the reason). */
        QUIT,
        /** Someone changed nick ({@code nick} the old one, {@code text} the new one). */
        NICK,
        /** The topic was shown or changed. */
        TOPIC,
        /** Information from the server or the client (welcome, MOTD, names, connection). */
        INFO,
        /** An error: a numeric from the server, a bad command typed, a lost connection. */
        ERROR
    }

    /** Where a line is on its way; lines from others are {@link #RECEIVED}. */
    public enum Status {
        /** Typed, waiting for a connection or the rate limit; will be sent. */
        PENDING,
        /** Written to the socket, not yet confirmed by the server. */
        IN_FLIGHT,
        /** Confirmed: the server processed it (a PING written after it was answered). */
        SENT,
        /**
         * The connection died after the line was written and before the server confirmed it, and
         * the server cannot drop a repeat: it may or may not have been delivered, so the client does
         * not send it again by itself (see {@link ChatClient#resend}).
         */
        UNCERTAIN,
        /** Not sent and never will be (the client quit or closed with it queued). */
        DROPPED,
        /** A line from someone else, or from the server. */
        RECEIVED
    }

    /** This entry with another status. */
    public ChatEntry withStatus(Status newStatus) {
        return new ChatEntry(id, time, target, kind, nick, text, newStatus);
    }

    /** Whether this client sent this line. */
    public boolean isOwn() {
        return status != Status.RECEIVED;
    }
}
