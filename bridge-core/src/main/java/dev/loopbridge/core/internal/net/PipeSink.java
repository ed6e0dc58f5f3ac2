package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.internal.BaseEventLoop;

/**
 * The loop's end of the child's stdin: a write-only transport under a {@code StreamWriter}. Loop
 * thread, except {@link #pump()}, which runs on a pump thread of its own.
 *
 * <p>{@link #write} copies the bytes into a queue (small writes share chunks; written chunks are
 * filled again, so a steady stream allocates nothing) and never blocks. A pump thread, started
 * when the queue gets bytes and ended when it has been empty for a moment
 * ({@link PipeThreads#LINGER_NANOS}), writes them to the pipe's blocking {@link OutputStream} —
 * where it waits for a child that reads slowly — and counts them off. The bytes not yet written
 * ({@link #writeBufferSize}) drive the water marks, so {@code pauseWriting}/{@code resumeWriting}
 * and the writer's {@code drain()}. The pump hands the loop nothing while the protocol writes
 * freely: only while it is paused does the pump post one call, when the bytes left fall to the low
 * mark. A write that fails (a broken pipe: the child closed its stdin or exited) ends the transport
 * with an {@link IOException} naming the process, which fails {@code drain()} and {@code closed()}.
 *
 * <p>Only the pump writes or closes the stream: {@link #close} queues the close behind the bytes.
 */
final class PipeSink extends PipeTransport {

    /** The most bytes the pump takes out of the queue at once; it flushes the stream after them. */
    private static final int BATCH = 256 * 1024;

    /**
     * The default marks, above asyncio's 64 and 16 KiB: a pipe takes 64 KiB at most, so a writer
     * paused at 64 KiB would leave the pump idle between every pause and resume; here the loop
     * refills the queue while the pump still writes, and each pause (one wake-up of the loop) lets
     * 384 KiB through. Measured on 1 GiB through cat: 256/64 KiB parked the loop thread about
     * 10,800 times, 512/128 KiB about 7,700.
     */
    static final int HIGH_WATER = 512 * 1024;
    static final int LOW_WATER = 128 * 1024;

    private final OutputStream out;

    // Shared by the pump and the loop thread: guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition more = lock.newCondition();
    /** The bytes not yet taken by the pump (small writes share chunks). */
    private final WriteBuffer queue = WriteBuffer.forPipe(HIGH_WATER + BATCH);
    /** Close the stream once the queue is written. */
    private boolean closeQueued;
    /** A pump thread runs, or is about to. */
    private boolean pumping;
    /** Bytes written to this transport and not yet to the pipe: queued, or in the pump's hands. */
    private long unwritten;
    /**
     * Post {@link #written} once {@link #unwritten} is down to this (the low mark while the
     * protocol is paused), then go back to -1: no post wanted.
     */
    private long noticeAt = -1;

    // Loop thread only.
    private final WaterMarks marks;
    private boolean closing;
    private boolean finished;

    PipeSink(BaseEventLoop loop, OutputStream out, String name, PipeThreads threads) {
        super(loop, name, threads);
        this.out = out;
        this.marks = new WaterMarks(loop, this, HIGH_WATER, LOW_WATER);
    }

    /** Tells the protocol the pipe is open. Loop thread. */
    void start(Protocol p) {
        protocol = p;
        p.connectionMade(this);
    }

    @Override
    public void write(ByteBuffer data) {
        loop.checkInLoop("Transport.write");
        int n = data.remaining();
        if (closing || n == 0) {
            return;
        }
        boolean start;
        long size;
        lock.lock();
        try {
            queue.append(data);
            unwritten += n;
            size = unwritten;
            start = !pumping;
            pumping = true;
            more.signal();
        } finally {
            lock.unlock();
        }
        startPumpIf(start);
        if (!marks.paused()) {
            marks.grew(size, protocol);
            if (marks.paused()) {
                watchLowWater();
            }
        }
    }

    /**
     * While the protocol is paused: resumes it if the bytes left are at the low mark already, else
     * has the pump post {@link #written} once they are.
     */
    private void watchLowWater() {
        long size;
        lock.lock();
        try {
            size = unwritten;
            noticeAt = size <= marks.low() ? -1 : marks.low();
        } finally {
            lock.unlock();
        }
        marks.shrank(size, protocol);
    }

    private void startPumpIf(boolean start) {
        if (start) {
            startPump(this::pump, this::dropQueue);
        }
    }

