package dev.loopbridge.core;

import java.io.IOException;

/**
 * A {@link StreamReader} read would need more than the reader's buffer limit: a line or a
 * delimited chunk longer than the limit. asyncio's {@code LimitOverrunError}. The buffered data is
 * left in place; {@link #consumed()} says how much of it was searched.
 */
public final class LimitOverrunException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int consumed;

    /** @param message what was read and what the limit is; @param consumed bytes searched */
    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** How many buffered bytes were searched without finding the delimiter. */
    public int consumed() {
        return consumed;
    }
}
