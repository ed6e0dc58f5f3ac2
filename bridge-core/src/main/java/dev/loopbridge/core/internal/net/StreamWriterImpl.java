package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamWriter;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;

/**
 * A {@link StreamWriter} over the connection's current transport (plain, or TLS after
 * {@code startTls}). Loop thread only.
 */
final class StreamWriterImpl implements StreamWriter {

    private final BaseEventLoop loop;
    private final LoopFuture<Void> closed;
    private final List<LoopFuture<Void>> drainers = new ArrayList<>();
    private Transport transport;
    private String separator = "\n";
    private boolean paused;
    private Throwable lostWith;
    private boolean lost;

    StreamWriterImpl(BaseEventLoop loop) {
        this.loop = loop;
        this.closed = loop.newFuture();
    }

    void setTransport(Transport t) {
        this.transport = t;
    }

    // ---- told by the protocol ----

    void pauseWriting() {
        paused = true;
    }

    void resumeWriting() {
        paused = false;
        completeDrainers(null);
    }

    void connectionLost(Throwable cause) {
        lost = true;
        lostWith = cause;
        completeDrainers(cause != null ? cause : new IOException("the connection is closed"));
        if (cause == null) {
            closed.complete(null);
        } else {
            closed.completeExceptionally(cause);
        }
    }

    private void completeDrainers(Throwable error) {
        List<LoopFuture<Void>> waiting = new ArrayList<>(drainers);
        drainers.clear();
        for (LoopFuture<Void> d : waiting) {
            if (error == null) {
                d.complete(null);
            } else {
                d.completeExceptionally(error);
            }
        }
    }

    // ---- the API ----

    @Override
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void write(ByteBuffer data) {
        loop.checkInLoop("StreamWriter.write");
        transport.write(data);
    }

    @Override
    public void writeLine(String line) {
        loop.checkInLoop("StreamWriter.writeLine");
        write((line + separator).getBytes(StandardCharsets.UTF_8));
    }

    /** Sets the connection's separator from its options, before anyone can write. */
    void useLineSeparator(String s) {
        separator = s;
    }

    @Override
    public void setLineSeparator(String s) {
        loop.checkInLoop("StreamWriter.setLineSeparator");
        this.separator = Objects.requireNonNull(s, "separator");
    }

    @Override
    public LoopFuture<Void> drain() {
        loop.checkInLoop("StreamWriter.drain");
        LoopFuture<Void> d = loop.newFuture();
        if (lost) {
            d.completeExceptionally(lostWith != null ? lostWith : new IOException("the connection is closed"));
        } else if (!paused) {
            d.complete(null);
        } else {
            drainers.add(d);
            d.whenCancelled(() -> drainers.remove(d));
        }
        return d;
    }

    @Override
    public void writeEof() {
        loop.checkInLoop("StreamWriter.writeEof");
        transport.writeEof();
    }

    @Override
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    @Override
    public void close() {
        loop.checkInLoop("StreamWriter.close");
        transport.close();
    }

    @Override
    public boolean isClosing() {
        return transport.isClosing();
    }

    @Override
    public LoopFuture<Void> closed() {
        return closed;
    }

    @Override
    public Transport transport() {
        return transport;
    }
}