    /** The pump thread: writes what is queued, batch by batch, then closes if asked; ends when idle. */
    private void pump() {
        List<ByteBuffer> batch = new ArrayList<>();
        while (true) {
            boolean close = false;
            lock.lock();
            try {
                long taken = 0;
                while (!queue.isEmpty() && taken < BATCH) {
                    ByteBuffer b = queue.pollFirst();
                    taken += b.remaining();
                    batch.add(b);
                }
                if (batch.isEmpty() && !closeQueued && awaitMore()) {
                    continue;
                }
                if (batch.isEmpty()) {
                    if (!closeQueued) {
                        pumping = false;
                        return;
                    }
                    close = true;
                }
            } finally {
                lock.unlock();
            }
            if (close) {
                IOException error = closeStream();
                post(() -> finish(error == null ? null : failure(error)));
                return; // pumping stays true: nothing starts a pump after the close
            }
            try {
                for (int i = 0; i < batch.size(); i++) {
                    ByteBuffer b = batch.get(i);
                    int n = b.remaining();
                    out.write(b.array(), b.arrayOffset() + b.position(), n);
                    if (i == batch.size() - 1) {
                        out.flush();
                    }
                    // Chunk by chunk, so that a paused writer may queue more while the rest of the batch goes out.
                    if (wroteAndNoticeWanted(b, n) && !post(this::written)) {
                        closeStream();
                        return;
                    }
                }
            } catch (IOException e) {
                closeStream();
                post(() -> finish(failure(e)));
                return;
            }
            batch.clear();
        }
    }

    /**
     * Counts off {@code n} bytes written and gives their chunk back to the queue; returns whether
     * the loop wants to hear of it (the bytes left fell to {@link #noticeAt}). Pump.
     */
    private boolean wroteAndNoticeWanted(ByteBuffer chunk, int n) {
        lock.lock();
        try {
            unwritten -= n;
            queue.recycle(chunk);
            if (noticeAt >= 0 && unwritten <= noticeAt) {
                noticeAt = -1;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@link PipeThreads#LINGER_NANOS} for bytes or a close, so that a writer that
     * keeps writing does not start a thread per batch; true if either came. Pump, holding the lock.
     */
    private boolean awaitMore() {
        long nanos = PipeThreads.LINGER_NANOS;
        while (queue.isEmpty() && !closeQueued && nanos > 0) {
            try {
                nanos = more.awaitNanos(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // nobody interrupts a pump; end it if someone does
                return false;
            }
        }
        return !queue.isEmpty() || closeQueued;
    }

    private IOException failure(IOException e) {
        return new IOException("writing to " + name + " failed: " + e.getMessage()
                + " (the child closed its end, or exited)", e);
    }

    private IOException closeStream() {
        try {
            out.close();
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    // ---- on the loop thread ----

    /** The bytes left fell to the low mark the protocol waits for (or the marks have changed since). */
    private void written() {
        if (!finished && marks.paused()) {
            watchLowWater();
        }
    }

    /** Drops what is queued; the pump closes the stream after its current write, or it is closed now. */
    private void dropQueue() {
        lock.lock();
        try {
            unwritten -= queue.size(); // what the pump holds counts until it is written
            queue.clear();
            noticeAt = -1;
        } finally {
            lock.unlock();
        }
        if (queueClose()) {
            closeStream();
        }
    }

    /**
     * Has the pump close the stream once the queue is written; returns true if no pump runs, and
     * the caller must close it. From now on no pump starts.
     */
    private boolean queueClose() {
        lock.lock();
        try {
            closeQueued = true;
            more.signal();
            boolean idle = !pumping; // an idle pump left the queue empty
            pumping = true;
            return idle;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        loop.checkInLoop("Transport.close");
        if (closing) {
            return;
        }
        closing = true;
        if (queueClose()) {
            IOException error = closeStream();
            finish(error == null ? null : failure(error));
        }
    }

    @Override
    public void writeEof() {
        loop.checkInLoop("Transport.writeEof");
        close(); // a pipe has one direction: its end of file is its close
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void abort() {
        loop.checkInLoop("Transport.abort");
        finish(null);
    }

    @Override
    void finish(Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        closing = true;
        dropQueue();
        connectionLost(cause);
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        loop.checkInLoop("Transport.setWriteBufferLimits");
        marks.set(high, low, writeBufferSize(), protocol);
        if (marks.paused()) {
            watchLowWater();
        }
    }

    @Override
    public long writeBufferSize() {
        if (finished) {
            return 0;
        }
        lock.lock();
        try {
            return unwritten;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void pauseReading() {
        loop.checkInLoop("Transport.pauseReading"); // nothing to read from the child's stdin
    }

    @Override
    public void resumeReading() {
        loop.checkInLoop("Transport.resumeReading"); // nothing to read from the child's stdin
    }

    @Override
    public boolean isReading() {
        return false;
    }
}
