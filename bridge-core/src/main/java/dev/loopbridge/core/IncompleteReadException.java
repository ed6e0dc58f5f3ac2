package dev.loopbridge.core;

import java.io.EOFException;

/**
 * The stream ended before a read was satisfied: {@link StreamReader#readExactly} got fewer bytes,
 * or {@link StreamReader#readUntil} found no delimiter. asyncio's {@code IncompleteReadError}.
 *
 * <p><b>Threads:</b> the reader creates it on the loop thread and fails the read's future with it,
 * so the future's dependents see it on the loop thread; it is immutable and may be passed to any
 * thread.
 */
public final class IncompleteReadException extends EOFException {

    private static final long serialVersionUID = 1L;

    private final transient byte[] partial;
    /** How many bytes were wanted, or -1 when a delimiter was wanted. */
    private final long expected;

    /**
     * Creates the exception; the reader does, on the loop thread.
     *
     * @param partial the bytes read before the end
     * @param expected how many bytes were wanted, or -1 when a delimiter was wanted
     */
    public IncompleteReadException(byte[] partial, long expected) {
        super(partial.length + " bytes read before the end of the stream, "
                + (expected < 0 ? "without the delimiter" : expected + " expected"));
        this.partial = partial.clone();
        this.expected = expected;
    }

    /**
     * The bytes read before the end of the stream.
     *
     * @return a copy of the bytes read before the end
     */
    public byte[] partial() {
        return partial.clone();
    }

    /**
     * How many bytes were wanted, or -1 when a delimiter was wanted.
     *
     * @return the number of bytes the read wanted, or -1 when it waited for a delimiter
     */
    public long expected() {
        return expected;
    }
}
