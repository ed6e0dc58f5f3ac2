package dev.loopbridge.core;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * Where a UDP endpoint binds and, optionally, which peer it is connected to, for
 * {@link EventLoop#createDatagramEndpoint}.
 *
 * <pre>{@code
 * DatagramOptions.bind("127.0.0.1", 0);                                   // a free local port
 * DatagramOptions.connect(new InetSocketAddress("127.0.0.1", 5353));       // a connected endpoint
 * }</pre>
 *
 * <p><b>Threads:</b> an immutable value; make it and pass it around on any thread. Each {@code
 * with...} method returns a new record and leaves this one as it is.
 *
 * @param local the local address to bind, or {@code null} for an ephemeral one
 * @param remote the peer to connect to (only its datagrams are received), or {@code null}
 * @param reuseAddress sets SO_REUSEADDR
 * @param broadcast sets SO_BROADCAST
 */
public record DatagramOptions(SocketAddress local, SocketAddress remote, boolean reuseAddress, boolean broadcast) {

    /** Validates the settings. */
    public DatagramOptions {
        if (local == null && remote == null) {
            throw new IllegalArgumentException("give a local address to bind, a remote one to connect to, or both");
        }
    }

    /**
     * An endpoint bound to {@code host:port} (port 0: a free port); the host must be a literal or resolvable name.
     *
     * @param host the host name or literal to bind
     * @param port the port; 0 for a free one
     * @return options to bind there
     */
    public static DatagramOptions bind(String host, int port) {
        return bind(new InetSocketAddress(host, port));
    }

    /**
     * An endpoint bound to {@code local}.
     *
     * @param local the local address to bind
     * @return options to bind there
     */
    public static DatagramOptions bind(SocketAddress local) {
        return new DatagramOptions(Objects.requireNonNull(local, "local"), null, false, false);
    }

    /**
     * An endpoint connected to {@code remote}, bound to an ephemeral local port.
     *
     * @param remote the peer
     * @return options for an endpoint connected to {@code remote}, bound to an ephemeral port
     */
    public static DatagramOptions connect(SocketAddress remote) {
        return new DatagramOptions(null, Objects.requireNonNull(remote, "remote"), false, false);
    }

    /**
     * Returns a copy connected to {@code remote}.
     *
     * @param remote the peer, or {@code null} for none
     * @return a copy connected to this peer
     */
    public DatagramOptions withRemote(SocketAddress remote) {
        return new DatagramOptions(local, remote, reuseAddress, broadcast);
    }

    /**
     * Returns a copy with SO_REUSEADDR on or off.
     *
     * @param on {@code true} sets SO_REUSEADDR
     * @return a copy with this setting
     */
    public DatagramOptions withReuseAddress(boolean on) {
        return new DatagramOptions(local, remote, on, broadcast);
    }

    /**
     * Returns a copy with SO_BROADCAST on or off.
     *
     * @param on {@code true} sets SO_BROADCAST
     * @return a copy with this setting
     */
    public DatagramOptions withBroadcast(boolean on) {
        return new DatagramOptions(local, remote, reuseAddress, on);
    }
}
