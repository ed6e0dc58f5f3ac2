package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Objects;

import dev.loopbridge.core.DatagramProtocol;
import dev.loopbridge.core.DatagramTransport;
import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.internal.IoHandler;
import dev.loopbridge.core.internal.IoRegistration;

/**
 * A UDP {@link DatagramTransport} over a {@link DatagramChannel}. Loop thread only. Datagrams the
 * socket cannot take at once are queued in order and sent when it is writable.
 */
final class DatagramEndpoint implements DatagramTransport, IoHandler {

    /** Datagrams taken per readiness before yielding to other work. */
    private static final int MAX_RECEIVES_PER_EVENT = 16;

    private record Pending(ByteBuffer data, SocketAddress target) {
    }

    private final BaseEventLoop loop;
    private final DatagramChannel channel;
    private final DatagramProtocol protocol;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private IoRegistration registration;
    private long queuedBytes;
    private final int highWater = 64 * 1024;
    private final int lowWater = 16 * 1024;
    private boolean protocolPaused;
    private boolean closing;
    private boolean closed;

    DatagramEndpoint(BaseEventLoop loop, DatagramChannel channel, DatagramProtocol protocol) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.protocol = protocol;
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
    }

    void start() throws IOException {
        registration = loop.register(channel, SelectionKey.OP_READ, this);
        loop.network().track(this);
        protocol.connectionMade(this);
    }

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            receiveSome();
        }
    }

    private void receiveSome() {
        ByteBuffer in = loop.ioBuffer();
        for (int i = 0; i < MAX_RECEIVES_PER_EVENT && !closing; i++) {
            in.clear();
            SocketAddress from;
            try {
                from = channel.receive(in);
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            }
            if (from == null) {
                return;
            }
            in.flip();
            protocol.datagramReceived(in, from);
        }
    }

    @Override
    public void send(ByteBuffer data, SocketAddress target) {
        loop.checkInLoop("DatagramTransport.send");
        Objects.requireNonNull(target, "target");
        if (closing) {
            return;
        }
        if (queue.isEmpty()) {
            try {
                if (channel.send(data, target) > 0 || !data.hasRemaining()) {
                    return;
                }
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            }
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        queue.add(new Pending(copy, target));
        queuedBytes += copy.remaining();
        registration.addInterest(SelectionKey.OP_WRITE);
        if (!protocolPaused && queuedBytes > highWater) {
            protocolPaused = true;
            protocol.pauseWriting();
        }
    }

    @Override
    public void send(ByteBuffer data) {
        loop.checkInLoop("DatagramTransport.send");
        if (remote == null) {
            throw new IllegalStateException("this endpoint is not connected: use send(data, target), or create it"
                    + " with DatagramOptions.connect(...)");
        }
        send(data, remote);
    }

    private void flush() {
        while (!queue.isEmpty()) {
            Pending p = queue.peek();
            try {
                if (channel.send(p.data(), p.target()) == 0 && p.data().hasRemaining()) {
                    return; // the socket's buffer is full
                }
            } catch (IOException e) {
                protocol.errorReceived(e);
            }
            queue.poll();
            queuedBytes -= p.data().capacity();
        }
        registration.removeInterest(SelectionKey.OP_WRITE);
        if (protocolPaused && queuedBytes <= lowWater) {
            protocolPaused = false;
            protocol.resumeWriting();
        }
        if (closing) {
            finish();
        }
    }

    @Override
    public void close() {
        loop.checkInLoop("DatagramTransport.close");
        if (closing) {
            return;
        }
        closing = true;
        if (queue.isEmpty()) {
            finish();
        }
    }

    @Override
    public void abort() {
        loop.checkInLoop("DatagramTransport.abort");
        closing = true;
        finish();
    }

    /** Closes the endpoint now. Loop thread. */
    void finish() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        queue.clear();
        queuedBytes = 0;
        if (registration != null) {
            registration.cancel();
        }
        Connector.closeQuietly(channel);
        loop.network().forget(this);
        loop.executeInternal(() -> protocol.connectionLost(null));
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public long writeBufferSize() {
        return queuedBytes;
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
    public String toString() {
        return "DatagramTransport[" + local + (remote == null ? "" : " -> " + remote) + "]";
    }
}
