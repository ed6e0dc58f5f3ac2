package dev.loopbridge.demo.irc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IRC message (RFC 1459 / 2812), with IRCv3 message tags: immutable data, usable from any
 * thread.
 *
 * <pre>
 *   [@tag1=value;tag2 ] [:source ] COMMAND [param ...] [:trailing param]
 * </pre>
 *
 * <p>{@link #parse(String)} is lenient, as a client must be with real servers: it accepts extra
 * spaces, a missing command yields no message rather than an exception, tag values are unescaped
 * ({@code \:} {@code \s} {@code \\} {@code \r} {@code \n}). {@link #toWire()} is strict: it
 * refuses CR, LF and NUL anywhere and middle parameters that would change the message's meaning,
 * so no user text can inject a second command. {@code parse(m.toWire())} equals {@code m} for
 * every message {@code toWire} accepts.
 *
 * <pre>{@code
 * IrcMessage m = IrcMessage.of("PRIVMSG", "#loop", "hello there");
 * m.toWire();                         // "PRIVMSG #loop :hello there"
 * IrcMessage.parse("@time=x :n!u@h PRIVMSG #loop :hi").orElseThrow().source();   // "n!u@h"
 * }</pre>
 *
 * @param tags    the IRCv3 tags, unescaped, in order; a tag without a value maps to {@code ""}
 * @param source  the prefix without its colon ({@code nick!user@host} or a server name), or
 *                {@code null} when the message has none
 * @param command the command or three-digit numeric, upper-cased
 * @param params  the parameters, the trailing one included, without its colon
 */
public record IrcMessage(Map<String, String> tags, String source, String command, List<String> params) {

    /** Copies the collections and checks the command is a word or a numeric. */
    public IrcMessage {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tags, "tags")));
        Objects.requireNonNull(command, "command");
        if (!isCommand(command)) {
            throw new IllegalArgumentException("command: \"" + command + "\" (expected: letters or a numeric)");
        }
        command = command.toUpperCase(java.util.Locale.ROOT);
        params = List.copyOf(params);
    }

    /** A message without tags or source. */
    public static IrcMessage of(String command, String... params) {
        return new IrcMessage(Map.of(), null, command, List.of(params));
    }

    /** A message with a source (what a server sends). */
    public static IrcMessage from(String source, String command, String... params) {
        return new IrcMessage(Map.of(), source, command, List.of(params));
    }

    /** The parameter at {@code index}, or {@code ""} when there is none there (negative included). */
    public String param(int index) {
        return index >= 0 && index < params.size() ? params.get(index) : "";
    }

    /** The last parameter, or {@code ""} when there is none. */
    public String last() {
        return params.isEmpty() ? "" : params.get(params.size() - 1);
    }

    /** The nick part of the source ({@code nick} of {@code nick!user@host}), or {@code ""}. */
    public String sourceNick() {
        if (source == null) {
            return "";
        }
        int bang = source.indexOf('!');
        int at = source.indexOf('@');
        int end = bang >= 0 ? bang : at >= 0 ? at : source.length();
        return source.substring(0, end);
    }

    /** The same message with {@code tag} set to {@code value}. */
    public IrcMessage withTag(String tag, String value) {
        Map<String, String> copy = new LinkedHashMap<>(tags);
        copy.put(tag, value);
        return new IrcMessage(copy, source, command, params);
    }

    /** The same message without tags. */
    public IrcMessage withoutTags() {
        return tags.isEmpty() ? this : new IrcMessage(Map.of(), source, command, params);
    }

    /**
     * Parses one line (without its CR LF). Returns empty for a line that holds no message: blank,
     * only tags or a source, or a command that is not a word.
     */
    public static Optional<IrcMessage> parse(String line) {
        int i = 0;
        int n = line.length();
        Map<String, String> tags = Map.of();
        if (i < n && line.charAt(i) == '@') {
            int end = indexOfSpace(line, i);
            tags = parseTags(line.substring(i + 1, end));
            i = skipSpaces(line, end);
        }
        String source = null;
        if (i < n && line.charAt(i) == ':') {
            int end = indexOfSpace(line, i);
            source = line.substring(i + 1, end);
            i = skipSpaces(line, end);
        }
        int end = indexOfSpace(line, i);
        String command = line.substring(i, end);
        if (!isCommand(command)) {
            return Optional.empty();
        }
        i = skipSpaces(line, end);
        List<String> params = new ArrayList<>();
        while (i < n) {
            if (line.charAt(i) == ':') {
                params.add(line.substring(i + 1));
                break;
            }
            end = indexOfSpace(line, i);
            params.add(line.substring(i, end));
            i = skipSpaces(line, end);
        }
        return Optional.of(new IrcMessage(tags, source, command, params));
    }

    /**
     * The message as it goes on the wire, without CR LF.
     *
     * @throws IllegalArgumentException if any part holds CR, LF or NUL, the source or a middle
     *     parameter is empty, holds a space or starts with a colon, or a tag key is malformed
     */
    public String toWire() {
        StringBuilder out = new StringBuilder(64);
        if (!tags.isEmpty()) {
            out.append('@');
            boolean first = true;
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                if (!first) {
                    out.append(';');
                }
                first = false;
                checkTagKey(tag.getKey());
                out.append(tag.getKey());
                if (!tag.getValue().isEmpty()) {
                    out.append('=');
                    escapeTagValue(tag.getValue(), out);
                }
            }
            out.append(' ');
        }
        if (source != null) {
            checkWord("source", source);
            out.append(':').append(source).append(' ');
        }
        out.append(command);
        for (int p = 0; p < params.size(); p++) {
            String param = params.get(p);
            checkNoBreaks("parameter " + p, param);
            out.append(' ');
            boolean lastParam = p == params.size() - 1;
            if (lastParam && (param.isEmpty() || param.indexOf(' ') >= 0 || param.charAt(0) == ':')) {
                out.append(':');
            } else if (!lastParam) {
                checkWord("parameter " + p, param);
            }
            out.append(param);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toWire();
    }

    private static Map<String, String> parseTags(String raw) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : raw.split(";", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : unescapeTagValue(part.substring(eq + 1));
            if (!key.isEmpty()) {
                tags.put(key, value);
            }
        }
        return tags;
    }

    /** Unescapes an IRCv3 tag value: an unknown escape drops its backslash, a trailing one is dropped. */
    static String unescapeTagValue(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == raw.length()) {
                break;
            }
            char e = raw.charAt(i);
            switch (e) {
                case ':' -> out.append(';');
                case 's' -> out.append(' ');
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private static void escapeTagValue(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case ';' -> out.append("\\:");
                case ' ' -> out.append("\\s");
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\0' -> throw new IllegalArgumentException("tag value holds NUL: " + value.replace('\0', '?'));
                default -> out.append(c);
            }
        }
    }

    private static void checkTagKey(String key) {
        boolean ok = !key.isEmpty();
        for (int i = 0; ok && i < key.length(); i++) {
            char c = key.charAt(i);
            ok = c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '/' || c == '.'
                    || (c == '+' && i == 0));
        }
        if (!ok) {
            throw new IllegalArgumentException("tag key: \"" + key + "\" (expected: [+]letters, digits, '-', '/', '.')");
        }
    }

    private static void checkWord(String what, String value) {
        checkNoBreaks(what, value);
        if (value.isEmpty() || value.indexOf(' ') >= 0 || value.charAt(0) == ':') {
            throw new IllegalArgumentException(what + ": \"" + value
                    + "\" (expected: not empty, no space, not starting with ':')");
        }
    }

    private static void checkNoBreaks(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException(what + " holds CR, LF or NUL at index " + i
                        + " (expected: none; IrcText.clean removes them)");
            }
        }
    }

    private static boolean isCommand(String command) {
        if (command.isEmpty()) {
            return false;
        }
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfSpace(String line, int from) {
        int i = line.indexOf(' ', from);
        return i < 0 ? line.length() : i;
    }

    private static int skipSpaces(String line, int from) {
        int i = from;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
