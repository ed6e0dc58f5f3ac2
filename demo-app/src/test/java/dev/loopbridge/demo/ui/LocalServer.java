package dev.loopbridge.demo.ui;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.demo.server.ChatServer;
import dev.loopbridge.demo.server.ServerConfig;

/**
 * The embedded server on a loop of its own, on a free loopback port, for the GUI tests: it can
 * stop and start again on the same port (a server restart). Test thread.
 */
public final class LocalServer implements AutoCloseable {

    private final EventLoop loop = EventLoops.newDefault();
    private final ServerConfig config;
    private ChatServer server;
    private final int port;

    /** A server with the default configuration. */
    public LocalServer() {
        this(ServerConfig.defaults());
    }

    /** A server with {@code config} (host and port replaced: loopback, a free port). */
    public LocalServer(ServerConfig config) {
        this.config = config.withHost("127.0.0.1");
        server = loop.runUntilComplete(ChatServer.start(loop, this.config.withPort(0)));
        port = loop.runUntilComplete(loop.submit(server::port));
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Stops listening and drops every client. */
    public void stop() {
        loop.runUntilComplete(loop.submit(() -> {
            server.close();
            return null;
        }));
    }

    /** Listens again on the same port. */
    public void startAgain() {
        server = loop.runUntilComplete(ChatServer.start(loop, config.withPort(port)));
    }

    @Override
    public void close() {
        loop.close();
    }
}
