package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.internal.IoHandler;
import dev.loopbridge.core.internal.IoRegistration;

/**
 * A {@link Transport} over a connected {@link SocketChannel}: TCP or a Unix domain socket.
 * Everything here runs on the loop thread; public methods check it.
 *
 * <p>States: open -> closing ({@link #close()}: reading stops, the write buffer drains) -> closed
 * (channel closed, {@code connectionLost} scheduled). {@link #abort()} and I/O errors go straight
 * to closed. {@code connectionLost} always runs in a callback of its own, never inside another
 * protocol callback.
 */
final class SocketTransport implements Transport, IoHandler {

    /** Reads per readiness before yielding to other work: fairness against a firehose peer. */
    private static final int MAX_READS_PER_EVENT = 4;

    private final BaseEventLoop loop;
    private final SocketChannel channel;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final WriteBuffer buffer = new WriteBuffer();
    private final Runnable onClosed;
    private IoRegistration registration;
    private Protocol protocol;

    private final WaterMarks marks;
    private boolean readingPaused;
    private boolean eofRequested;
    private boolean eofSent;
    private boolean eofReceived;
    private boolean closing;
    private boolean closed;

    /**
     * @param onClosed runs when the transport is closed (a server forgets the connection), on the
     *     loop thread
     */
    SocketTransport(BaseEventLoop loop, SocketChannel channel, Runnable onClosed) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.onClosed = onClosed;
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
        this.marks = new WaterMarks(loop, this);
    }

    /**
     * Starts reading and tells the protocol the connection is made. Loop thread.
     *
     * @param existing the channel's registration, if it has one already (from connecting), or null
     */
    void start(Protocol p, IoRegistration existing) throws IOException {
        this.protocol = p;
        if (existing != null) {
            registration = existing;
            existing.setHandler(this);
            existing.setInterest(SelectionKey.OP_READ);
        } else {
            registration = loop.register(channel, SelectionKey.OP_READ, this);
        }
        loop.network().track(this);
        p.connectionMade(this);
    }

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !closed) {
            readSome();
        }
    }

    private void readSome() {
        ByteBuffer in = loop.ioBuffer();
        for (int i = 0; i < MAX_READS_PER_EVENT && !readingPaused && !closing && !eofReceived; i++) {
            in.clear();
            int n;
            try {
                n = channel.read(in);
            } catch (IOException e) {
                lost(e);
                return;
            }
            if (n > 0) {
                in.flip();
                try {
                    protocol.dataReceived(in);
                } catch (RuntimeException e) {
                    // As asyncio: a protocol that cannot take its data has lost its connection.
                    loop.report(e, "Protocol.dataReceived of " + this + " threw; aborting the connection");
                    abort(e);
                    return;
                }
                if (n < in.capacity()) {
                    return; // the socket is drained
                }
            } else if (n < 0) {
                eofReceived();
                return;
            } else {
                return;
            }
        }
    }

    private void eofReceived() {
        eofReceived = true;
        registration.removeInterest(SelectionKey.OP_READ);
        boolean keepOpen;
        try {
            keepOpen = protocol.eofReceived();
        } catch (RuntimeException e) {
            loop.report(e, "Protocol.eofReceived of " + this + " threw; closing the connection");
            keepOpen = false;
        }
        if (!keepOpen) {
            close();
        }
    }

    @Override
    public void write(ByteBuffer data) {
        loop.checkInLoop("Transport.write");
        if (closing || eofRequested || !data.hasRemaining()) {
            return;
        }
        if (buffer.isEmpty()) {
            try {
                channel.write(data);
            } catch (IOException e) {
                lost(e);
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
        }
        buffer.append(data);
        registration.addInterest(SelectionKey.OP_WRITE);
        marks.grew(buffer.size(), protocol);
    }

    private void flush() {
        try {
            buffer.writeTo(channel);
        } catch (IOException e) {
            lost(e);
            return;
        }
        if (buffer.isEmpty()) {
            registration.removeInterest(SelectionKey.OP_WRITE);
            if (closing) {
                finish(null);
                return;
            }
            if (eofRequested && !eofSent) {
                shutdownOutput();
            }
        }
        marks.shrank(buffer.size(), protocol);
    }

    @Override
    public void writeEof() {
        loop.checkInLoop("Transport.writeEof");
        if (closing || eofRequested) {
            return;
        }
        eofRequested = true;
        if (buffer.isEmpty()) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        eofSent = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            lost(e);
            return;
        }
        if (eofReceived) {
            finish(null); // both directions are done
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void close() {
        loop.checkInLoop("Transport.close");
        if (closing) {
            return;
        }
        closing = true;
        if (registration != null) {
            registration.removeInterest(SelectionKey.OP_READ);
        }
        if (buffer.isEmpty()) {
            finish(null);
        }
    }

    @Override
    public void abort() {
        loop.checkInLoop("Transport.abort");
        abort(null);
    }

    /** Resets the connection and reports {@code cause} to the protocol. Loop thread. */
    void abort(Throwable cause) {
        if (closed) {
            return;
        }
        try {
            if (channel.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0); // close sends RST
            }
        } catch (IOException ignored) {
            // already broken: closing is all that is left
        }
        finish(cause);
    }

    /** An I/O error ended the connection. */
    private void lost(IOException cause) {
        finish(cause);
    }

    private void finish(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        buffer.clear();
        if (registration != null) {
            registration.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the descriptor is released either way
        }
        loop.network().forget(this);
        loop.executeInternal(() -> {
            try {
                protocol.connectionLost(cause);
            } finally {
                onClosed.run();
            }
        });
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void pauseReading() {
        loop.checkInLoop("Transport.pauseReading");
        if (!readingPaused && !closing) {
            readingPaused = true;
            registration.removeInterest(SelectionKey.OP_READ);
        }
    }

    @Override
    public void resumeReading() {
        loop.checkInLoop("Transport.resumeReading");
        if (readingPaused && !closing) {
            readingPaused = false;
            if (!eofReceived) {
                registration.addInterest(SelectionKey.OP_READ);
            }
        }
    }

    @Override
    public boolean isReading() {
        return !readingPaused && !closing && !eofReceived;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        loop.checkInLoop("Transport.setWriteBufferLimits");
        marks.set(high, low, buffer.size(), protocol);
    }

    @Override
    public long writeBufferSize() {
        return buffer.size();
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return Optional.empty();
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol p) {
        loop.checkInLoop("Transport.setProtocol");
        this.protocol = Objects.requireNonNull(p, "protocol");
    }

    @Override
    public String toString() {
        return "Transport[" + local + " -> " + remote + (closed ? ", closed]" : closing ? ", closing]" : "]");
    }
}
