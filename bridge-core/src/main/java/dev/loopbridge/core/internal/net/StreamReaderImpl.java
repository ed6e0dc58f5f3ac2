package dev.loopbridge.core.internal.net;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

import dev.loopbridge.core.IncompleteReadException;
import dev.loopbridge.core.LimitOverrunException;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;

/**
 * A {@link StreamReader}: a byte buffer fed by the connection's protocol, and a queue of pending
 * reads served in order. Loop thread only.
 *
 * <p>Flow control as asyncio's: past twice the limit of unread bytes that no read asked for, the
 * transport stops reading; at the limit it reads again — and at once whenever a pending read needs
 * more than is buffered.
 */
final class StreamReaderImpl implements StreamReader {

    private static final int MIN_CAPACITY = 1024;

    private final BaseEventLoop loop;
    private final int limit;
    private final ArrayDeque<Read<?>> reads = new ArrayDeque<>();
    private byte[] buf = new byte[MIN_CAPACITY];
    private int start;
    private int end;
    private boolean eof;
    private Throwable error;
    private Transport transport;
    private boolean paused;
    private boolean serving;
    private boolean serveAgain;

    StreamReaderImpl(BaseEventLoop loop, int limit) {
        this.loop = loop;
        this.limit = limit;
    }

    void setTransport(Transport t) {
        this.transport = t;
    }

    // ---- fed by the protocol ----

    void feed(ByteBuffer data) {
        int n = data.remaining();
        ensureRoom(n);
        data.get(buf, end, n);
        end += n;
        serve();
        // Pause for data nobody asked for yet; a pending read that needs more keeps reading on.
        if (!paused && transport != null && reads.isEmpty() && buffered() > 2L * limit) {
            paused = true;
            transport.pauseReading();
        }
    }

    void feedEof() {
        eof = true;
        serve();
    }

    void fail(Throwable cause) {
        if (error == null) {
            error = cause;
        }
        eof = true;
        serve();
    }

    /** Takes every unread byte out, for a TLS upgrade: they are the first ciphertext. */
    byte[] takeBuffered() {
        return take(buffered());
    }

    boolean hasPendingReads() {
        for (Read<?> r : reads) {
            if (!r.future.isDone()) {
                return true; // a completed read may still sit in the queue while its dependents run
            }
        }
        return false;
    }

    // ---- reads ----

    @Override
    public LoopFuture<byte[]> read(int max) {
        loop.checkInLoop("StreamReader.read");
        if (max <= 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
        }
        return enqueue(new Read<byte[]>() {
            @Override
            boolean tryComplete() {
                if (buffered() > 0) {
                    future.complete(take(Math.min(max, buffered())));
                } else if (error != null) {
                    future.completeExceptionally(error);
                } else if (eof) {
                    future.complete(new byte[0]);
                } else {
                    return false;
                }
                return true;
            }
        });
    }

