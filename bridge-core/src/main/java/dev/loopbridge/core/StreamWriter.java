package dev.loopbridge.core;

import java.nio.ByteBuffer;

/**
 * The writing half of a {@link StreamConnection}: asyncio's {@code StreamWriter}. Loop thread
 * only.
 *
 * <p>{@link #write} never blocks: it sends at once what the socket takes and buffers the rest,
 * so the caller may reuse its array as soon as it returns (as with an {@code OutputStream}).
 * {@link #drain()} completes once the buffer is back under its low-water mark: chain the next
 * writes on it and memory stays bounded however slow the peer.
 *
 * <pre>{@code
 * writer.writeLine("NICK loopbridge");
 * writer.drain().thenRun(() -> writer.writeLine("JOIN #java"));
 * }</pre>
 */
public interface StreamWriter {

    /**
     * Writes the bytes; the array may be reused once this returns. Ignored once closing.
     *
     * @param data the bytes; the array may be reused once this returns
     */
    void write(byte[] data);

    /**
     * Writes the buffer's remaining bytes; the buffer may be reused once this returns.
     *
     * @param data the bytes from its position to its limit; the buffer may be reused once this returns
     */
    void write(ByteBuffer data);

    /**
     * Writes {@code line} in UTF-8 followed by the line separator.
     *
     * @param line the line, without its ending
     */
    void writeLine(String line);

    /**
     * Sets what {@link #writeLine} appends: {@code "\n"} (the default) or, say, {@code "\r\n"}.
     *
     * @param separator the line ending {@link #writeLine} appends
     */
    void setLineSeparator(String separator);

    /**
     * A future completed when the write buffer is at or below its low-water mark (at once if it
     * is); failed if the connection is lost first.
     *
     * @return a future completed once the buffer is below the low-water mark
     */
    LoopFuture<Void> drain();

    /** Closes the sending side after the buffer is flushed; the reader goes on. */
    void writeEof();

    /**
     * Returns whether {@link #writeEof} is supported on this connection.
     *
     * @return {@code true} if the transport can half-close
     */
    boolean canWriteEof();

    /** Flushes what is buffered, then closes the connection. Idempotent. */
    void close();

    /**
     * Returns whether the connection is closing or closed.
     *
     * @return {@code true} once the writer is closing or closed
     */
    boolean isClosing();

    /**
     * A future completed when the connection is closed (failed if it was lost to an error).
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
