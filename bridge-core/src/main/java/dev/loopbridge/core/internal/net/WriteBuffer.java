package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The bytes a transport has accepted but the socket has not: copies of what {@code write} could
 * not send at once, appended to the last chunk while it has room, written out with gathering
 * writes; sent chunks are kept, a few (a pipe's queue: as many as were out at once, see
 * {@link #forPipe}), and filled again. One thread at a time: the loop thread of a
 * socket, or whoever holds the lock of a {@code PipeSink}.
 */
final class WriteBuffer {

    /** Small writes share chunks of at least this size. */
    private static final int CHUNK = 16 * 1024;

    /** The most chunks one gathering write takes. */
    private static final int GATHER = 16;

    /** Sent chunks a socket's buffer keeps for reuse, at most; a steady stream of writes then allocates nothing. */
    private static final int SPARES = 4;

    /** Chunks larger than this are not kept for reuse (one huge write does not pin its copy). */
    private static final int MAX_SPARE = 256 * 1024;

    /** Chunks in read mode (position to limit is unsent); the last may have room past its limit. */
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[GATHER];
    /** Chunks whose bytes are sent, cleared, for {@link #append} to fill again. */
    private final ArrayDeque<ByteBuffer> spares = new ArrayDeque<>(SPARES);
    private final int maxSpares;
    private final long maxSpareBytes;
    /** The capacity of the chunks in {@link #spares}. */
    private long spareBytes;
    private long size;

    /** A socket's buffer: the socket takes what it can at once, so a few spare chunks suffice. */
    WriteBuffer() {
        this(SPARES, Long.MAX_VALUE);
    }

    private WriteBuffer(int maxSpares, long maxSpareBytes) {
        this.maxSpares = maxSpares;
        this.maxSpareBytes = maxSpareBytes;
    }

    /**
     * A pipe's queue, whose pump thread holds a batch while the loop refills up to the high mark:
     * with 64 KiB writes, 12 chunks are out at once, and a socket's 4 spares left 8 of them to be
     * made anew each round, half a GiB of garbage per GiB written (JFR, 1 GiB through {@code cat}).
     * It keeps as many as {@code spareBytes} hold: what was out at once is reused, and never more.
     */
    static WriteBuffer forPipe(long spareBytes) {
        return new WriteBuffer(Integer.MAX_VALUE, spareBytes);
    }

    boolean isEmpty() {
        return size == 0;
    }

    long size() {
        return size;
    }

    /** Copies the remaining bytes of {@code data}, which the caller may then reuse. */
    void append(ByteBuffer data) {
        int n = data.remaining();
        ByteBuffer last = chunks.peekLast();
        if (last != null && last.capacity() - last.limit() >= n) {
            int at = last.limit();
            last.limit(at + n);
            last.put(at, data, data.position(), n);
            data.position(data.limit());
        } else {
            ByteBuffer chunk = spare(n);
            chunk.put(data).flip();
            chunks.addLast(chunk);
        }
        size += n;
    }

    /** Writes as much as the channel takes; returns the bytes written. */
    long writeTo(GatheringByteChannel channel) throws IOException {
        long total = 0;
        while (!chunks.isEmpty()) {
            int n = 0;
            for (ByteBuffer b : chunks) {
                gather[n++] = b;
                if (n == GATHER) {
                    break;
                }
            }
            long want = 0;
            for (int i = 0; i < n; i++) {
                want += gather[i].remaining();
            }
            long wrote = channel.write(gather, 0, n);
            Arrays.fill(gather, 0, n, null);
            total += wrote;
            size -= wrote;
            while (!chunks.isEmpty() && !chunks.peekFirst().hasRemaining()) {
                recycle(chunks.removeFirst());
            }
            if (wrote < want) {
                break; // the socket is full
            }
        }
        return total;
    }

    /** A kept chunk with room for {@code n} bytes, or a new one; empty, in write mode. */
    private ByteBuffer spare(int n) {
        for (var it = spares.iterator(); it.hasNext(); ) {
            ByteBuffer b = it.next();
            if (b.capacity() >= n) {
                it.remove();
                spareBytes -= b.capacity();
                return b;
            }
        }
        return ByteBuffer.allocate(Math.max(n, CHUNK));
    }

    /**
     * Takes back a chunk whose bytes are sent (one {@link #pollFirst} returned), to fill again: the
     * caller keeps no reference to it.
     */
    void recycle(ByteBuffer chunk) {
        int capacity = chunk.capacity();
        if (spares.size() < maxSpares && capacity <= MAX_SPARE && spareBytes + capacity <= maxSpareBytes) {
            spares.add(chunk.clear());
            spareBytes += capacity;
        }
    }

    /** Takes the first chunk out (in read mode), or returns null if there is none. */
    ByteBuffer pollFirst() {
        ByteBuffer first = chunks.pollFirst();
        if (first != null) {
            size -= first.remaining();
        }
        return first;
    }

    /** Takes everything out as one buffer (in read mode). */
    ByteBuffer drain() {
        ByteBuffer all = ByteBuffer.allocate((int) size);
        for (ByteBuffer b : chunks) {
            all.put(b);
        }
        clear();
        return all.flip();
    }

    /** Drops everything, the kept chunks too. */
    void clear() {
        chunks.clear();
        spares.clear();
        spareBytes = 0;
        size = 0;
    }
}
