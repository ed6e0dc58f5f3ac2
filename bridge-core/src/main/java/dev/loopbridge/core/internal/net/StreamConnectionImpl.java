package dev.loopbridge.core.internal.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;

import javax.net.ssl.SSLSession;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.StreamWriter;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;

/** A {@link StreamConnection}: reader, writer and the transport under them. Loop thread only. */
final class StreamConnectionImpl implements StreamConnection {

    private final BaseEventLoop loop;
    private final String peerHost;
    final StreamReaderImpl reader;
    final StreamWriterImpl writer;
    final StreamProtocol protocol = new StreamProtocol(this);
    private Consumer<StreamConnectionImpl> onMade;
    private Transport transport;

    /**
     * @param peerHost the host name connected to (for STARTTLS verification), or null
     * @param onMade runs once the connection is made (a server's handler), or null
     */
    StreamConnectionImpl(BaseEventLoop loop, int limit, String peerHost, Consumer<StreamConnectionImpl> onMade) {
        this.loop = loop;
        this.peerHost = peerHost;
        this.onMade = onMade;
        this.reader = new StreamReaderImpl(loop, limit);
        this.writer = new StreamWriterImpl(loop);
    }

    void attach(Transport t) {
        this.transport = t;
        reader.setTransport(t);
        writer.setTransport(t);
        Consumer<StreamConnectionImpl> made = onMade;
        if (made != null) {
            onMade = null;
            made.accept(this);
        }
    }

    Transport transport() {
        return transport;
    }

    @Override
    public StreamReader reader() {
        return reader;
    }

    @Override
    public StreamWriter writer() {
        return writer;
    }

    @Override
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public LoopFuture<Void> startTls(TlsOptions options) {
        loop.checkInLoop("StreamConnection.startTls");
        if (!(transport instanceof SocketTransport raw)) {
            throw new IllegalStateException("this connection already speaks TLS");
        }
        if (reader.hasPendingReads()) {
            throw new IllegalStateException("startTls with reads pending: complete or cancel them first, so no"
                    + " ciphertext is read as plaintext");
        }
        if (raw.isClosing() || !raw.isReading() && reader.atEof()) {
            throw new IllegalStateException("startTls on a connection that is closing or that the peer closed");
        }
        LoopFuture<Void> done = loop.newFuture();
        byte[] early = reader.takeBuffered(); // bytes past the upgrade point are the first TLS records
        TlsLayer layer = new TlsLayer(loop, raw, options, peerHost, new TlsLayer.Handshake() {
            @Override
            public Protocol protocol() {
                return protocol;
            }

            @Override
            public void done(TlsLayer l) {
                done.complete(null);
            }

            @Override
            public void failed(Throwable error) {
                done.completeExceptionally(error);
            }
        }, protocol);
        attach(layer); // writes from now on are held until the handshake is done, then encrypted
        raw.setProtocol(layer);
        layer.connectionMade(raw);
        if (early.length > 0) {
            layer.dataReceived(ByteBuffer.wrap(early));
        }
        return done;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return transport.tlsSession();
    }

    @Override
    public void close() {
        loop.checkInLoop("StreamConnection.close");
        writer.close();
    }

    @Override
    public String toString() {
        return "StreamConnection[" + transport + "]";
    }
}
