package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.internal.IoRegistration;

/**
 * A listening {@link Server}: one or more listening channels, the connections they accepted, and
 * the accept policy (connection limit, back-off after accept errors). Loop thread only.
 */
final class ServerImpl implements Server {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    /** Connections taken per readiness before yielding to other work. */
    private static final int MAX_ACCEPTS_PER_EVENT = 64;

    /** How long accepting pauses after an error such as EMFILE, so a full process does not spin. */
    static final Duration ACCEPT_RETRY_DELAY = Duration.ofMillis(100);

    private final BaseEventLoop loop;
    private final ServerOptions options;
    private final Supplier<? extends Protocol> protocols;
    private final List<Listener> listeners = new ArrayList<>();
    private final Set<Transport> connections = new LinkedHashSet<>();
    private final LoopFuture<Void> closed;
    private boolean serving;

    ServerImpl(BaseEventLoop loop, ServerOptions options, Supplier<? extends Protocol> protocols) {
        this.loop = loop;
        this.options = options;
        this.protocols = protocols;
        this.closed = loop.newFuture();
    }

    /** Binds every address and starts accepting. Loop thread. */
    void listen(List<SocketAddress> addresses) throws IOException {
        try {
            int port = -1;
            for (SocketAddress a : addresses) {
                SocketAddress target = a;
                if (port > 0 && a instanceof InetSocketAddress inet && inet.getPort() == 0) {
                    target = new InetSocketAddress(inet.getAddress(), port); // one port for every address
                }
                Listener l = new Listener(target);
                listeners.add(l);
                if (l.bound instanceof InetSocketAddress b) {
                    port = b.getPort();
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Listener l : listeners) {
                l.close();
            }
            listeners.clear();
            throw e;
        }
        serving = true;
        loop.network().track(this);
        for (Listener l : listeners) {
            l.startAccepting();
        }
    }

    @Override
    public List<SocketAddress> addresses() {
        loop.checkInLoop("Server.addresses");
        List<SocketAddress> out = new ArrayList<>();
        for (Listener l : listeners) {
            out.add(l.bound);
        }
        return out;
    }

    @Override
    public int connectionCount() {
        loop.checkInLoop("Server.connectionCount");
        return connections.size();
    }

    @Override
    public boolean isServing() {
        return serving;
    }

    @Override
    public void close() {
        loop.checkInLoop("Server.close");
        stopListening();
    }

    /** Stops accepting and releases the listening channels. Loop thread. */
    void stopListening() {
        if (!serving && listeners.isEmpty()) {
            return;
        }
        serving = false;
        for (Listener l : listeners) {
            l.close();
        }
        listeners.clear();
        loop.network().forget(this);
        maybeClosed();
    }

    @Override
    public void closeConnections() {
        loop.checkInLoop("Server.closeConnections");
        for (Transport t : new ArrayList<>(connections)) {
            t.close();
        }
    }

    @Override
    public void abortConnections() {
        loop.checkInLoop("Server.abortConnections");
        for (Transport t : new ArrayList<>(connections)) {
            t.abort();
        }
    }

    @Override
    public LoopFuture<Void> closed() {
        return closed;
    }

    private void maybeClosed() {
        if (!serving && connections.isEmpty()) {
            closed.complete(null);
        }
    }

    private void accepted(SocketChannel channel) {
        if (options.maxConnections() > 0 && connections.size() >= options.maxConnections()) {
            LOG.debug("{} refuses a connection from {}: {} connections open (the limit)", this,
                    remoteOf(channel), connections.size());
            Connector.closeQuietly(channel);
            return;
        }
        LoopFuture<Transport> ready = loop.newFuture();
        Transport[] self = new Transport[1];
        try {
            self[0] = Transports.start(loop, channel, options.tcpNoDelay(), false, options.tls(), null, protocols,
                    ready, () -> {
                        connections.remove(self[0]);
                        maybeClosed();
                    }, null);
        } catch (IOException | RuntimeException e) {
            Connector.closeQuietly(channel);
            loop.report(e, "Starting a connection accepted by " + this + " failed");
            return;
        }
        connections.add(self[0]);
        ready.whenComplete((t, error) -> {
            if (error != null) {
                LOG.debug("{}: a connection from {} failed to start", this, remoteOf(channel), error);
            }
        });
    }

    private static String remoteOf(SocketChannel channel) {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }

    @Override
    public String toString() {
        return "Server" + (listeners.isEmpty() ? "[closed]" : listeners.stream().map(l -> l.bound).toList());
    }

    /** One listening channel. */
    private final class Listener {
        private final ServerSocketChannel channel;
        private final SocketAddress bound;
        private final Path unixPath;
        private IoRegistration registration;
        private boolean acceptFailing;

        Listener(SocketAddress address) throws IOException {
            boolean unix = address instanceof UnixDomainSocketAddress;
            channel = unix ? ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                    : ((InetSocketAddress) address).getAddress() instanceof Inet6Address
                            ? ServerSocketChannel.open(StandardProtocolFamily.INET6)
                            : ServerSocketChannel.open();
            try {
                if (!unix) {
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
                }
                channel.bind(address, options.backlog());
                bound = channel.getLocalAddress();
            } catch (IOException e) {
                Connector.closeQuietly(channel);
                IOException described = new BindException("cannot listen on " + address + ": " + e.getMessage());
                described.initCause(e);
                throw described;
            }
            unixPath = unix ? ((UnixDomainSocketAddress) bound).getPath() : null;
        }

        void startAccepting() throws IOException {
            registration = loop.register(channel, SelectionKey.OP_ACCEPT, ops -> acceptSome());
        }

        private void acceptSome() {
            for (int i = 0; i < MAX_ACCEPTS_PER_EVENT && serving; i++) {
                SocketChannel c;
                try {
                    c = channel.accept();
                } catch (IOException e) {
                    // EMFILE, ENFILE, ENOBUFS...: back off instead of spinning on a ready socket;
                    // warn once per run of failures, not at every retry.
                    if (!acceptFailing) {
                        acceptFailing = true;
                        LOG.warn("{} failed to accept a connection ({}); pausing accepting for {} ms at a time"
                                + " until it succeeds", ServerImpl.this, e.getMessage(), ACCEPT_RETRY_DELAY.toMillis());
                    } else {
                        LOG.debug("{} still cannot accept: {}", ServerImpl.this, e.getMessage());
                    }
                    registration.setInterest(0);
                    loop.callLater(ACCEPT_RETRY_DELAY, () -> {
                        if (serving && !registration.isCancelled()) {
                            registration.setInterest(SelectionKey.OP_ACCEPT);
                        }
                    });
                    return;
                }
                if (c == null) {
                    return;
                }
                if (acceptFailing) {
                    acceptFailing = false;
                    LOG.info("{} accepts connections again", ServerImpl.this);
                }
                accepted(c);
            }
        }

        void close() {
            if (registration != null) {
                registration.cancel();
            }
            Connector.closeQuietly(channel);
            if (unixPath != null) {
                try {
                    Files.deleteIfExists(unixPath);
                } catch (IOException ignored) {
                    // the socket file stays; binding it again would fail with a clear message
                }
            }
        }
    }
}
