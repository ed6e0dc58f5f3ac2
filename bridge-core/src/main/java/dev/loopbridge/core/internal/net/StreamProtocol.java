package dev.loopbridge.core.internal.net;

import java.nio.ByteBuffer;

import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Transport;

/**
 * The protocol behind a stream connection: feeds the reader, tells the writer about flow control
 * and loss; asyncio's {@code StreamReaderProtocol}. Loop thread.
 */
final class StreamProtocol implements Protocol {

    private final StreamConnectionImpl connection;

    StreamProtocol(StreamConnectionImpl connection) {
        this.connection = connection;
    }

    @Override
    public void connectionMade(Transport transport) {
        connection.attach(transport);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        connection.reader.feed(data);
    }

    /**
     * As {@link #dataReceived}, from a feeder that gives up {@code data}'s array; returns whether
     * a read took it (see {@link StreamReaderImpl#feedGivingUp}).
     */
    boolean dataReceivedGivingUp(ByteBuffer data) {
        return connection.reader.feedGivingUp(data);
    }

    @Override
    public boolean eofReceived() {
        connection.reader.feedEof();
        return connection.transport().canWriteEof(); // half-close where the transport can do it
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (cause == null) {
            connection.reader.feedEof();
        } else {
            connection.reader.fail(cause);
        }
        connection.writer.connectionLost(cause);
    }

    @Override
    public void pauseWriting() {
        connection.writer.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        connection.writer.resumeWriting();
    }
}
