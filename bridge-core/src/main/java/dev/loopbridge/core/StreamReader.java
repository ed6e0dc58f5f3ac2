package dev.loopbridge.core;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

import dev.loopbridge.core.internal.net.EachLine;

/**
 * The reading half of a {@link StreamConnection}: asyncio's {@code StreamReader}, with futures.
 * Loop thread only: the reads check it and otherwise throw {@link IllegalStateException} naming
 * the loop thread; {@link #atEof()} and {@link #limit()} do not check, and are meaningful on the
 * loop thread only.
 *
 * <p>Reads may be issued before data arrives, several at once: they are satisfied in the order
 * they were made. Cancelling a pending read's future (or timing it out with
 * {@link LoopFuture#orTimeout}) removes it, and the data it would have taken stays for the next
 * read. The reader buffers what arrives ahead of the reads up to its limit and then pauses the
 * transport, so a fast peer never grows memory without bound.
 *
 * <h2>How reads fail</h2>
 * Every read's future fails with one of these, and with nothing else:
 * <ul>
 *   <li>an {@link java.io.IOException} — the connection was lost (reset, a TLS failure): the one
 *       the connection was lost with, for this read and every later one once the buffered bytes
 *       are read. {@link IncompleteReadException} (an {@code EOFException}) is the one
 *       {@code IOException} that is not a loss: the peer closed in the middle of a
 *       {@link #readExactly} or {@link #readUntil}.</li>
 *   <li>{@link LimitOverrunException} — not an {@code IOException}: a line or delimited chunk
 *       longer than {@link #limit()}; the connection goes on.</li>
 *   <li>{@link java.util.concurrent.CancellationException} / {@link java.util.concurrent.TimeoutException}
 *       — the read was cancelled or timed out by its caller.</li>
 * </ul>
 * A clean end of stream — the peer closed, or this side closed the connection — is not a failure:
 * {@link #read} gives an empty array and {@link #readLine} {@code null}.
 *
 * <pre>{@code
 * conn.reader().readLine().thenAccept(line -> log.info("server said {}", line));
 * conn.reader().readExactly(4).thenCompose(header -> conn.reader().readExactly(lengthOf(header)));
 * conn.reader().forEachLine(messages.getItems()::add).whenComplete((end, error) -> showDisconnected(error));
 * }</pre>
 */
public interface StreamReader {

    /**
     * Reads at least one and at most {@code max} bytes: what is buffered, or the next bytes to
     * arrive. At the end of the stream the result is an empty array. Fails only with the
     * connection's {@code IOException} (see "How reads fail").
     *
     * @param max the most bytes to return, more than 0
     * @return a future with the bytes, empty at end of stream
     * @throws IllegalArgumentException if {@code max <= 0}
     */
    LoopFuture<byte[]> read(int max);

