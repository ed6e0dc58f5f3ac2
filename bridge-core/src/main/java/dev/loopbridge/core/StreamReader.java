package dev.loopbridge.core;

import java.nio.charset.Charset;
import java.util.function.Consumer;

import dev.loopbridge.core.internal.net.LineLoop;

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
     * @throws IllegalArgumentException if {@code max <= 0}
     */
    LoopFuture<byte[]> read(int max);

    /**
     * Reads exactly {@code n} bytes. Fails with {@link IncompleteReadException} (holding what was
     * read) if the stream ends first.
     */
    LoopFuture<byte[]> readExactly(int n);

    /**
     * Reads up to and including {@code delimiter}. Fails with {@link LimitOverrunException} if the
     * delimiter is not found within the limit (the data stays buffered), or with
     * {@link IncompleteReadException} if the stream ends first.
     */
    LoopFuture<byte[]> readUntil(byte[] delimiter);

    /**
     * Reads one line, decoded as UTF-8, without its line ending ({@code \n} or {@code \r\n}).
     * At the end of the stream it yields the last, unterminated line if there is one, then
     * {@code null}. Malformed input is replaced, never fatal.
     */
    LoopFuture<String> readLine();

    /** As {@link #readLine()}, decoding with {@code charset}. */
    LoopFuture<String> readLine(Charset charset);

    /**
     * Calls {@code action} with each line, read as {@link #readLine()} reads them, until the end of
     * the stream; asyncio's {@code async for line in reader}. Memory stays constant however many
     * lines pass (unlike a {@code readLine().thenCompose(...)} recursion, which holds a future per
     * line until the end). The future completes at the end of the stream; it fails with a read's
     * failure or what {@code action} threw; cancelling it stops reading (a line already read but
     * not yet handed to {@code action} when the cancel comes is dropped).
     *
     * <pre>{@code
     * git.stdout().forEachLine(listView.getItems()::add).thenCompose(end -> git.exited());
     * }</pre>
     */
    default LoopFuture<Void> forEachLine(Consumer<? super String> action) {
        return LineLoop.start(this, action);
    }

    /** Returns whether the stream has ended and every buffered byte was read. */
    boolean atEof();

    /** The buffer limit in bytes. */
    int limit();
}
