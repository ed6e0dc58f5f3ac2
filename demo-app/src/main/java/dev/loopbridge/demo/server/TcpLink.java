package dev.loopbridge.demo.server;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.Transport;

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

    /** The connection, for handing it to the HTTP side. */
    StreamConnection connection() {
        return connection;
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
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
    public long sendQueueBytes() {
        Transport transport = connection.writer().transport();
        return transport == null ? 0 : transport.writeBufferSize();
    }

    @Override
    public void abort() {
        outLength = 0;
        Transport transport = connection.writer().transport();
        if (transport != null) {
            transport.abort();
        }
    }
}
