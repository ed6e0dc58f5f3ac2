package dev.loopbridge.web.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.StreamWriter;

/**
 * The frames one session sends, gathered so that the small ones sent in one go of the loop leave
 * in one transport write (one system call, one TLS record) rather than one each. Loop thread only:
 * the session's.
 *
 * <p>When a gathered frame goes out:
 * <ul>
 * <li>when the session has handed on what it read ({@link #readHandedOn}): the frames its
 * receivers sent in reply (an echo, a request answered) leave together, in the same tick, as with
 * Netty's {@code flush} on {@code channelReadComplete};
 * <li>otherwise in the flush queued with {@code callSoon} by the first frame gathered, which runs
 * after the callbacks queued before it: the sends of one callback (a loop of sends, a broadcast)
 * leave together. That flush is queued during a read too: should a receiver run a nested loop
 * there (a modal dialog on the FX thread or the EDT), what is sent inside it still leaves, from
 * a tick of the nested loop, rather than waiting for the dialog to close;
 * <li>at once, before anything that must follow it: a frame too big to gather, the
 * {@link #CAPACITY} filling up, a close frame, the connection being closed ({@link #flush}).
 * </ul>
 * The order of the frames is the order of the sends, whichever way each one leaves.
 *
 * <p>Flow control: a frame is gathered only while the transport's write buffer is empty; once the
 * socket has a backlog (the only time the transport pauses a sender) each frame is written through
 * at once and counts in that buffer, as it did without gathering; a write then costs a copy, not a
 * system call, so nothing is lost by not gathering. The gathered bytes are at most
 * {@link #CAPACITY}, under the transport's high-water mark, so a send that completes while its
 * frame is gathered still completes "buffered below the high-water mark". A big frame (over
 * {@link #GATHER_AT_MOST} bytes) is written directly, after what is gathered, and is never copied
 * into the gathering buffer.
 *
 * <p>A big frame is encoded (header, then the payload, masked for a client) into a direct buffer
 * that the loop thread keeps for all its sessions, {@value #SCRATCH_SIZE} payload bytes at a time, and
 * written from there: the socket takes a direct buffer as it is, where a heap array would first be
 * copied by the JDK into a direct buffer of its own, and no array is made per frame. The
 * transport copies only what the socket does not take at once, so the buffer is free again as
 * each write returns.
 */
final class FrameOutbox {

    /** Frames (header included) of at most this many bytes are gathered; bigger ones are written directly. */
    static final int GATHER_AT_MOST = 4 * 1024;
    /** The most bytes gathered: a frame that would pass it writes what is gathered first. */
    static final int CAPACITY = 16 * 1024;
    /** A gathering buffer up to this size is kept after a flush; a bigger one is dropped (idle sockets stay small). */
    private static final int KEEP = 2 * 1024;
    /** The first buffer's size. */
    private static final int FIRST = 256;

    private final EventLoop loop;
    private final StreamWriter writer;
    private final Runnable queuedFlush = this::runQueuedFlush;

    /** The gathered frames, in {@code [0, size)}; {@code null} until a frame is gathered, or after a big one was dropped. */
    private byte[] buffer;
    private int size;
    /** A flush is queued on the loop and has not run yet. */
    private boolean flushQueued;
    FrameOutbox(EventLoop loop, StreamWriter writer) {
        this.loop = loop;
        this.writer = writer;
    }

    /**
     * Sends one frame: gathered or written, as the class comment says. {@code maskKey} is copied,
     * so the caller may reuse it.
     */
    void add(int opcode, boolean rsv1, byte[] payload, byte[] maskKey) {
        int frameSize = FrameWriter.frameSize(payload.length, maskKey != null);
        if (frameSize > GATHER_AT_MOST || writer.transport().writeBufferSize() > 0) {
            flush();
            writeDirect(opcode, rsv1, payload, maskKey);
            return;
        }
        if (size + frameSize > CAPACITY) {
            flush();
        }
        ensureRoom(frameSize);
        size = FrameWriter.encodeInto(buffer, size, opcode, true, rsv1, payload, 0, payload.length, maskKey);
        if (!flushQueued) {
            queueFlush();
        }
    }

    /** Writes one frame through this thread's {@link Scratch}, piece by piece (see the class comment). */
    private void writeDirect(int opcode, boolean rsv1, byte[] payload, byte[] maskKey) {
        Scratch scratch = SCRATCH.get();
        if (scratch.busy) {
            // A write below this one called back into a send (a protocol's pauseWriting, say):
            // the buffer holds the outer frame's bytes, so this frame takes an array of its own.
            writer.write(FrameWriter.encode(opcode, true, rsv1, payload, 0, payload.length, maskKey));
            return;
        }
        scratch.busy = true;
        try {
            ByteBuffer out = scratch.buffer.clear();
            byte[] header = scratch.header;
            int h = FrameWriter.headerInto(header, 0, opcode, true, rsv1, payload.length, maskKey);
            out.put(header, 0, h);
            int phase = 0;
            for (int done = 0; done < payload.length; ) {
                int n = Math.min(SCRATCH_SIZE, payload.length - done);
                phase = Masking.apply(payload, done, out, n, maskKey, phase);
                done += n;
                writer.write(out.flip()); // the transport sends what it can and copies the rest
                out.clear();
            }
            if (payload.length == 0) {
                writer.write(out.flip());
            }
        } finally {
            scratch.busy = false;
        }
    }

    /** The payload bytes each write of a big frame takes at most (the first also has the header). */
    static final int SCRATCH_SIZE = 128 * 1024;

    /** The longest frame header: 2 bytes, a 64-bit length and a mask key. */
    private static final int MAX_HEADER = 14;

    /** Each loop thread's buffer for big frames, made on its first one. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** A direct buffer for big frames, a header's room, and whether a write uses them now. */
    private static final class Scratch {
        final byte[] header = new byte[MAX_HEADER];
        final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_HEADER + SCRATCH_SIZE);
        boolean busy;
    }

    private void ensureRoom(int frameSize) {
        int need = size + frameSize;
        if (buffer == null) {
            buffer = new byte[Math.max(FIRST, Integer.highestOneBit(need - 1) << 1)];
        } else if (buffer.length < need) {
            byte[] bigger = new byte[Math.min(CAPACITY, Math.max(need, buffer.length * 2))];
            System.arraycopy(buffer, 0, bigger, 0, size);
            buffer = bigger;
        }
    }

    private void queueFlush() {
        try {
            loop.callSoon(queuedFlush);
            flushQueued = true;
        } catch (RejectedExecutionException closing) {
            flush();  // the loop is closing: nothing queued would run, so the frame goes now
        }
    }

    private void runQueuedFlush() {
        flushQueued = false;
        flush();
    }

    /**
     * The read is handed on: what it made the session send leaves now, in one write, rather than a
     * tick later with the queued flush (which then finds nothing to write).
     */
    void readHandedOn() {
        flush();
    }

    /** Writes what is gathered, now, in one write. */
    void flush() {
        if (size == 0) {
            return;
        }
        // The transport sends at once what the socket takes and copies only the rest: the buffer
        // is free again as soon as this returns.
        writer.write(ByteBuffer.wrap(buffer, 0, size));
        size = 0;
        if (buffer.length > KEEP) {
            buffer = null;
        }
    }

    /** Drops what is gathered: the connection is being aborted. */
    void discard() {
        size = 0;
        buffer = null;
    }

    /** The bytes gathered and not written yet (for tests and the session's bookkeeping). */
    int gathered() {
        return size;
    }
}
