package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.internal.BaseEventLoop;

/**
 * The loop's end of a pipe the child writes (its stdout or stderr): a read-only transport whose
 * protocol feeds a {@code StreamReader}. Loop thread, except {@link #pump()}, which runs on a
 * pump thread of its own.
 *
 * <p>Java gives a process's pipes no selectable channel, only a blocking {@link InputStream}, so a
 * pump thread blocks in {@code read} and hands the chunks it gets (whatever one read returned, up
 * to {@value #CHUNK} bytes each) to the loop: it adds each to an inbox and, while the pipe holds
 * more ({@code available()}), reads on up to half its buffers before it posts them, one
 * {@code executeInternal} per chunk. Only a post that finds the loop idle wakes its thread (a park
 * and an unpark: one per 64 KiB chunk was most of the cost over plain Java); while the loop is busy
 * the posts queue up and the next tick takes them together. One chunk per callback, so the tick's
 * time budget applies between chunks: the pipe code decides nothing about time. Runs posted by the
 * loop thread itself, one after another, made a tick per chunk instead, some 4,000 more ticks per
 * GiB on the FX loop and 0.3 s more CPU (1 GiB through {@code cat}, load 11-12). Fed in one
 * callback, the 8 chunks of a full inbox were 64,000 short lines through {@code forEachLine}, and
 * ticks of 12-700 ms on the FX loop (JFR, 5 million lines from {@code seq}, load 4-7).
 *
 * <p>It reads into one of {@value #CHUNKS} buffers, made as needed, that the loop hands back once
 * it has fed the bytes to the protocol (unless a read took a full buffer as its result, which
 * spares the copy: the pump then makes a new one): with every buffer in flight the pump waits, so at most
 * {@value #CHUNKS} chunks are between the pipe and the reader; a pump that ends drops the buffers
 * it holds. When the reader pauses (its buffer is over its limit) the pump stops after its current
 * read and the child blocks on the full pipe; unless the reader resumes within
 * {@link PipeThreads#LINGER_NANOS} the pump thread ends, and {@link #resumeReading} starts a new
 * one. So a pump thread exists while the pipe is being read, and none once the reader has stayed
 * paused for a moment or the pipe is at its end.
 *
 * <p>Each pump run is a stage adopted by the loop (outside work, as {@code runInExecutor} is): the
 * test loop waits for it in real time rather than jumping virtual time, and a closing loop cancels
 * it, which stops the pump.
 *
 * <p>Only the pump reads or closes the stream (a stream closed under a blocked read would leave
 * the read to a reused descriptor); with no pump running, the loop thread closes it.
 */
final class PipeSource extends PipeTransport {

    /** The largest chunk one read hands to the loop: a whole Linux pipe buffer. */
    static final int CHUNK = 64 * 1024;

    /** Chunks between the pipe and the reader at most. */
    static final int CHUNKS = 8;

    /** {@link #ending}: the pipe reached its end of file. */
    private static final Object END_OF_FILE = new Object();

    private final InputStream in;

    // Shared by the pump and the loop thread: guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition bufferBack = lock.newCondition();
    /** Buffers back from the loop, ready for a read. */
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    /** Chunks read and not yet taken by the loop, in order. */
    private final ArrayDeque<ByteBuffer> inbox = new ArrayDeque<>(CHUNKS);

    /** Buffers made and not dropped: in {@link #free}, in a read, or in flight to the loop. */
    private int buffers;
    /** The loop wants no data for now: the reader is over its limit. */
    private boolean paused;
    /** The transport is closed: the pump ends and closes the stream. */
    private boolean stopped;
    /** A pump thread runs, or is about to. */
    private boolean pumping;
    /** The pump met the end of the stream or an error: no pump ever starts again. */
    private boolean ended;
    /**
     * How the pump ended, for {@link #deliver} to report once the inbox is empty: null while it
     * runs, then {@link #END_OF_FILE} or the read's {@code IOException}.
     */
    private Object ending;

