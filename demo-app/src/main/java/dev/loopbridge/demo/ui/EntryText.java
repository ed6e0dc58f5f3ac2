package dev.loopbridge.demo.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import dev.loopbridge.demo.client.ChatEntry;

/**
 * How a log entry reads in a message view, in three columns: the time, the "who" column and the
 * text. Pure functions; any thread.
 */
public final class EntryText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private EntryText() {
    }

    /** The time column ({@code 14:05}). */
    public static String time(ChatEntry e) {
        return TIME.format(e.time());
    }

    /** The "who" column: {@code <nick>} for messages, a marker for events. */
    public static String who(ChatEntry e) {
        return switch (e.kind()) {
            case MESSAGE -> "<" + e.nick() + ">";
            case NOTICE -> "-" + e.nick() + "-";
            case ACTION -> "*";
            case JOIN -> "-->";
            case PART, QUIT, KICK -> "<--";
            case NICK, TOPIC, INFO -> "---";
            case ERROR -> "!!!";
        };
    }

    /** The text column, with a note for own lines not yet confirmed. */
    public static String text(ChatEntry e) {
        String text = switch (e.kind()) {
            case MESSAGE, NOTICE, INFO, ERROR -> e.text();
            case ACTION -> e.nick() + " " + e.text();
            case JOIN -> e.nick() + " joined";
            case PART -> e.nick() + " left" + (e.text().isEmpty() ? "" : " (" + e.text() + ")");
            case QUIT -> e.nick() + " quit" + (e.text().isEmpty() ? "" : " (" + e.text() + ")");
            case KICK -> e.nick() + " was kicked" + (e.text().isEmpty() ? "" : " (" + e.text() + ")");
            case NICK -> e.nick() + " is now " + e.text();
            case TOPIC -> "topic: " + e.text();
        };
        return switch (e.status()) {
            case PENDING -> text + "  (pending)";
            case IN_FLIGHT -> text + "  (sending)";
            case UNCERTAIN -> text + "  (not confirmed: the connection dropped)";
            case DROPPED -> text + "  (not sent)";
            case SENT, RECEIVED -> text;
        };
    }

    /** Whether the line should look provisional (greyed, italic): typed but not confirmed yet. */
    public static boolean provisional(ChatEntry e) {
        return e.status() == ChatEntry.Status.PENDING || e.status() == ChatEntry.Status.IN_FLIGHT;
    }

    /** Whether the line should look failed. */
    public static boolean failed(ChatEntry e) {
        return e.status() == ChatEntry.Status.UNCERTAIN || e.status() == ChatEntry.Status.DROPPED
                || e.kind() == ChatEntry.Kind.ERROR;
    }

    /** One of eight colour slots for {@code nick}, stable per nick. */
    public static int colorSlot(String nick) {
        return Math.floorMod(nick.hashCode(), 8);
    }

    /** The whole line as plain text ({@code 14:05 <ada> hello}), for tests and copying. */
    public static String line(ChatEntry e) {
        return time(e) + " " + who(e) + " " + text(e);
    }
}
