package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import dev.loopbridge.core.ChannelWatch;
import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.DatagramOptions;
import dev.loopbridge.core.DatagramProtocol;
import dev.loopbridge.core.DatagramTransport;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.internal.IoRegistration;

/**
 * A loop's network layer: the {@code EventLoop} network methods, and the registry of what is open
 * (transports, servers, endpoints, watches) so the loop's close can release it. The entry points
 * may be called from any thread and hop to the loop thread; the rest runs on the loop thread.
 */
public final class Network {

    private final BaseEventLoop loop;

    /** Open transports, servers, datagram endpoints and watches. Loop thread only. */
    private final Set<Object> open = new LinkedHashSet<>();

    public Network(BaseEventLoop loop) {
        this.loop = loop;
    }

    void track(Object resource) {
        open.add(resource);
    }

    void forget(Object resource) {
        open.remove(resource);
    }

    /** Resolves {@code host} off the loop: every address, the two families interleaved (RFC 8305). Any thread. */
    public LoopFuture<List<InetSocketAddress>> resolve(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        return loop.runInExecutor(() -> interleave(InetAddress.getAllByName(host), port));
    }

    private static List<InetSocketAddress> interleave(InetAddress[] all, int port) {
        List<InetAddress> first = new ArrayList<>();
        List<InetAddress> second = new ArrayList<>();
        boolean firstIs6 = all.length > 0 && all[0] instanceof Inet6Address;
        for (InetAddress a : all) {
            ((a instanceof Inet6Address) == firstIs6 ? first : second).add(a);
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                out.add(new InetSocketAddress(first.get(i), port));
            }
            if (i < second.size()) {
                out.add(new InetSocketAddress(second.get(i), port));
            }
        }
        return out;
    }

    /** {@code EventLoop.createConnection}. Any thread. */
    public LoopFuture<Transport> createConnection(Supplier<? extends Protocol> protocols, ConnectOptions options) {
        Objects.requireNonNull(protocols, "protocolFactory");
        Objects.requireNonNull(options, "options");
        LoopFuture<Transport> result = loop.newFuture();
        onLoop(result, () -> Connector.connect(loop, options, protocols, result));
        return result;
    }

    /** {@code EventLoop.openConnection}. Any thread. */
    public LoopFuture<StreamConnection> openConnection(ConnectOptions options) {
        Objects.requireNonNull(options, "options");
        StreamConnectionImpl[] made = new StreamConnectionImpl[1];
        return createConnection(() -> {
            made[0] = new StreamConnectionImpl(loop, options.streamLimit(), options.host(), null);
            made[0].writer.useLineSeparator(options.lineSeparator());
            return made[0].protocol;
        }, options).thenApply(t -> made[0]);
    }

    /** {@code EventLoop.createServer}. Any thread. */
    public LoopFuture<Server> createServer(Supplier<? extends Protocol> protocols, ServerOptions options) {
        Objects.requireNonNull(protocols, "protocolFactory");
        Objects.requireNonNull(options, "options");
        LoopFuture<Server> result = loop.newFuture();
        onLoop(result, () -> {
            if (options.address() != null) {
                listen(protocols, options, List.of(options.address()), result);
            } else if (options.host().isEmpty()) {
                listen(protocols, options, List.of(new InetSocketAddress(options.port())), result);
            } else {
                resolve(options.host(), options.port()).whenComplete((found, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error.getCause() != null ? error.getCause() : error);
                    } else {
                        listen(protocols, options, new ArrayList<>(found), result);
                    }
                });
            }
        });
        return result;
    }

    private void listen(Supplier<? extends Protocol> protocols, ServerOptions options, List<SocketAddress> where,
            LoopFuture<Server> result) {
        if (result.isDone()) {
            return; // cancelled while resolving
        }
        ServerImpl server = new ServerImpl(loop, options, protocols);
        try {
            server.listen(where);
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        if (!result.complete(server)) {
            server.stopListening();
        }
    }

    /** {@code EventLoop.startServer}. Any thread. */
    public LoopFuture<Server> startServer(Function<StreamConnection, ? extends CompletionStage<?>> handler,
            ServerOptions options) {
        Objects.requireNonNull(handler, "handler");
        return createServer(() -> {
            StreamConnectionImpl c = new StreamConnectionImpl(loop, options.streamLimit(), null, made -> serve(made, handler));
            c.writer.useLineSeparator(options.lineSeparator());
            return c.protocol;
        }, options);
    }

    /** {@code EventLoop.createDatagramEndpoint}. Any thread. */
    public LoopFuture<DatagramTransport> createDatagramEndpoint(Supplier<? extends DatagramProtocol> protocols,
            DatagramOptions options) {
        Objects.requireNonNull(protocols, "protocolFactory");
        Objects.requireNonNull(options, "options");
        LoopFuture<DatagramTransport> result = loop.newFuture();
        onLoop(result, () -> {
            DatagramChannel channel = null;
            try {
                SocketAddress any = options.local() != null ? options.local() : options.remote();
                boolean v6 = any instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet6Address;
                channel = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
                channel.setOption(StandardSocketOptions.SO_BROADCAST, options.broadcast());
                channel.bind(options.local());
                if (options.remote() != null) {
                    channel.connect(options.remote());
                }
                DatagramEndpoint endpoint = new DatagramEndpoint(loop, channel,
                        Objects.requireNonNull(protocols.get(), "the protocol factory returned null"));
                endpoint.start();
                result.complete(endpoint);
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    Connector.closeQuietly(channel);
                }
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** {@code EventLoop.watch}. Loop thread. */
    public ChannelWatch watch(SelectableChannel channel, int ops, IntConsumer onReady) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(onReady, "onReady");
        loop.checkInLoop("watch");
        if ((ops & ~channel.validOps()) != 0) {
            throw new IllegalArgumentException("ops: " + ops + " (expected: a subset of the channel's valid ops "
                    + channel.validOps() + ")");
        }
        WatchImpl w = new WatchImpl(loop, onReady);
        IoRegistration r;
        try {
            r = loop.register(channel, ops, w::ready);
        } catch (IOException e) {
            throw new IllegalStateException("cannot watch " + channel + ": " + e.getMessage(), e);
        }
        w.start(r);
        track(w);
        return w;
    }

    /** Closes everything still open as the loop closes: connections reset, servers and watches stopped. */
    public void closeAll() {
        for (Object o : new ArrayList<>(open)) {
            if (o instanceof SocketTransport t) {
                t.abort(new IOException(loop + " closed"));
            } else if (o instanceof ServerImpl s) {
                s.stopListening();
            } else if (o instanceof DatagramEndpoint d) {
                d.finish();
            } else if (o instanceof WatchImpl w) {
                w.close();
            } else if (o instanceof FedStream f) {
                f.loopClosing();
            }
        }
        open.clear();
    }

    private void onLoop(LoopFuture<?> result, Runnable action) {
        Runnable guarded = () -> {
            if (result.isDone()) {
                return; // cancelled before it started
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (loop.inLoop()) {
            guarded.run();
        } else {
            loop.execute(guarded);
        }
    }

    /** Runs a startServer handler for a connection just made; closes the connection when its stage completes. */
    private void serve(StreamConnectionImpl connection, Function<StreamConnection, ? extends CompletionStage<?>> handler) {
        CompletionStage<?> stage;
        try {
            stage = Objects.requireNonNull(handler.apply(connection), "the startServer handler returned null");
        } catch (RuntimeException e) {
            loop.report(e, "The startServer handler threw for " + connection);
            connection.close();
            return;
        }
        loop.adopt(stage).whenComplete((value, error) -> {
            if (error != null && !(error instanceof CancellationException)) {
                loop.report(error, "The startServer handler's stage failed for " + connection);
            }
            connection.close();
        });
    }
}