    // Loop thread only.
    private boolean closed;

    PipeSource(BaseEventLoop loop, InputStream in, String name, PipeThreads threads) {
        super(loop, name, threads);
        this.in = in;
    }

    /** Tells the protocol the pipe is open and starts reading. Loop thread. */
    void start(Protocol p) {
        protocol = p;
        p.connectionMade(this);
        boolean start;
        lock.lock();
        try {
            start = !paused && !stopped;
            pumping = start;
        } finally {
            lock.unlock();
        }
        startPumpIf(start);
    }

    private void startPumpIf(boolean start) {
        if (start && !closed) {
            startPump(this::pump, this::stop);
        }
    }

    /** The pump thread: reads chunks and posts them until paused, stopped, or at the end. */
    private void pump() {
        byte[] buf = null; // a buffer to read into, taken without waiting, or null
        int unposted = 0; // chunks added to the inbox with no deliver posted for them yet
        while (true) {
            if (buf == null) {
                lock.lock();
                try {
                    awaitBufferOrEnd();
                    if (paused || stopped) {
                        pumping = false;
                        buffers -= free.size();
                        free.clear(); // a pipe nobody reads holds no buffers
                        if (stopped) {
                            closeStream();
                        }
                        return;
                    }
                    buf = takeBuffer();
                } finally {
                    lock.unlock();
                }
            }
            int n;
            try {
                n = in.read(buf);
            } catch (IOException e) {
                postDelivers(unposted); // the chunks read before it, then the failure
                endPump(e);
                return;
            }
            if (n < 0) {
                postDelivers(unposted);
                endPump(END_OF_FILE);
                return;
            }
            boolean more = availableNow();
            boolean readOn;
            lock.lock();
            try {
                inbox.add(ByteBuffer.wrap(buf, 0, n));
                // More is in the pipe already: read it before waking the loop, which then takes the
                // chunks in one hand-off. Never past half the buffers, never into a wait.
                readOn = more && !paused && !stopped && inbox.size() < CHUNKS / 2
                        && (!free.isEmpty() || buffers < CHUNKS);
                buf = readOn ? takeBuffer() : null;
            } finally {
                lock.unlock();
            }
            unposted++;
            if (!readOn) {
                if (!postDelivers(unposted)) {
                    endPump(END_OF_FILE); // the loop is closed for good: nobody reads on
                    return;
                }
                unposted = 0;
            }
        }
    }

    /** Posts {@code n} runs of {@link #deliver}; false if the loop refused (closed for good). Pump. */
    private boolean postDelivers(int n) {
        for (int i = 0; i < n; i++) {
            if (!post(this::deliver)) {
                return false;
            }
        }
        return true;
    }

    /** A free buffer, or a new one if none is free. Pump, holding the lock, with room for one. */
    private byte[] takeBuffer() {
        if (free.isEmpty()) {
            buffers++;
            return new byte[CHUNK]; // made as needed: a quiet child never has more than one
        }
        return free.poll();
    }

