package dev.loopbridge.core;

import java.nio.charset.Charset;

/**
 * The reading half of a {@link StreamConnection}: asyncio's {@code StreamReader}, with futures.
 * Loop thread only.
 *
 * <p>Reads may be issued before data arrives, several at once: they are satisfied in the order
 * they were made. Cancelling a pending read's future (or timing it out with
 * {@link LoopFuture#orTimeout}) removes it, and the data it would have taken stays for the next
 * read. The reader buffers what arrives ahead of the reads up to its limit and then pauses the
 * transport, so a fast peer never grows memory without bound.
 *
 * <pre>{@code
 * conn.reader().readLine().thenAccept(line -> log.info("server said {}", line));
 * conn.reader().readExactly(4).thenCompose(header -> conn.reader().readExactly(lengthOf(header)));
 * }</pre>
 */
public interface StreamReader {

    /**
     * Reads at least one and at most {@code max} bytes: what is buffered, or the next bytes to
     * arrive. At the end of the stream the result is an empty array.
     *
     * @param max the most bytes to return, more than 0
     * @return a future with the bytes, empty at end of stream
     * @throws IllegalArgumentException if {@code max <= 0}
     */
    LoopFuture<byte[]> read(int max);

    /**
     * Reads exactly {@code n} bytes. Fails with {@link IncompleteReadException} (holding what was
     * read) if the stream ends first.
     *
     * @param n the number of bytes to read, 0 or more
     * @return a future with exactly {@code n} bytes
     */
    LoopFuture<byte[]> readExactly(int n);

    /**
     * Reads up to and including {@code delimiter}. Fails with {@link LimitOverrunException} if the
     * delimiter is not found within the limit (the data stays buffered), or with
     * {@link IncompleteReadException} if the stream ends first.
     *
     * @param delimiter the bytes to read up to, not empty
     * @return a future with the bytes up to and including the delimiter
     */
    LoopFuture<byte[]> readUntil(byte[] delimiter);

    /**
     * Reads one line, decoded as UTF-8, without its line ending ({@code \n} or {@code \r\n}).
     * At the end of the stream it yields the last, unterminated line if there is one, then
     * {@code null}. Malformed input is replaced, never fatal.
     *
     * @return a future with the line, without its ending, or {@code null} at end of stream
     */
    LoopFuture<String> readLine();

    /**
     * As {@link #readLine()}, decoding with {@code charset}.
     *
     * @param charset the line's encoding
     * @return a future with the line, without its ending, or {@code null} at end of stream
     */
    LoopFuture<String> readLine(Charset charset);

    /**
     * Returns whether the stream has ended and every buffered byte was read.
     *
     * @return {@code true} once the stream has ended and every byte has been read
     */
    boolean atEof();

    /**
     * The buffer limit in bytes.
     *
     * @return the buffer limit in bytes
     */
    int limit();
}
