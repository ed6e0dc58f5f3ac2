package dev.loopbridge.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import dev.loopbridge.web.ServerSentEvent;

/**
 * The {@code text/event-stream} parser of the WHATWG HTML specification ("Server-sent events",
 * §9.2.6 Interpreting an event stream), fed with bytes as they arrive, in chunks of any size
 * (one byte at a time included). One parser per connection; loop thread only (any one thread).
 *
 * <ul>
 *   <li>A leading byte order mark (U+FEFF) is dropped, once, at the start of the stream.</li>
 *   <li>Lines end with CRLF, LF or CR — a CR at the end of one chunk and the LF at the start of the
 *       next are one line end. Each line is decoded as UTF-8 (malformed bytes become U+FFFD).</li>
 *   <li>A line starting with {@code :} is a comment; {@code field:value} drops one space after
 *       the colon; a line with no colon is a field with an empty value. Fields are
 *       {@code data} (appended, with a LF between lines), {@code event}, {@code id} (ignored if
 *       it contains U+0000) and {@code retry} (only ASCII digits, else ignored); others are
 *       ignored.</li>
 *   <li>A blank line dispatches: the last event ID becomes the id buffer's value (even when
 *       nothing is dispatched); with an empty data buffer nothing is dispatched; otherwise one
 *       trailing LF is removed and the event is dispatched with type {@code event} or
 *       {@code "message"}.</li>
 *   <li>At the end of the stream an unfinished event (no blank line yet) is discarded.</li>
 * </ul>
 * The id buffer starts at the last event ID in force ({@code lastEventId} of the constructor), so
 * an id carries over a reconnection, as browsers do.
 *
 * <p>A line or an event's data longer than {@code maxSize} fails {@link #feed} with an
 * {@link IOException}: a server cannot make the client buffer without bound.
 */
public final class SseParser {

    /** What the parser reports, in stream order, from inside {@link #feed}. */
    public interface Listener {

        /**
         * An event was dispatched.
         *
         * @param event the event
         */
        void event(ServerSentEvent event);

        /**
         * A valid {@code retry} field set the reconnection time.
         *
         * @param millis the new reconnection time in milliseconds
         */
        void retry(long millis);
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Listener listener;
    private final int maxSize;

    private byte[] line = new byte[128];
    private int lineLength;
    /** The previous byte was a CR: a LF now ends nothing. */
    private boolean afterCr;
    /** How many bytes of a BOM the stream started with so far; -1 once past the start. */
    private int bomMatched;

    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String idBuffer;
    private String lastEventId;
    /** The retry field of the event being read, or null. */
    private Duration retry;

    /**
     * A parser at the start of a stream.
     *
     * @param lastEventId the last event ID in force (empty if none)
     * @param maxSize the longest line, and the most data of one event, in bytes (chars)
     * @param listener told about events and retry fields
     */
    public SseParser(String lastEventId, int maxSize, Listener listener) {
        this.lastEventId = lastEventId;
        this.idBuffer = lastEventId;
        this.maxSize = maxSize;
        this.listener = listener;
    }

    /**
     * The last event ID in force: what the last dispatching blank line set.
     *
     * @return the last event ID, empty if none
     */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * Parses the next bytes of the stream.
     *
     * @param bytes the bytes
     * @param offset where they start
     * @param length how many there are
     * @throws IOException if a line or an event is longer than the maximum size
     */
    public void feed(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (bomMatched >= 0) {
                if (b == BOM[bomMatched]) {
                    bomMatched++;
                    if (bomMatched == BOM.length) {
                        bomMatched = -1; // dropped
                    }
                    continue;
                }
                int held = bomMatched;
                bomMatched = -1;
                for (int j = 0; j < held; j++) {
                    accept(BOM[j]); // a BOM's start that was no BOM: ordinary bytes
                }
            }
            accept(b);
        }
    }

    /** The stream ended: an unfinished line and event are discarded. */
    public void endOfStream() {
        lineLength = 0;
        afterCr = false;
        data.setLength(0);
        eventType = "";
        retry = null;
        idBuffer = lastEventId;
    }

    private void accept(byte b) throws IOException {
        if (afterCr) {
            afterCr = false;
            if (b == '\n') {
                return; // the LF of a CRLF
            }
        }
        if (b == '\r') {
            afterCr = true;
            endLine();
        } else if (b == '\n') {
            endLine();
        } else {
            if (lineLength >= maxSize) {
                throw new IOException("an event stream line longer than " + maxSize + " bytes");
            }
            if (lineLength == line.length) {
                line = Arrays.copyOf(line, Math.min(maxSize, line.length * 2));
            }
            line[lineLength++] = b;
        }
    }

    private void endLine() throws IOException {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (line.length > 64 * 1024) {
            line = new byte[128]; // give back what a long line took
        }
        processLine(text);
    }

    private void processLine(String text) throws IOException {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return; // a comment
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> {
                if (data.length() + value.length() + 1 > maxSize) {
                    throw new IOException("an event with more than " + maxSize + " characters of data");
                }
                data.append(value).append('\n');
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idBuffer = value;
                }
            }
            case "retry" -> retry(value);
            default -> {
                // an unknown field is ignored
            }
        }
    }

    private void retry(String value) {
        if (value.isEmpty()) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return;
            }
        }
        long millis;
        try {
            millis = Long.parseLong(value);
        } catch (NumberFormatException tooLong) {
            return; // more digits than a long holds: ignored
        }
        retry = Duration.ofMillis(millis);
        listener.retry(millis);
    }

    private void dispatch() {
        lastEventId = idBuffer;
        Duration ownRetry = retry;
        retry = null;
        if (data.isEmpty()) {
            eventType = "";
            return;
        }
        data.setLength(data.length() - 1); // the LF after the last data line
        ServerSentEvent e = new ServerSentEvent(lastEventId, eventType.isEmpty() ? "message" : eventType,
                data.toString(), ownRetry);
        data.setLength(0);
        eventType = "";
        listener.event(e);
    }
}
