package dev.loopbridge.demo.irc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Text rules of the IRC wire: static functions, usable from any thread.
 *
 * <ul>
 *   <li>{@link #MAX_LINE_BYTES}: a line is at most 512 bytes with its CR LF (RFC 1459 2.3);
 *       IRCv3 tags come on top, up to {@link #MAX_TAG_BYTES}.</li>
 *   <li>{@link #clean(String)}: user text with CR, LF and NUL replaced by spaces — what keeps a
 *       typed line from smuggling a second command onto the wire.</li>
 *   <li>{@link #decode(byte[], int, int)}: UTF-8 with malformed bytes replaced by U+FFFD, so a line
 *       in another encoding is shown garbled rather than lost.</li>
 *   <li>{@link #split(String, int)}: a long text cut into pieces of at most so many UTF-8 bytes,
 *       never inside a character, preferring a space near the end of each piece.</li>
 * </ul>
 */
public final class IrcText {

    /** The longest line, CR LF included, that RFC 1459 allows (tags excluded). */
    public static final int MAX_LINE_BYTES = 512;

    /** The most bytes of IRCv3 tags (with the {@code @} and the space) a line may carry. */
    public static final int MAX_TAG_BYTES = 8191;

    /**
     * What a server may add in front of a client's message when relaying it: {@code :nick!user@host }
     * with the longest host name (63) and a 9-character user, counted on top of the nick.
     */
    public static final int RELAY_PREFIX_RESERVE = 1 + 1 + 10 + 1 + 63 + 1;

    private IrcText() {
    }

    /** {@code text} with every CR, LF and NUL replaced by a space. */
    public static String clean(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, ' ');
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * {@code name} case-folded as IRC compares nicks and channels (rfc1459 casemapping: ASCII
     * letters, and {@code []\~} equal to <code>{}|^</code>).
     */
    public static String fold(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            } else if (c == '[') {
                c = '{';
            } else if (c == ']') {
                c = '}';
            } else if (c == '\\') {
                c = '|';
            } else if (c == '~') {
                c = '^';
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Whether {@code target} names a channel ({@code #}, {@code &}, {@code +} or {@code !}). */
    public static boolean isChannel(String target) {
        return !target.isEmpty() && "#&+!".indexOf(target.charAt(0)) >= 0;
    }

    /** The number of bytes {@code text} takes in UTF-8 (a lone surrogate counts as the 1-byte '?'). */
    public static int utf8Length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Decodes UTF-8, replacing each malformed sequence with U+FFFD (the rest of the line is kept). */
    public static String decode(byte[] bytes, int offset, int length) {
        // NOTE: String's UTF-8 decoding replaces malformed input with U+FFFD, never throws.
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /**
     * Cuts {@code text} into pieces of at most {@code maxBytes} UTF-8 bytes each, in order, none
     * splitting a character (a surrogate pair stays whole). A piece ends after the last space in
     * its second half when there is one, so words stay whole where they can. Empty text gives one
     * empty piece.
     *
     * @throws IllegalArgumentException if {@code maxBytes < 4} (a character may need 4)
     */
    public static List<String> split(String text, int maxBytes) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 4)");
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (true) {
            int bytes = 0;
            int i = start;
            int lastSpace = -1;
            while (i < text.length()) {
                int cp = text.codePointAt(i);
                int width = Character.charCount(cp);
                int size = width == 2 ? 4 : utf8Length(text.substring(i, i + 1));
                if (bytes + size > maxBytes) {
                    break;
                }
                bytes += size;
                i += width;
                if (cp == ' ' && bytes > maxBytes / 2) {
                    lastSpace = i;
                }
            }
            if (i >= text.length()) {
                pieces.add(text.substring(start));
                return pieces;
            }
            int end = lastSpace > start ? lastSpace : i;
            pieces.add(text.substring(start, end));
            start = end;
        }
    }
}
