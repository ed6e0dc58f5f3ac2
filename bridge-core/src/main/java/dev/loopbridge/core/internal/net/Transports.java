package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.function.Supplier;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.internal.IoRegistration;

/** Turns a connected channel into a running transport, plain or TLS. Loop thread. */
final class Transports {

    private Transports() {
    }

    /**
     * Starts the transport of a connected channel and returns the one the application sees. A
     * plain transport is ready at once; a TLS one once its handshake is done, when {@code ready}
     * completes (or fails with the handshake's error).
     *
     * @param peerHost the host name connected to, for SNI and hostname verification (clients)
     * @param onClosed runs on the loop thread once the connection is closed
     * @param registration the channel's registration with the poller, if it has one, or null
     */
    static Transport start(BaseEventLoop loop, SocketChannel channel, boolean tcpNoDelay, boolean keepAlive,
            TlsOptions tls, String peerHost, Supplier<? extends Protocol> protocols, LoopFuture<Transport> ready,
            Runnable onClosed, IoRegistration registration) throws IOException {
        if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, tcpNoDelay);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
        }
        SocketTransport raw = new SocketTransport(loop, channel, onClosed);
        if (tls == null) {
            Protocol p = Objects.requireNonNull(protocols.get(), "the protocol factory returned null");
            raw.start(p, registration);
            ready.complete(raw);
            return raw;
        }
        TlsLayer layer = new TlsLayer(loop, raw, tls, peerHost, new TlsLayer.Handshake() {
            @Override
            public Protocol protocol() {
                return protocols.get();
            }

            @Override
            public void done(TlsLayer l) {
                l.protocol().connectionMade(l);
                ready.complete(l);
            }

            @Override
            public void failed(Throwable error) {
                ready.completeExceptionally(error);
            }
        }, null);
        raw.start(layer, registration);
        return layer;
    }
}
