package dev.loopbridge.demo.server;

import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;

/**
 * Plain IRC on a stream (TCP, or TLS over it): reads chunks, gathers the lines queued in one loop
 * pass into one write. Loop thread only.
 */
final class TcpLink implements LineLink {

    private final StreamConnection connection;
    // Guarded by: the loop thread. Lines queued and not yet written: out[0, outLength).
    private byte[] out = new byte[4096];
    private int outLength;

    TcpLink(StreamConnection connection) {
        this.connection = connection;
    }

    /** The connection; also what is handed to the HTTP side. */
    @Override
    public StreamConnection connection() {
        return connection;
    }

    @Override
    public LoopFuture<byte[]> read() {
        return connection.reader().read(4096);
    }

    @Override
    public void queue(byte[] line) {
        if (outLength + line.length > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + line.length));
        }
        System.arraycopy(line, 0, out, outLength, line.length);
        outLength += line.length;
    }

    @Override
    public void flush() {
        if (outLength == 0) {
            return;
        }
        connection.writer().write(ByteBuffer.wrap(out, 0, outLength));
        outLength = 0;
        if (out.length > 64 * 1024) {
            out = new byte[4096];
        }
    }

    @Override
    public void abort() {
        outLength = 0;
        LineLink.super.abort();
    }
}
