package dev.loopbridge.demo.irc;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into IRC lines: single-threaded (the connection's loop thread), one per
 * connection.
 *
 * <p>A line ends at LF; a CR before it is dropped, and so is a NUL anywhere (it has no place on
 * the wire). Bytes are decoded as UTF-8 with malformed input replaced ({@link IrcText#decode}).
 * A line longer than {@code maxBytes} is not buffered without bound: its first {@code maxBytes}
 * are kept, the rest up to the next LF is dropped, and the line is delivered with
 * {@link Line#truncated()} set, so the reader can answer with an error numeric or cut it.
 *
 * <pre>{@code
 * LineFramer framer = new LineFramer(IrcText.MAX_LINE_BYTES + IrcText.MAX_TAG_BYTES, this::onLine);
 * reader.read(4096).thenAccept(framer::feed);
 * }</pre>
 */
public final class LineFramer {

    /**
     * One framed line.
     *
     * @param text      the decoded line, without CR LF
     * @param bytes     its length in bytes on the wire (before truncation, capped at the limit + 1)
     * @param truncated whether bytes beyond the limit were dropped
     */
    public record Line(String text, int bytes, boolean truncated) {
    }

    private final int maxBytes;
    private final Consumer<Line> sink;
    // Guarded by: the owning thread. Bytes of the current line (NULs dropped): buffer[0, length),
    // length <= maxBytes.
    private byte[] buffer = new byte[256];
    private int length;
    // Guarded by: the owning thread. Whether the current line overflowed.
    private boolean overflow;

    /**
     * A framer delivering each line to {@code sink}.
     *
     * @throws IllegalArgumentException if {@code maxBytes < 1}
     */
    public LineFramer(int maxBytes, Consumer<Line> sink) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 1)");
        }
        this.maxBytes = maxBytes;
        this.sink = sink;
    }

    /** Feeds the next bytes of the stream; calls the sink once per complete line. */
    public void feed(byte[] data) {
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            if (b == '\n') {
                append(data, start, i);
                emit();
                start = i + 1;
            } else if (b == 0) {
                append(data, start, i);
                start = i + 1;
            }
        }
        append(data, start, data.length);
    }

    /** Whether a partial line is buffered (a peer that stops mid-line leaves one). */
    public boolean hasPartialLine() {
        return length > 0 || overflow;
    }

    private void append(byte[] data, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        int room = maxBytes - length;
        if (n > room) {
            overflow = true;
            n = room;
        }
        if (length + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(maxBytes, Math.max(length + n, buffer.length * 2)));
        }
        System.arraycopy(data, from, buffer, length, n);
        length += n;
    }

    private void emit() {
        int end = length;
        if (end > 0 && buffer[end - 1] == '\r' && !overflow) {
            end--;
        }
        Line line = new Line(IrcText.decode(buffer, 0, end), overflow ? maxBytes + 1 : end, overflow);
        length = 0;
        overflow = false;
        sink.accept(line);
    }
}
