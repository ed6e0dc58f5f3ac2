package dev.loopbridge.benchmarks.ws;

import java.net.InetSocketAddress;
import java.net.URI;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Netty 4.2's WebSocket codec in the echo benchmark, written as a Netty user writes it: one
 * {@link MultiThreadIoEventLoopGroup} of one NIO thread; the server is {@code HttpServerCodec},
 * {@code HttpObjectAggregator}, {@code WebSocketServerProtocolHandler} and a handler that writes
 * each data frame back (the frame's buffer handed over, no copy); the client is
 * {@code HttpClientCodec}, {@code HttpObjectAggregator}, {@code WebSocketClientProtocolHandler}
 * (masking on, as RFC 6455 requires) and a handler that writes a retained duplicate of one direct
 * buffer per message. Both handlers write in {@code channelRead} and flush in
 * {@code channelReadComplete}, as Netty's own echo example does: what one read brought is
 * answered with one write to the socket (with {@code writeAndFlush} per message, 16 messages in
 * flight cost Netty a syscall each, 11-14 us of CPU per message against 1.7-2.5 this way). TCP_NODELAY on both ends, no
 * compression, frames up to 1 MiB. Handlers run on the event-loop thread; the static methods are
 * called by the section's main thread.
 */
public final class NettyWs {

    private static final int MAX_FRAME = 1 << 20;

    /** Upgrades requests for any path (the clients ask for /echo), frames up to 1 MiB, no extensions. */
    private static final WebSocketServerProtocolConfig SERVER_CONFIG = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(MAX_FRAME).build();

    private NettyWs() {
    }

    /** A one-thread NIO event-loop group, named {@code name}. Main thread. */
    public static EventLoopGroup group(String name) {
        return group(name, 1);
    }

    /**
     * A NIO event-loop group of {@code threads} threads. With two, a server bound first and a
     * client connected next get one thread each (Netty hands out its threads in turn: the
     * listener, the client, then the accepted channel on the listener's). Main thread.
     */
    public static EventLoopGroup group(String name, int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name), NioIoHandler.newFactory());
    }

    /** An echo server on {@code group} at 127.0.0.1 and a free port. Main thread. */
    public static Channel server(EventLoopGroup group) {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketServerProtocolHandler(SERVER_CONFIG), new Echo());
                    }
                });
        return Wait.get(NettyFutures.of(b.bind("127.0.0.1", 0)), "the Netty WebSocket server to listen").channel();
    }

    /** The port a server from {@link #server} listens on. */
    public static int port(Channel server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Writes each data frame back; control frames are the protocol handler's. Event-loop thread. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrame) {
                ctx.write(msg, ctx.voidPromise());
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /**
     * A client on {@code group} connected to {@code uri}, sending {@code payload} as one binary
     * frame and the next when its echo is back; {@code teardown} runs when it is closed. Main thread.
     */
    public static Running client(EventLoopGroup group, URI uri, byte[] payload, Running.Teardown teardown) {
        RoundTrips trips = new RoundTrips();
        ByteBuf buffer = Unpooled.directBuffer(payload.length).writeBytes(payload);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                .maxFramePayloadLength(MAX_FRAME).build();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketClientProtocolHandler(config), new PingPong(buffer, trips));
                    }
                });
        Channel channel = Wait.get(NettyFutures.of(b.connect(uri.getHost(), uri.getPort())),
                "the Netty client to connect to " + uri).channel();
        return new Running() {
            @Override
            public RoundTrips roundTrips() {
                return trips;
            }

            @Override
            public void close() {
                Running.closeBoth(() -> {
                    Wait.get(NettyFutures.of(channel.close()), "the Netty client to close");
                    buffer.release();
                }, teardown);
            }
        };
    }

    /** The client's {@link RoundTrips#IN_FLIGHT} messages in flight. Event-loop thread. */
    private static final class PingPong extends ChannelInboundHandlerAdapter {
        private final ByteBuf payload;
        private final RoundTrips trips;

        PingPong(ByteBuf payload, RoundTrips trips) {
            this.payload = payload;
            this.trips = trips;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                for (int i = 0; i < RoundTrips.IN_FLIGHT; i++) {
                    send(ctx);
                }
                ctx.flush();
            }
            super.userEventTriggered(ctx, event);
        }

        private void send(ChannelHandlerContext ctx) {
            trips.sent();
            ctx.write(new BinaryWebSocketFrame(payload.retainedDuplicate()), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush(); // the next messages, one for each echo this read brought
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof BinaryWebSocketFrame frame) {
                    trips.echoed();
                    if (frame.content().readableBytes() != payload.readableBytes()) {
                        trips.fail(new IllegalStateException("echo of " + frame.content().readableBytes() + " bytes"));
                        return;
                    }
                    send(ctx);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            trips.fail(new IllegalStateException("the connection closed"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            trips.fail(cause);
            ctx.close();
        }
    }
}
