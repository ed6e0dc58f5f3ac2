package dev.loopbridge.core;

import java.nio.ByteBuffer;

/**
 * The writing half of a {@link StreamConnection}: asyncio's {@code StreamWriter}. Loop thread
 * only: the methods that act check it and otherwise throw {@link IllegalStateException} naming the
 * loop thread; {@link #canWriteEof}, {@link #isClosing}, {@link #closed} and {@link #transport}
 * do not check (the first two are meaningful on the loop thread only).
 *
 * <p>{@link #write} never blocks: it sends at once what the socket takes and buffers the rest,
 * so the caller may reuse its array as soon as it returns (as with an {@code OutputStream}).
 * {@link #drain()} completes once the buffer is back under its low-water mark: chain the next
 * writes on it and memory stays bounded however slow the peer.
 *
 * <h2>How writing fails</h2>
 * The write methods never throw for the connection's sake: once the connection is closing or
 * lost they do nothing. A lost connection shows in the futures instead — {@link #drain()} and
 * {@link #closed()} fail with the {@link java.io.IOException} it was lost with — and in the
 * reader's reads. Line protocols on the wire (IRC, SMTP, POP3, HTTP) want {@code "\r\n"}: set
 * it once for the connection with {@link ConnectOptions#withLineSeparator} or
 * {@link ServerOptions#withLineSeparator}.
 *
 * <pre>{@code
 * writer.writeLine("NICK loopbridge");
 * writer.drain().thenRun(() -> writer.writeLine("JOIN #java"));
 * }</pre>
 */
public interface StreamWriter {

    /**
     * Writes the bytes; the array may be reused once this returns. Never fails: ignored once the
     * connection is closing or lost.
     *
     * @param data the bytes; the array may be reused once this returns
     */
    void write(byte[] data);

    /**
     * Writes the buffer's remaining bytes; the buffer may be reused once this returns. As
     * {@link #write(byte[])}.
     *
     * @param data the bytes from its position to its limit; the buffer may be reused once this returns
     */
    void write(ByteBuffer data);

    /**
     * Writes {@code line} in UTF-8 followed by the line separator: the connection's
     * ({@link ConnectOptions#withLineSeparator}, {@code "\n"} by default) or the one set with
     * {@link #setLineSeparator}. As {@link #write(byte[])}, it never fails.
     *
     * @param line the line, without its ending
     */
    void writeLine(String line);

    /**
     * Sets what {@link #writeLine} appends from now on: {@code "\n"} or, say, {@code "\r\n"}.
     *
     * @param separator the line ending {@link #writeLine} appends
     */
    void setLineSeparator(String separator);

    /**
     * A future completed when the write buffer is at or below its low-water mark (at once if it
     * is). Fails with the {@link java.io.IOException} the connection was lost with, or an
     * {@code IOException} saying it is closed if it closed before the buffer drained.
     *
     * @return a future completed once the buffer is below the low-water mark
     */
    LoopFuture<Void> drain();

    /**
     * Closes the sending side after the buffer is flushed; the reader goes on.
     *
     * @throws UnsupportedOperationException where {@link #canWriteEof()} is false (over TLS)
     */
    void writeEof();

    /**
     * Returns whether {@link #writeEof} is supported on this connection.
     *
     * @return {@code true} if the transport can half-close
     */
    boolean canWriteEof();

    /** Flushes what is buffered, then closes the connection. Idempotent; never fails. */
    void close();

    /**
     * Returns whether the connection is closing or closed.
     *
     * @return {@code true} once the writer is closing or closed
     */
    boolean isClosing();

    /**
     * A future completed when the connection is closed, by either side; failed with the
     * {@link java.io.IOException} the connection was lost with, if it was.
     *
     * @return a future completed once the connection has closed
     */
    LoopFuture<Void> closed();

    /**
     * The underlying transport, for what this interface does not cover (abort, addresses).
     *
     * @return the transport underneath
     */
    Transport transport();
}
