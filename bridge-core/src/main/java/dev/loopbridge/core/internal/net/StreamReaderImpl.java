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
 * <p>A read that no other read waits before and that the buffer can serve completes at once, in
 * the call that makes it: it never enters the queue and needs no cancel hook (its future is done
 * before anyone can cancel it). Only a read that has to wait is queued, with its hook. A read
 * that is done does not count as waiting, though it stays at the head of the queue while its
 * dependents run: so the reads those dependents make (a frame's body after its header) complete
 * at once too, rather than each queueing behind it.
 *
 * <p>Bytes that arrive while the buffer is empty and reads wait are served to those reads straight
 * from the array they came in (a read copies its bytes once, not into the buffer and out again);
 * only what the reads leave is copied into the buffer, before {@code feed} returns, so the array is
 * the caller's again then.
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
    /** The unread bytes are {@code buf[start, end)}; while {@link #owned} is set aside, buf is a lent array. */
    private byte[] buf = new byte[MIN_CAPACITY];
    private int start;
    private int end;
    /** The reader's own buffer while {@link #feed} serves reads from a lent array, else null. */
    private byte[] owned;
    private boolean eof;
    private Throwable error;
    private Transport transport;
    private boolean paused;
    private boolean serving;
    /** The lent array of a {@link #feedGivingUp} in progress, which a read may take whole; else null. */
    private byte[] giving;
    /** Whether a read took the array of the last {@link #feedGivingUp} (see take). */
    private boolean given;
    private boolean serveAgain;

    /**
     * How many unread bytes the read being served (the head of the queue, or a read tried at once)
     * has searched for its delimiter without finding it, so that its search resumes where it
     * stopped. Reset to 0 when that read completes or is cancelled, and whenever bytes are taken.
     */
    private int scanned;

    StreamReaderImpl(BaseEventLoop loop, int limit) {
        this.loop = loop;
        this.limit = limit;
    }

    /** Throws naming {@code operation} and the loop thread unless called on it. */
    void checkInLoop(String operation) {
        loop.checkInLoop(operation);
    }

    void setTransport(Transport t) {
        this.transport = t;
    }

    // ---- fed by the protocol ----

    void feed(ByteBuffer data) {
        giveBack(); // a feed from a read's dependent, inside another feed: that one's bytes come first
        int n = data.remaining();
        if (!data.hasArray() && feedWhole(data, n)) {
            return;
        }
        if (n > 0 && buffered() == 0 && !reads.isEmpty() && data.hasArray()) {
            owned = buf;
            buf = data.array();
            start = data.arrayOffset() + data.position();
            end = start + n;
            data.position(data.limit());
            try {
                serve();
            } finally {
                giveBack();
            }
        } else {
            ensureRoom(n);
            data.get(buf, end, n);
            end += n;
            serve();
        }
        // Pause for data nobody asked for yet; a pending read that needs more keeps reading on.
        if (!paused && transport != null && reads.isEmpty() && buffered() > 2L * limit) {
            paused = true;
            transport.pauseReading();
        }
    }

    /**
     * A direct buffer (a socket's) for a read that takes it all: copied once, into the array that
     * becomes the read's result, rather than into the buffer and out again. Returns whether it was
     * fed so; otherwise {@link #feed} feeds it as usual. Kept out of feed, which stays small enough
     * to inline.
     */
    private boolean feedWhole(ByteBuffer data, int n) {
        if (n == 0 || giving != null || buffered() != 0 || !firstReadTakesWhole(n)) {
            return false;
        }
        byte[] whole = new byte[n];
        data.get(whole);
        feedGivingUp(ByteBuffer.wrap(whole));
        return true;
    }

    /**
     * As {@link #feed}, from a feeder that gives {@code data}'s array up: a read that takes the
     * whole array (the reader's buffer empty, a read waiting for up to that many bytes) gets the
     * array itself rather than a copy. Returns whether it did; if so, the feeder must not use the
     * array again.
     */
    boolean feedGivingUp(ByteBuffer data) {
        given = false;
        giving = data.array();
        try {
            feed(data);
        } finally {
            giving = null;
        }
        return given;
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

    /**
     * Puts {@code bytes} back in front of the unread bytes, as if they had never been read: the
     * caller read a connection's first bytes to find out which protocol it speaks, and hands the
     * connection on whole. Reads waiting are served from them. Loop thread; safe inside a read's
     * dependent, in the middle of a feed.
     */
    void unread(byte[] bytes) {
        int n = bytes.length;
        if (n == 0) {
            return;
        }
        giveBack(); // inside a feed the unread bytes may be a lent array, which must not be written
        int used = buffered();
        if (start < n) {
            byte[] room = new byte[Math.max(buf.length, n + used)];
            System.arraycopy(buf, start, room, n, used);
            buf = room;
            start = n;
            end = n + used;
        }
        start -= n;
        System.arraycopy(bytes, 0, buf, start, n);
        scanned = 0;
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
        LoopFuture<byte[]> f = loop.newFuture();
        if (noReadWaits() && completeRead(f, max)) {
            servedAtOnce();
        } else {
            enqueue(new ReadSome(f, max));
        }
        return f;
    }

    /** A waiting {@link #read(int)}. */
    private final class ReadSome extends Read<byte[]> {
        final int max;

        ReadSome(LoopFuture<byte[]> future, int max) {
            super(future);
            this.max = max;
        }

        @Override
        boolean tryComplete() {
            return completeRead(future, max);
        }
    }

    /** Whether the first waiting read is a {@link #read(int)} that would take {@code n} bytes whole. */
    private boolean firstReadTakesWhole(int n) {
        for (Read<?> r : reads) {
            if (!r.future.isDone()) {
                return r instanceof ReadSome some && some.max >= n;
            }
        }
        return false;
    }

    @Override
    public LoopFuture<Integer> readInto(byte[] into, int offset, int length) {
        loop.checkInLoop("StreamReader.readInto");
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            throw new IllegalArgumentException("length: 0 (expected: > 0)");
        }
        LoopFuture<Integer> f = loop.newFuture();
        if (noReadWaits() && completeReadInto(f, into, offset, length)) {
            servedAtOnce();
        } else {
            enqueue(new Read<>(f) {
                @Override
                boolean tryComplete() {
                    return completeReadInto(future, into, offset, length);
                }
            });
        }
        return f;
    }

    private boolean completeReadInto(LoopFuture<Integer> future, byte[] into, int offset, int length) {
        int n = Math.min(length, buffered());
        if (n > 0) {
            System.arraycopy(buf, start, into, offset, n);
            skip(n);
            future.complete(n);
        } else if (error != null) {
            future.completeExceptionally(error);
        } else if (eof) {
            future.complete(-1);
        } else {
            return false;
        }
        return true;
    }

    private boolean completeRead(LoopFuture<byte[]> future, int max) {
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

    @Override
    public LoopFuture<byte[]> readExactly(int n) {
        loop.checkInLoop("StreamReader.readExactly");
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        }
        LoopFuture<byte[]> f = loop.newFuture();
        if (buffered() >= n && noReadWaits()) {
            // The common case (a frame's header, then its body, already here): kept small so
            // that it inlines into the caller's chain.
            f.complete(take(n));
            servedAtOnce();
            return f;
        }
        return readExactlyLater(f, n);
    }

    @Override
    public byte[] pollExactly(int n) {
        loop.checkInLoop("StreamReader.pollExactly");
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        }
        if (buffered() < n || !noReadWaits()) {
            return null;
        }
        byte[] out = take(n);
        servedAtOnce();
        return out;
    }

    /** The rest of {@link #readExactly}: the end of the stream, or a wait. */
    private LoopFuture<byte[]> readExactlyLater(LoopFuture<byte[]> f, int n) {
        if (noReadWaits() && completeExactly(f, n)) {
            servedAtOnce();
        } else {
            enqueue(new Read<>(f) {
                @Override
                boolean tryComplete() {
                    return completeExactly(future, n);
                }
            });
        }
        return f;
    }

    private boolean completeExactly(LoopFuture<byte[]> future, int n) {
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

    @Override
    public LoopFuture<byte[]> readUntil(byte[] delimiter) {
        loop.checkInLoop("StreamReader.readUntil");
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("delimiter is empty (expected: at least one byte)");
        }
        byte[] sep = delimiter.clone();
        LoopFuture<byte[]> f = loop.newFuture();
        if (noReadWaits() && completeUntil(f, sep)) {
            servedAtOnce();
        } else {
            enqueue(new Read<>(f) {
                @Override
                boolean tryComplete() {
                    return completeUntil(future, sep);
                }
            });
        }
        return f;
    }

    private boolean completeUntil(LoopFuture<byte[]> future, byte[] sep) {
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

    @Override
    public LoopFuture<String> readLine() {
        return readLine(StandardCharsets.UTF_8);
    }

    @Override
    public LoopFuture<String> readLine(Charset charset) {
        loop.checkInLoop("StreamReader.readLine");
        Objects.requireNonNull(charset, "charset");
        LoopFuture<String> f = loop.newFuture();
        if (noReadWaits() && completeLine(f, charset)) {
            servedAtOnce();
        } else {
            enqueue(new Read<>(f) {
                @Override
                boolean tryComplete() {
                    return completeLine(future, charset);
                }
            });
        }
        return f;
    }

    /**
     * The next line if the buffer holds a whole one within the limit and no read waits, else null
     * (then {@link #readLine(Charset)} says what comes: a wait, the end, a limit overrun or the
     * error). {@code forEachLine}'s way through lines already buffered: no future per line.
     */
    String pollLine(Charset charset) {
        if (buffered() == 0 || !noReadWaits()) {
            return null;
        }
        int at = find(NEWLINE);
        if (at < 0 || at - start + 1 > limit) {
            scanned = 0; // the readLine that follows is a read of its own
            return null;
        }
        String line = takeLine(at - start + 1, charset);
        servedAtOnce();
        return line;
    }

    /**
     * Whether no read waits: the queue is empty, or holds only reads that are done (a read just
     * completed stays queued while its dependents run, and forEachLine is one). No iterator for
     * the usual cases: this runs once per read.
     *
     * <p>A done read still queued may leave {@link #scanned} behind (a readUntil that failed past
     * the limit, or one cancelled whose hook has not run yet). It is then the whole buffer, so a
     * search that resumes from it can only miss, never find a later delimiter: the read made at
     * once fails to complete and is queued, and serve() purges the done read and resets the
     * search before trying it.
     */
    private boolean noReadWaits() {
        if (reads.isEmpty()) {
            return true;
        }
        return reads.size() == 1 ? reads.peek().future.isDone() : !hasPendingReads();
    }

    private boolean completeLine(LoopFuture<String> future, Charset charset) {
        int at = find(NEWLINE);
        if (at >= 0) {
            int length = at - start + 1;
            if (length > limit) {
                skip(length); // as asyncio: the over-long line is dropped, the stream goes on
                future.completeExceptionally(new LimitOverrunException("a line of " + length
                        + " bytes is longer than the stream limit of " + limit + " bytes; it was discarded",
                        length));
            } else {
                future.complete(takeLine(length, charset));
            }
            return true;
        }
        if (buffered() > limit) {
            int dropped = buffered();
            skip(dropped);
            future.completeExceptionally(new LimitOverrunException("no line end in " + dropped
                    + " bytes, past the stream limit of " + limit + " bytes; they were discarded", dropped));
            return true;
        }
        if (eof) {
            if (buffered() > 0) {
                future.complete(takeLine(buffered(), charset)); // the last, unterminated line
            } else if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(null);
            }
            return true;
        }
        return false;
    }

    private static final byte[] NEWLINE = {'\n'};

    /** Takes {@code length} bytes and decodes them, less their line ending, straight from the buffer. */
    private String takeLine(int length, Charset charset) {
        int n = length;
        if (n > 0 && buf[start + n - 1] == '\n') {
            n--;
            if (n > 0 && buf[start + n - 1] == '\r') {
                n--;
            }
        }
        String line = new String(buf, start, n, charset); // malformed input is replaced, never fatal
        skip(length);
        return line;
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

    /** Queues a read that could not complete at once (or had reads before it), with its cancel hook. */
    private void enqueue(Read<?> r) {
        r.future.whenCancelled(r);
        reads.add(r);
        serve();
    }

    /** After a read completed in the call that made it: what serving a queued read ends with. */
    private void servedAtOnce() {
        scanned = 0;
        resumeIfWanted(); // the read took bytes, which may let a paused transport read again
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
                    scanned = 0;
                }
            } while (serveAgain);
        } finally {
            serving = false;
        }
        resumeIfWanted();
    }

    /** Resumes a paused transport if the buffer fell to the limit or a read waits for more. */
    private void resumeIfWanted() {
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

    /** The length of the reader's own buffer (not of a lent array), for tests of its shrink rule. */
    int capacity() {
        return owned != null ? owned.length : buf.length;
    }

    /** Ends a loan: copies what the reads left of the lent array into the reader's own buffer. */
    private void giveBack() {
        if (owned == null) {
            return;
        }
        byte[] lent = buf;
        int from = start;
        int rest = buffered();
        buf = owned;
        owned = null;
        start = 0;
        end = 0;
        ensureRoom(rest);
        System.arraycopy(lent, from, buf, 0, rest);
        end = rest;
        if (rest == 0) {
            skip(0); // gives back what a burst took, as a read that empties the buffer does
        }
    }

    /** Takes the next {@code n} unread bytes out, as an array of their own. */
    private byte[] take(int n) {
        if (buf == giving && start == 0 && n == buf.length) {
            // the whole array of a feeder that gives it up (feedGivingUp): it is the read's now
            byte[] whole = buf;
            giving = null;
            given = true;
            skip(n);
            return whole;
        }
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        skip(n);
        return out;
    }

    /** Drops the next {@code n} unread bytes. */
    private void skip(int n) {
        scanned = 0;
        start += n;
        if (start == end && owned == null) {
            start = 0;
            end = 0;
            if (buf.length > Math.max(MIN_CAPACITY, 4 * limit)) {
                buf = new byte[MIN_CAPACITY]; // give back what a burst took
            }
        }
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

    /** Finds {@code sep} in the unread bytes, not searching again what the read searched before. */
    private int find(byte[] sep) {
        int from = start + Math.max(0, scanned - sep.length + 1);
        int at = indexOf(sep, from);
        scanned = at >= 0 ? 0 : buffered();
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

    /**
     * A read in the queue: completes its future when the buffer can satisfy it. It is also the
     * future's cancel hook ({@link #run}), which takes it out of the queue.
     */
    private abstract class Read<T> implements Runnable {
        final LoopFuture<T> future;

        Read(LoopFuture<T> future) {
            this.future = future;
        }

        /** Completes the future if the buffer (or the end of the stream) allows; returns whether it did. */
        abstract boolean tryComplete();

        /** The future was cancelled: the read leaves the queue, and the reads behind it are served. */
        @Override
        public void run() {
            if (reads.peek() == this) {
                scanned = 0;
            }
            reads.remove(this);
            serve();
        }
    }
}
