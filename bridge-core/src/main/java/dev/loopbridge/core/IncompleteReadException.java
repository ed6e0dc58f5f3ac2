package dev.loopbridge.core;

import java.io.EOFException;

/**
 * The stream ended before a read was satisfied: {@link StreamReader#readExactly} got fewer bytes,
 * or {@link StreamReader#readUntil} found no delimiter. asyncio's {@code IncompleteReadError}.
 */
public final class IncompleteReadException extends EOFException {

    private static final long serialVersionUID = 1L;

    private final transient byte[] partial;
    private final long expected;

    /**
     * @param partial the bytes read before the end
     * @param expected how many bytes were wanted, or -1 when a delimiter was wanted
     */
    public IncompleteReadException(byte[] partial, long expected) {
        super(partial.length + " bytes read before the end of the stream, "
                + (expected < 0 ? "without the delimiter" : expected + " expected"));
        this.partial = partial.clone();
        this.expected = expected;
    }

    /** The bytes read before the end of the stream. */
    public byte[] partial() {
        return partial.clone();
    }

    /** How many bytes were wanted, or -1 when a delimiter was wanted. */
    public long expected() {
        return expected;
    }
}
