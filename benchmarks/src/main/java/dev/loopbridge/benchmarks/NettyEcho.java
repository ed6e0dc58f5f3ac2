package dev.loopbridge.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ServerChannel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;

/**
 * The Netty side of the network benchmarks, the peer of {@link LoopBridgeEcho}: one
 * {@link MultiThreadIoEventLoopGroup} of one thread with Netty's NIO transport
 * ({@link NioIoHandler}) running a TCP echo server on 127.0.0.1 and one client connected to it,
 * TCP_NODELAY on both ends, Netty's default allocator and options otherwise. {@link #start} and
 * {@link #close} are called by a JMH benchmark thread; the handlers run on the event-loop thread.
 *
 * <p>The handlers do what LoopBridge's protocols do, written as a Netty user writes them: the
 * server is Netty's own echo example ({@code write} on each read, {@code flush} when the read
 * batch is complete) with auto-read off while the channel is not writable; the client writes and
 * flushes each chunk or byte as LoopBridge's {@code Transport.write} does, with the void promise.
 */
final class NettyEcho implements AutoCloseable {

    final EventLoopGroup group;
    final EventLoop loop;
    final Meter meter = new Meter();

    // Set during start; the accepted channel is set on the event-loop thread and read there.
    private Channel server;
    private Channel client;
    private Channel accepted;

    // The transport's channel classes: NIO, or the native epoll transport.
    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends Channel> clientChannel;

    private NettyEcho(String name, boolean epoll) {
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.loop = group.next();
        this.serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.clientChannel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Starts an event-loop group, its echo server and a client whose handler {@code newClient}
     * makes from the meter. Benchmark thread.
     */
    static NettyEcho start(String name, Function<Meter, ChannelHandler> newClient) {
        return start(name, false, newClient);
    }

    /**
     * As {@link #start(String, Function)}, on Netty's native epoll transport if {@code epoll} (see
     * {@code Epoll.isAvailable()}), else on NIO. Benchmark thread.
     */
    static NettyEcho start(String name, boolean epoll, Function<Meter, ChannelHandler> newClient) {
        NettyEcho echo = new NettyEcho(name, epoll);
        try {
            echo.connect(newClient.apply(echo.meter));
        } catch (RuntimeException e) {
            echo.close();
            throw e;
        }
        return echo;
    }

    private void connect(ChannelHandler clientHandler) {
        ServerBootstrap serverBootstrap = new ServerBootstrap()
                .group(group)
                .channel(serverChannel)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted = ch;
                        ch.pipeline().addLast(new NettyEchoHandler());
                    }
                });
        server = sync(serverBootstrap.bind("127.0.0.1", 0), "the echo server to listen").channel();
        Bootstrap clientBootstrap = new Bootstrap()
                .group(group)
                .channel(clientChannel)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(clientHandler);
        client = sync(clientBootstrap.connect(server.localAddress()), "the client to connect").channel();
    }

    /**
     * Bytes written to the two channels and not yet taken by their sockets, as the event-loop thread
     * sees them between two callbacks. Benchmark thread.
     */
    long buffered() {
        return onLoop(() -> pending(client) + (accepted == null ? 0 : pending(accepted)));
    }

    private static long pending(Channel ch) {
        ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /** Closes the client, the server and its connection, then stops the group. Benchmark thread. */
    @Override
    public void close() {
        try {
            if (client != null) {
                sync(client.close(), "the client to close");
            }
            if (server != null) {
                sync(server.close(), "the server to close");
            }
            Channel a = onLoop(() -> accepted);
            if (a != null) {
                sync(a.close(), "the server's connection to close");
            }
        } finally {
            System.out.println("Netty stalls in this VM: " + Fixtures.stallsInThisVm());
            sync(group.shutdownGracefully(0, 0, TimeUnit.SECONDS), "the event-loop group to stop");
        }
    }

    private <T> T onLoop(Callable<T> task) {
        return sync(loop.submit(task), "a task on the event loop").getNow();
    }

    private static <F extends Future<?>> F sync(F future, String what) {
        try {
            if (!future.await(Fixtures.WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("waited " + Fixtures.WAIT_SECONDS + " s for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
        if (!future.isSuccess()) {
            throw new IllegalStateException(what + " failed: " + future.cause(), future.cause());
        }
        return future;
    }

    /** A client that counts on its meter: a closed channel or an error fails it, and its buffer is freed. */
    abstract static class MeteredClient extends ChannelInboundHandlerAdapter {
        final Meter meter;
        private final ByteBuf owned;

        MeteredClient(Meter meter, ByteBuf owned) {
            this.meter = meter;
            this.owned = owned;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            meter.fail(null);
            owned.release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            meter.fail(cause);
            ctx.close();
        }
    }

    /**
     * Writes chunks of {@code chunkSize} bytes (one direct buffer, a retained duplicate per write)
     * while fewer than {@code window} chunks are unanswered and the channel is writable, and counts
     * the bytes echoed back.
     */
    static final class StreamClient extends MeteredClient {
        private final ByteBuf chunk;
        private final long windowBytes;
        private long sent;
        private long received;

        StreamClient(Meter meter, int chunkSize, int window) {
            this(meter, Unpooled.directBuffer(chunkSize, chunkSize), window);
        }

        private StreamClient(Meter meter, ByteBuf chunk, int window) {
            super(meter, chunk);
            this.chunk = chunk;
            int chunkSize = chunk.capacity();
            for (int i = 0; i < chunkSize; i++) {
                chunk.writeByte(i);
            }
            this.windowBytes = (long) chunkSize * window;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            int n = data.readableBytes();
            data.release();
            received += n;
            meter.add(n);
            pump(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            int size = chunk.readableBytes();
            while (ch.isWritable() && sent - received + size <= windowBytes) {
                ctx.writeAndFlush(chunk.retainedDuplicate(), ctx.voidPromise());
                sent += size;
            }
        }
    }

    /** Writes one byte, and the next each time one comes back; counts the round trips. */
    static final class PingPongClient extends MeteredClient {
        private final ByteBuf ping;

        PingPongClient(Meter meter) {
            this(meter, Unpooled.directBuffer(1, 1).writeByte(1));
        }

        private PingPongClient(Meter meter, ByteBuf ping) {
            super(meter, ping);
            this.ping = ping;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            int n = data.readableBytes();
            data.release();
            meter.add(n); // one byte in flight: n is 1
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(ping.retainedDuplicate(), ctx.voidPromise());
        }
    }
}