    /** Whether the pipe holds bytes now, so that a read would not wait. Pump. */
    private boolean availableNow() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return false; // the next read reports it
        }
    }

    /**
     * Waits, while not paused, for a free buffer or room to make one; while paused, for a resume, up to
     * {@link PipeThreads#LINGER_NANOS} (a reader that keeps reading resumes within it, and the
     * thread stays), then gives up. Pump, holding the lock.
     */
    private void awaitBufferOrEnd() {
        long linger = PipeThreads.LINGER_NANOS;
        while (!stopped) {
            if (paused) {
                if (linger <= 0) {
                    return;
                }
                try {
                    linger = bufferBack.awaitNanos(linger);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // nobody interrupts a pump; end it if someone does
                    return;
                }
            } else if (free.isEmpty() && buffers == CHUNKS) {
                bufferBack.awaitUninterruptibly();
            } else {
                return;
            }
        }
    }

    /**
     * The pump met the end ({@link #END_OF_FILE} or the read's {@code IOException}): closes the
     * stream and has {@link #deliver} report it once it has fed what the inbox holds.
     */
    private void endPump(Object end) {
        lock.lock();
        try {
            ended = true;
            pumping = false;
            ending = end;
        } finally {
            lock.unlock();
        }
        closeStream();
        post(this::deliver); // behind those of the chunks: it finds the inbox empty, and reports the end
    }

    private void closeStream() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the descriptor is released either way
        }
    }

    // ---- on the loop thread ----

    /**
     * Feeds the protocol the next chunk in the inbox and hands its buffer back, or, with the inbox
     * empty and the pump at the end, reports the end. The pump posts one run per chunk, so the
     * tick's time budget, which is looked at between callbacks, also applies between chunks: a
     * reader that does real work per line (4,000-8,000 short lines in a 64 KiB chunk) never holds
     * the toolkit thread for a whole inbox at once. Runs posted while the loop is busy cost no
     * wake-up and make up the next tick together. Chunks already read are fed even if the protocol
     * pauses reading meanwhile (at most {@value #CHUNKS}).
     */
    private void deliver() {
        ByteBuffer chunk;
        Object end;
        lock.lock();
        try {
            chunk = inbox.poll();
            end = chunk == null ? ending : null;
        } finally {
            lock.unlock();
        }
        if (chunk == null) {
            if (end == END_OF_FILE) {
                eof();
            } else if (end != null) {
                finish(new IOException("reading " + name + " failed: " + ((IOException) end).getMessage(), (IOException) end));
            }
            return;
        }
        boolean given = false;
        if (!closed) {
            try {
                if (protocol instanceof StreamProtocol stream) {
                    given = stream.dataReceivedGivingUp(chunk);
                } else {
                    protocol.dataReceived(chunk);
                }
            } catch (RuntimeException e) {
                loop.report(e, "Protocol.dataReceived of " + this + " threw; closing the pipe");
                finish(e);
            }
        }
        lock.lock();
        try {
            if (given) {
                buffers--; // a read took the array as its result: the pump makes a new one
            } else {
                free.add(chunk.array());
            }
            bufferBack.signal();
        } finally {
            lock.unlock();
        }
    }

    private void eof() {
        if (closed) {
            return;
        }
        try {
            protocol.eofReceived();
        } catch (RuntimeException e) {
            loop.report(e, "Protocol.eofReceived of " + this + " threw");
        }
        finish(null);
    }

    /** Stops reading: the pump ends after its current read, or the stream is closed now. */
    private void stop() {
        boolean closeNow;
        lock.lock();
        try {
            stopped = true;
            closeNow = !pumping;
            bufferBack.signal();
        } finally {
            lock.unlock();
        }
        if (closeNow) {
            closeStream();
        }
    }

    @Override
    void finish(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        connectionLost(cause);
    }

    @Override
    public void pauseReading() {
        loop.checkInLoop("Transport.pauseReading");
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resumeReading() {
        loop.checkInLoop("Transport.resumeReading");
        boolean start = false;
        lock.lock();
        try {
            if (paused) {
                paused = false;
                bufferBack.signal();
                if (!pumping && !ended && !stopped) {
                    pumping = true;
                    start = true;
                }
            }
        } finally {
            lock.unlock();
        }
        startPumpIf(start);
    }

    @Override
    public boolean isReading() {
        lock.lock();
        try {
            return !paused && !ended && !closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(ByteBuffer data) {
        loop.checkInLoop("Transport.write");
        throw new UnsupportedOperationException(name + " is read-only: the child writes it, the loop reads it");
    }

    @Override
    public void writeEof() {
        loop.checkInLoop("Transport.writeEof"); // nothing to send on a pipe the loop only reads
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public long writeBufferSize() {
        return 0;
    }

    @Override
    public boolean isClosing() {
        return closed;
    }
}
