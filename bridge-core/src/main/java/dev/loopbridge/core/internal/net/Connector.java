package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.internal.IoRegistration;

/**
 * One {@code createConnection}: resolves the host off the loop, tries every address (one after
 * the other, or staggered as Happy Eyeballs), bounds the whole by the connect timeout, and hands
 * the first connected channel to a transport (through TLS when asked). Loop thread only.
 *
 * <p>Cancelling the result future stops it: attempts in flight are closed, timers cancelled.
 */
final class Connector {

    private final BaseEventLoop loop;
    private final ConnectOptions options;
    private final Supplier<? extends Protocol> protocols;
    private final LoopFuture<Transport> result;
    private final List<Attempt> attempts = new ArrayList<>();
    private final List<IOException> failures = new ArrayList<>();
    private List<SocketAddress> addresses;
    private int next;
    private TimerHandle timeout;
    private TimerHandle stagger;
    private boolean done;

    private Connector(BaseEventLoop loop, ConnectOptions options, Supplier<? extends Protocol> protocols,
            LoopFuture<Transport> result) {
        this.loop = loop;
        this.options = options;
        this.protocols = protocols;
        this.result = result;
    }

    /** Starts connecting; the future completes with the transport. Loop thread. */
    static void connect(BaseEventLoop loop, ConnectOptions options, Supplier<? extends Protocol> protocols,
            LoopFuture<Transport> result) {
        Connector c = new Connector(loop, options, protocols, result);
        result.whenCancelled(c::abandon);
        if (options.connectTimeout() != null) {
            c.timeout = loop.callLater(options.connectTimeout(), c::timedOut);
        }
        if (options.address() != null) {
            c.start(List.of(options.address()));
        } else {
            loop.network().resolve(options.host(), options.port()).whenComplete((found, error) -> {
                if (c.done) {
                    return;
                }
                if (error != null) {
                    c.fail(new ConnectException("cannot connect to " + options.target() + ": resolving "
                            + options.host() + " failed: " + unwrap(error).getMessage()), unwrap(error));
                } else {
                    c.start(new ArrayList<>(found));
                }
            });
        }
    }

    private void start(List<SocketAddress> found) {
        this.addresses = found;
        startNext();
    }

    private void startNext() {
        if (done) {
            return;
        }
        if (next >= addresses.size()) {
            if (attempts.isEmpty()) {
                failAll();
            }
            return;
        }
        SocketAddress target = addresses.get(next++);
        Attempt a = new Attempt(target);
        attempts.add(a);
        a.begin();
        if (options.happyEyeballsDelay() != null && next < addresses.size() && !done) {
            if (stagger != null) {
                stagger.cancel();
            }
            stagger = loop.callLater(options.happyEyeballsDelay(), this::startNext);
        }
    }

    private void attemptFailed(Attempt a, IOException error) {
        attempts.remove(a);
        failures.add(error);
        if (done) {
            return;
        }
        if (stagger != null) {
            stagger.cancel();
            stagger = null;
        }
        startNext();
        if (attempts.isEmpty() && next >= addresses.size()) {
            failAll();
        }
    }

    private void connected(Attempt winner) {
        attempts.remove(winner);
        finishTimers();
        done = true;
        for (Attempt other : new ArrayList<>(attempts)) {
            other.close();
        }
        attempts.clear();
        try {
            Transports.start(loop, winner.channel, options.tcpNoDelay(), options.keepAlive(), options.tls(),
                    options.host(), protocols, result, () -> { }, winner.registration);
        } catch (IOException | RuntimeException e) {
            winner.close();
            result.completeExceptionally(e);
        }
    }

    private void failAll() {
        String causes = failures.isEmpty() ? "no address to try" : summarize();
        ConnectException e = new ConnectException("cannot connect to " + options.target() + ": " + causes);
        failures.forEach(e::addSuppressed);
        fail(e, null);
    }

    private String summarize() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < failures.size(); i++) {
            IOException f = failures.get(i);
            b.append(i == 0 ? "" : "; ").append(f.getMessage());
        }
        return b.toString();
    }

    private void timedOut() {
        if (done) {
            return;
        }
        ConnectException e = new ConnectException("cannot connect to " + options.target() + ": timed out after "
                + options.connectTimeout() + (failures.isEmpty() ? "" : " (" + summarize() + ")"));
        failures.forEach(e::addSuppressed);
        fail(e, null);
    }

    private void fail(IOException error, Throwable cause) {
        if (done) {
            return;
        }
        if (cause != null) {
            error.initCause(cause);
        }
        abandon();
        result.completeExceptionally(error);
    }

    /** Stops every attempt and timer; the result is completed by the caller (or was cancelled). */
    private void abandon() {
        done = true;
        finishTimers();
        for (Attempt a : new ArrayList<>(attempts)) {
            a.close();
        }
        attempts.clear();
    }

    private void finishTimers() {
        if (timeout != null) {
            timeout.cancel();
        }
        if (stagger != null) {
            stagger.cancel();
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    /** One address being connected to. */
    private final class Attempt {
        private final SocketAddress target;
        private SocketChannel channel;
        private IoRegistration registration;

        Attempt(SocketAddress target) {
            this.target = target;
        }

        void begin() {
            try {
                channel = target instanceof UnixDomainSocketAddress
                        ? SocketChannel.open(StandardProtocolFamily.UNIX)
                        : SocketChannel.open(((InetSocketAddress) target).getAddress() instanceof Inet6Address
                                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                channel.configureBlocking(false);
                if (options.localAddress() != null) {
                    if (!(target instanceof UnixDomainSocketAddress)) {
                        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    }
                    channel.bind(options.localAddress());
                }
                if (channel.connect(target)) {
                    connected(this);
                    return;
                }
                registration = loop.register(channel, SelectionKey.OP_CONNECT, ops -> finishConnect());
            } catch (IOException | RuntimeException e) {
                close();
                attemptFailed(this, describe(e));
            }
        }

        private void finishConnect() {
            try {
                if (!channel.finishConnect()) {
                    return; // spurious readiness: keep waiting
                }
                registration.setInterest(0);
                connected(this);
            } catch (IOException e) {
                close();
                attemptFailed(this, describe(e));
            }
        }

        private IOException describe(Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            ConnectException c = new ConnectException(target + ": " + why);
            c.initCause(e);
            return c;
        }

        void close() {
            if (registration != null) {
                registration.cancel();
            }
            if (channel != null) {
                closeQuietly(channel);
            }
        }
    }
}
