package dev.loopbridge.demo.client;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;

/**
 * How a {@link ChatClient} opens a connection: called on the loop thread. The default is
 * {@link EventLoop#openConnection}; tests pass an in-memory one, so that reconnects, timeouts and
 * the rate limit run on virtual time without sockets.
 */
@FunctionalInterface
public interface Dialer {

    /** Opens a connection as {@code options} says; the future completes on the loop. */
    LoopFuture<StreamConnection> dial(ConnectOptions options);

    /** The dialer that opens real TCP (and TLS) connections on {@code loop}. */
    static Dialer of(EventLoop loop) {
        return loop::openConnection;
    }
}
