package dev.loopbridge.benchmarks.e2e;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import dev.loopbridge.benchmarks.EchoProtocol;
import dev.loopbridge.benchmarks.NettyEchoHandler;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.javafx.FxEventLoop;

/**
 * The echo servers of {@link ManySection}: LoopBridge on a JavaFX loop, and Netty NIO on one
 * event-loop thread, each counting its accepted connections and the time of the first and the
 * last. Started and closed by the section's main thread; the counters are written by the server's
 * thread (the FX thread, Netty's event-loop thread) and read by the main thread.
 */
final class ManyServers {

    private ManyServers() {
    }

    /** A running server. */
    abstract static class Running {
        final AtomicInteger accepted = new AtomicInteger();
        volatile long firstAccept;
        volatile long lastAccept;

        /** How many accepted connections {@link #awaitAccepted} waits for; MAX_VALUE when no one waits. */
        private volatile int awaited = Integer.MAX_VALUE;

        /** Counts one accepted connection. Server thread. */
        final void onAccept() {
            long now = System.nanoTime();
            int before = accepted.getAndIncrement();
            if (before == 0) {
                firstAccept = now;
            }
            lastAccept = now;
            if (before + 1 >= awaited) {
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        /** Waits until {@code count} connections were accepted or {@code nanos} passed; returns the count. */
        final synchronized int awaitAccepted(int count, long nanos) throws InterruptedException {
            awaited = count;
            long deadline = System.nanoTime() + nanos;
            long left;
            while (accepted.get() < count && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            awaited = Integer.MAX_VALUE;
            return accepted.get();
        }

        abstract int port();

        /** Closes the server and its connections, and stops its thread (not the FX thread). */
        abstract void stop() throws Exception;
    }

    /** LoopBridge: {@code createServer} on a new JavaFX loop, the README's echo protocol. */
    static Running loopBridgeFx() throws Exception {
        EventLoop loop = FxEventLoop.create();
        final class LoopBridgeServer extends Running {
            Server server;

            @Override
            int port() {
                try {
                    return loop.submit(() -> ((InetSocketAddress) server.addresses().get(0)).getPort())
                            .get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot read the server's port", e);
                }
            }

            @Override
            void stop() throws Exception {
                try {
                    loop.submit(() -> {
                        server.close();
                        server.closeConnections();
                        return null;
                    }).get(30, TimeUnit.SECONDS);
                    server.closed().get(30, TimeUnit.SECONDS);
                } finally {
                    loop.close();
                }
            }
        }
        LoopBridgeServer running = new LoopBridgeServer();
        running.server = loop.createServer(() -> new EchoProtocol(t -> running.onAccept()),
                ServerOptions.bind("127.0.0.1", 0).withBacklog(4096)).get(30, TimeUnit.SECONDS);
        return running;
    }

    /** Netty NIO, one event-loop thread, its echo example. */
    static Running nettyNio() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("many-netty"),
                NioIoHandler.newFactory());
        final class NettyServer extends Running {
            Channel channel;

            @Override
            int port() {
                return ((InetSocketAddress) channel.localAddress()).getPort();
            }

            @Override
            void stop() throws Exception {
                try {
                    channel.close().await(30, TimeUnit.SECONDS);
                } finally {
                    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(30, TimeUnit.SECONDS);
                }
            }
        }
        NettyServer running = new NettyServer();
        try {
            running.channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            running.onAccept();
                            ch.pipeline().addLast(new NettyEchoHandler());
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        return running;
    }
}
