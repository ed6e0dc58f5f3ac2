package dev.loopbridge.demo.irc;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into IRC lines: single-threaded (the connection's loop thread), one per
 * connection.
 *
 * <p>A line ends at CR LF, or at a lone LF or a lone CR (as ngircd and most servers accept); a CR
 * LF split between two reads still counts as one line ending. A NUL has no place on the wire: it
 * is left out of the text and the line is delivered with {@link Line#hasNul()} set, so a server can
 * refuse it. Bytes are decoded as UTF-8 with malformed input replaced ({@link IrcText#decode}). A
 * line longer than {@code maxBytes} is not buffered without bound: its first {@code maxBytes} are
 * kept, the rest up to the line ending is dropped, and the line is delivered with
 * {@link Line#truncated()} set, so the reader can answer with an error numeric or cut it;
 * {@link #partialBytes()} says how far an unfinished line has gone, dropped bytes included, so a
 * reader can also give up on a line that never ends.
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
     * @param text      the decoded line, without its line ending and without NULs
     * @param bytes     its length on the wire with its line ending (CR LF counts 2, a lone CR or LF
     *                  1; NULs count), or {@code maxBytes + 1} when truncated
     * @param truncated whether bytes beyond the limit were dropped
     * @param hasNul    whether the line held a NUL byte
     */
    public record Line(String text, int bytes, boolean truncated, boolean hasNul) {
    }

    private final int maxBytes;
    private final Consumer<Line> sink;
    // Guarded by: the owning thread. Bytes of the current line (NULs left out): buffer[0, length),
    // length <= maxBytes.
    private byte[] buffer = new byte[256];
    private int length;
    // Guarded by: the owning thread. The current line: bytes seen (dropped and NULs included),
    // whether it overflowed, whether it held a NUL.
    private long seen;
    private boolean overflow;
    private boolean nul;
    // Guarded by: the owning thread. The last feed ended with a CR: an LF starting the next one
    // completes that CR LF rather than ending an empty line.
    private boolean afterCr;

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
        if (data.length == 0) {
            return; // nothing read: a CR that ended the last feed still waits for its LF
        }
        int start = 0;
        if (afterCr && data.length > 0 && data[0] == '\n') {
            start = 1;
        }
        afterCr = false;
        for (int i = start; i < data.length; i++) {
            byte b = data[i];
            if (b == '\n') {
                append(data, start, i);
                emit(1);
                start = i + 1;
            } else if (b == '\r') {
                append(data, start, i);
                boolean crlf = i + 1 < data.length && data[i + 1] == '\n';
                afterCr = i + 1 == data.length;
                emit(crlf ? 2 : 1);
                start = crlf ? i + 2 : i + 1;
                i = start - 1;
            } else if (b == 0) {
                append(data, start, i);
                seen++;
                nul = true;
                start = i + 1;
            }
        }
        append(data, start, data.length);
    }

    /** Whether a partial line is buffered (a peer that stops mid-line leaves one). */
    public boolean hasPartialLine() {
        return seen > 0;
    }

    /** The bytes of the unfinished line so far, dropped ones included (0 between lines). */
    public long partialBytes() {
        return seen;
    }

    private void append(byte[] data, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        seen += n;
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

    private void emit(int endingBytes) {
        Line line = new Line(IrcText.decode(buffer, 0, length),
                overflow ? maxBytes + 1 : (int) Math.min(maxBytes + 1, seen + endingBytes), overflow, nul);
        length = 0;
        seen = 0;
        overflow = false;
        nul = false;
        sink.accept(line);
    }
}
