package dev.loopbridge.core;

/**
 * A {@link StreamReader} read would need more than the reader's buffer limit: a line or a
 * delimited chunk longer than the limit. asyncio's {@code LimitOverrunError}.
 *
 * <p>It is deliberately <em>not</em> an {@link java.io.IOException}: the connection is fine, the
 * data is not what the protocol allows. So a {@code catch (IOException e)} (or an
 * {@code instanceof IOException} test on a future's failure) means "the connection was lost",
 * and an over-long line is told apart by its own type. After it the stream goes on:
 * {@link StreamReader#readLine} discards the over-long line, {@link StreamReader#readUntil}
 * leaves the data buffered; {@link #consumed()} says how many bytes were searched (or dropped).
 *
 * <p><b>Threads:</b> the reader creates it on the loop thread and fails the read's future with it,
 * so the future's dependents see it on the loop thread; it is immutable and may be passed to any
 * thread.
 */
public final class LimitOverrunException extends Exception {

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
     * How many buffered bytes were searched without finding the delimiter (or were discarded).
     *
     * @return how many buffered bytes were searched or discarded
     */
    public int consumed() {
        return consumed;
    }
}