    @Override
    public LoopFuture<byte[]> readExactly(int n) {
        loop.checkInLoop("StreamReader.readExactly");
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        }
        return enqueue(new Read<byte[]>() {
            @Override
            boolean tryComplete() {
                if (buffered() >= n) {
                    future.complete(take(n));
                    return true;
                }
                if (eof) {
                    future.completeExceptionally(error != null ? error : new IncompleteReadException(take(buffered()), n));
                    return true;
                }
                return false;
            }
        });
    }

    @Override
    public LoopFuture<byte[]> readUntil(byte[] delimiter) {
        loop.checkInLoop("StreamReader.readUntil");
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("delimiter is empty (expected: at least one byte)");
        }
        byte[] sep = delimiter.clone();
        return enqueue(new Read<byte[]>() {
            @Override
            boolean tryComplete() {
                int at = find(sep);
                if (at >= 0) {
                    int chunk = at - start + sep.length;
                    if (chunk > limit) {
                        future.completeExceptionally(new LimitOverrunException("the delimiter was found " + chunk
                                + " bytes in, past the stream limit of " + limit + " bytes", chunk));
                    } else {
                        future.complete(take(chunk));
                    }
                    return true;
                }
                if (buffered() > limit) {
                    future.completeExceptionally(new LimitOverrunException("no delimiter in the first " + buffered()
                            + " bytes: past the stream limit of " + limit + " bytes", buffered()));
                    return true;
                }
                if (eof) {
                    future.completeExceptionally(error != null ? error : new IncompleteReadException(take(buffered()), -1));
                    return true;
                }
                return false;
            }
        });
    }

    @Override
    public LoopFuture<String> readLine() {
        return readLine(StandardCharsets.UTF_8);
    }

    @Override
    public LoopFuture<String> readLine(Charset charset) {
        loop.checkInLoop("StreamReader.readLine");
        Objects.requireNonNull(charset, "charset");
        return enqueue(new Read<String>() {
            @Override
            boolean tryComplete() {
                int at = find(NEWLINE);
                if (at >= 0) {
                    int length = at - start + 1;
                    if (length > limit) {
                        take(length); // as asyncio: the over-long line is dropped, the stream goes on
                        future.completeExceptionally(new LimitOverrunException("a line of " + length
                                + " bytes is longer than the stream limit of " + limit + " bytes; it was discarded",
                                length));
                    } else {
                        future.complete(decodeLine(take(length), charset));
                    }
                    return true;
                }
                if (buffered() > limit) {
                    int dropped = buffered();
                    take(dropped);
                    future.completeExceptionally(new LimitOverrunException("no line end in " + dropped
                            + " bytes, past the stream limit of " + limit + " bytes; they were discarded", dropped));
                    return true;
                }
                if (eof) {
                    if (buffered() > 0) {
                        future.complete(decodeLine(take(buffered()), charset)); // the last, unterminated line
                    } else if (error != null) {
                        future.completeExceptionally(error);
                    } else {
                        future.complete(null);
                    }
                    return true;
                }
                return false;
            }
        });
    }

    private static final byte[] NEWLINE = {'\n'};

    private static String decodeLine(byte[] line, Charset charset) {
        int n = line.length;
        if (n > 0 && line[n - 1] == '\n') {
            n--;
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
        }
        return new String(line, 0, n, charset); // malformed input is replaced, never fatal
    }

    @Override
    public boolean atEof() {
        return eof && buffered() == 0;
    }

    @Override
    public int limit() {
        return limit;
    }

    // ---- machinery ----

    private <T> LoopFuture<T> enqueue(Read<T> r) {
        r.future = loop.newFuture();
        r.future.whenCancelled(() -> {
            reads.remove(r);
            serve();
        });
        reads.add(r);
        serve();
        return r.future;
    }

    /**
     * Completes what pending reads the buffer allows, in order. Completing a read runs its
     * dependents at once, and they may issue new reads (or cancel others): those calls only queue
     * their read and ask for another round, so the queue is never changed under this loop.
     */
    private void serve() {
        if (serving) {
            serveAgain = true;
            return;
        }
        serving = true;
        try {
            do {
                serveAgain = false;
                while (!reads.isEmpty()) {
                    Read<?> r = reads.peek();
                    if (!r.future.isDone() && !r.tryComplete()) {
                        break;
                    }
                    reads.remove(r);
                }
            } while (serveAgain);
        } finally {
            serving = false;
        }
        if (transport == null || eof) {
            return;
        }
        if (paused && (buffered() <= limit || !reads.isEmpty())) {
            paused = false;
            transport.resumeReading();
        }
    }

    private int buffered() {
        return end - start;
    }

    private byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > Math.max(MIN_CAPACITY, 4 * limit)) {
                buf = new byte[MIN_CAPACITY]; // give back what a burst took
            }
        }
        return out;
    }

    private void ensureRoom(int n) {
        if (buf.length - end >= n) {
            return;
        }
        int used = buffered();
        if (buf.length - used >= n && start > 0) {
            System.arraycopy(buf, start, buf, 0, used);
        } else {
            byte[] bigger = new byte[Math.max(buf.length * 2, used + n)];
            System.arraycopy(buf, start, bigger, 0, used);
            buf = bigger;
        }
        start = 0;
        end = used;
    }

    /** Finds {@code sep} in the unread bytes, not searching again what this read searched before. */
    private int find(byte[] sep) {
        Read<?> head = reads.peek();
        int from = start + Math.max(0, head.scanned - sep.length + 1);
        int at = indexOf(sep, from);
        head.scanned = at >= 0 ? 0 : buffered();
        return at;
    }

    private int indexOf(byte[] sep, int from) {
        outer:
        for (int i = from; i <= end - sep.length; i++) {
            for (int j = 0; j < sep.length; j++) {
                if (buf[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A pending read: completes its future when the buffer can satisfy it. */
    private abstract static class Read<T> {
        LoopFuture<T> future;

        /** How many unread bytes a delimiter search has looked at without a match. */
        int scanned;

        /** Completes the future if the buffer (or the end of the stream) allows; returns whether it did. */
        abstract boolean tryComplete();
    }
}