    /**
     * Reads at least one and at most {@code length} bytes into {@code into}, from {@code offset}:
     * {@link #read(int)} without a new array per read, as {@code InputStream.read(byte[], int, int)}
     * is to {@code readAllBytes}. A reader that streams much data through one array (a file copy, a
     * checksum, a child's output to a file) allocates nothing per read; fresh arrays per read cost
     * about four times as much as copying into a reused one (1 GiB in 64 KiB arrays, JDK 25). The
     * array must not be touched until the future completes. Fails only with the connection's
     * {@code IOException} (see "How reads fail").
     *
     * <pre>{@code
     * byte[] buf = new byte[64 * 1024];
     * reader.readInto(buf, 0, buf.length).thenAccept(n -> { if (n > 0) digest.update(buf, 0, n); });
     * }</pre>
     *
     * @param into the array the bytes go to
     * @param offset where in {@code into} the first byte goes
     * @param length the most bytes to read, more than 0
     * @return a future with the number of bytes read, or -1 at the end of the stream
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit {@code into}
     * @throws IllegalArgumentException if {@code length} is 0
     * @throws IllegalStateException off the loop thread
     */
    default LoopFuture<Integer> readInto(byte[] into, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            throw new IllegalArgumentException("length: 0 (expected: > 0)");
        }
        LoopFuture<byte[]> read = read(length);
        LoopFuture<Integer> done = read.loop().newFuture();
        read.whenComplete((bytes, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else if (bytes.length == 0) {
                done.complete(-1);
            } else {
                System.arraycopy(bytes, 0, into, offset, bytes.length);
                done.complete(bytes.length);
            }
        });
        return done;
    }

    /**
     * Reads exactly {@code n} bytes. Fails with {@link IncompleteReadException} (holding what was
     * read) if the stream ends first, or with the connection's {@code IOException}.
     *
     * @param n the number of bytes to read, 0 or more
     * @return a future with exactly {@code n} bytes
     * @throws IllegalArgumentException if {@code n < 0}
     */
    LoopFuture<byte[]> readExactly(int n);

    /**
     * Takes exactly {@code n} bytes at once if they are already buffered and no read waits before
     * this one; otherwise takes nothing and returns {@code null} (then {@link #readExactly} waits
     * for them, or says how the stream ended). The synchronous half of {@code readExactly}, for
     * protocols that parse what one arrival brought before waiting for the next — as Netty's
     * decoders do, or Okio's {@code request(n)} then {@code readByteArray(n)}: no future for bytes
     * that are here. A reader that cannot tell always returns {@code null}. Loop thread.
     *
     * <pre>{@code
     * byte[] header;
     * while ((header = reader.pollExactly(4)) != null) {      // frames that are here: no futures
     *     int length = ByteBuffer.wrap(header).getInt();
     *     byte[] body = reader.pollExactly(length);
     *     if (body == null) {
     *         return reader.readExactly(length).thenAccept(this::handle).thenRun(this::next);
     *     }
     *     handle(body);
     * }
     * return reader.readExactly(4).thenCompose(...);           // wait for the next arrival
     * }</pre>
     *
     * @param n the number of bytes to take, 0 or more
     * @return exactly {@code n} bytes, or {@code null} if they are not all buffered yet, or a read
     *     waits
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalStateException off the loop thread
     */
    default byte[] pollExactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        }
        return null;
    }

    /**
     * Reads up to and including {@code delimiter}. Fails with {@link LimitOverrunException} if the
     * delimiter is not found within the limit (the data stays buffered), with
     * {@link IncompleteReadException} if the stream ends first, or with the connection's
     * {@code IOException}.
     *
     * @param delimiter the bytes to read up to, not empty
     * @return a future with the bytes up to and including the delimiter
     * @throws IllegalArgumentException if {@code delimiter} is empty
     */
    LoopFuture<byte[]> readUntil(byte[] delimiter);

    /**
     * Reads one line, decoded as UTF-8, without its line ending ({@code \n} or {@code \r\n}).
     * At the end of the stream it yields the last, unterminated line if there is one, then
     * {@code null}. Malformed input is replaced, never fatal. Fails with
     * {@link LimitOverrunException} for a line longer than the limit (which is discarded: the next
     * read starts after it), or with the connection's {@code IOException}.
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
     * Reads every line to the end of the stream, handing each to {@code action} on the loop
     * thread as it arrives; the future completes (with {@code null}) at the end of the stream.
     * It fails as {@link #readLine()} does — the reading stops there, and a new call goes on after
     * an over-long line — or with what {@code action} threw (the line after it is not read).
     * Cancelling it on the loop thread cancels the pending read, so no line is lost for a later
     * reader. In an {@link Async} body, {@code Async.await(reader.forEachLine(action))} or a
     * {@code while ((line = Async.await(reader.readLine())) != null)} loop does the same.
     *
     * @param action called on the loop thread with each line, without its ending
     * @return a future completed at the end of the stream
     * @throws IllegalStateException off the loop thread
     */
    default LoopFuture<Void> forEachLine(Consumer<? super String> action) {
        return forEachLine(StandardCharsets.UTF_8, action);
    }

    /**
     * As {@link #forEachLine(Consumer)}, decoding with {@code charset}.
     *
     * @param charset how the lines are encoded
     * @param action called on the loop thread with each line, without its ending
     * @return a future completed at the end of the stream
     */
    default LoopFuture<Void> forEachLine(Charset charset, Consumer<? super String> action) {
        return EachLine.start(this, charset, action);
    }

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
