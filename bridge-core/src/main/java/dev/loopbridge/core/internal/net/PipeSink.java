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
 * <p>{@link #write} copies the bytes into a queue (small writes share chunks) and never blocks. A
 * pump thread, started when the queue gets bytes and ended when it has been empty for a moment
 * ({@link PipeThreads#LINGER_NANOS}), writes them to the
 * pipe's blocking {@link OutputStream} — where it waits for a child that reads slowly — and tells
 * the loop after each chunk how much went out. The loop counts the bytes not yet written against the
 * high- and low-water marks, which drive {@code pauseWriting}/{@code resumeWriting} and so the
 * writer's {@code drain()}. A write that fails (a broken pipe: the child closed its stdin or
 * exited) ends the transport with an {@link IOException} naming the process, which fails
 * {@code drain()} and {@code closed()}.
 *
 * <p>Only the pump writes or closes the stream: {@link #close} queues the close behind the bytes.
 */
final class PipeSink extends PipeTransport {

    /** The most bytes the pump takes out of the queue at once; it flushes the stream after them. */
    private static final int BATCH = 256 * 1024;

    private final OutputStream out;

    // Shared by the pump and the loop thread: guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition more = lock.newCondition();
    /** The bytes not yet taken by the pump (small writes share chunks). */
    private final WriteBuffer queue = new WriteBuffer();
    /** Close the stream once the queue is written. */
    private boolean closeQueued;
    /** A pump thread runs, or is about to. */
    private boolean pumping;

    // Loop thread only.
    private long buffered;
    private int highWater = 64 * 1024;
    private int lowWater = 16 * 1024;
    private boolean protocolPaused;
    private boolean closing;
    private boolean finished;

    PipeSink(BaseEventLoop loop, OutputStream out, String name, PipeThreads threads) {
        super(loop, name, threads);
        this.out = out;
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
        lock.lock();
        try {
            queue.append(data);
            start = !pumping;
            pumping = true;
            more.signal();
        } finally {
            lock.unlock();
        }
        buffered += n;
        startPumpIf(start);
        if (!protocolPaused && buffered > highWater) {
            protocolPaused = true;
            try {
                protocol.pauseWriting();
            } catch (RuntimeException e) {
                loop.report(e, "Protocol.pauseWriting of " + this + " threw");
            }
        }
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
                    // Chunk by chunk, so the loop may queue more while the rest of the batch goes out.
                    if (!post(() -> written(n))) {
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

    private void written(long n) {
        if (finished) {
            return;
        }
        buffered -= n;
        checkLowWater();
    }

    private void checkLowWater() {
        if (protocolPaused && buffered <= lowWater) {
            protocolPaused = false;
            try {
                protocol.resumeWriting();
            } catch (RuntimeException e) {
                loop.report(e, "Protocol.resumeWriting of " + this + " threw");
            }
        }
    }

    /** Drops what is queued; the pump closes the stream after its current write, or it is closed now. */
    private void dropQueue() {
        lock.lock();
        try {
            queue.clear();
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
        buffered = 0;
        dropQueue();
        connectionLost(cause);
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        super.setWriteBufferLimits(high, low);
        highWater = high;
        lowWater = low;
        checkLowWater();
    }

    @Override
    public long writeBufferSize() {
        return buffered;
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
