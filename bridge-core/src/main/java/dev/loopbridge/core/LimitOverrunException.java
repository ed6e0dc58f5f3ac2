package dev.loopbridge.core;

import java.io.IOException;

/**
 * A {@link StreamReader} read would need more than the reader's buffer limit: a line or a
 * delimited chunk longer than the limit. asyncio's {@code LimitOverrunError}. The buffered data is
 * left in place; {@link #consumed()} says how much of it was searched.
 *
 * <p><b>Threads:</b> the reader creates it on the loop thread and fails the read's future with it,
 * so the future's dependents see it on the loop thread; it is immutable and may be passed to any
 * thread.
 */
public final class LimitOverrunException extends IOException {

    private static final long serialVersionUID = 1L;

    /** How many buffered bytes were searched. */
    private final int consumed;

    /**
     * Creates the exception; the reader does, on the loop thread.
     *
     * @param message what was read and what the limit is
     * @param consumed how many buffered bytes were searched
     */
    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /**
     * How many buffered bytes were searched without finding the delimiter.
     *
     * @return how many buffered bytes were searched
     */
    public int consumed() {
        return consumed;
    }
}
