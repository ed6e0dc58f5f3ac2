package dev.loopbridge.core.internal.net;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import javax.net.ssl.SSLSession;

import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;

/**
 * What the two pipe transports of a subprocess share: a name for messages, the protocol, and the
 * one-way end ({@code connectionLost} once, in a callback of its own). A pipe has no addresses
 * ({@code null}) and no TLS. Loop thread only; public methods check it.
 */
abstract sealed class PipeTransport implements Transport permits PipeSource, PipeSink {

    final BaseEventLoop loop;
    /** "stdout of process 123 (cat)": what messages about this pipe call it. */
    final String name;
    final PipeThreads threads;
    Protocol protocol;
    private boolean lostSent;

    PipeTransport(BaseEventLoop loop, String name, PipeThreads threads) {
        this.loop = loop;
        this.name = name;
        this.threads = threads;
    }

    /**
     * Starts a pump thread running {@code pump}, as a stage the loop adopts: outside work the test
     * loop waits for in real time, and which a closing loop cancels, calling {@code loopClosing}.
     * Loop thread.
     */
    final void startPump(Runnable pump, Runnable loopClosing) {
        CompletableFuture<Void> run = new CompletableFuture<>();
        loop.adopt(run).whenCancelled(loopClosing);
        threads.start(name, () -> {
            try {
                pump.run();
            } finally {
                run.complete(null);
            }
        });
    }

    /** Runs {@code action} on the loop thread; false if the loop is closed for good. Any thread. */
    final boolean post(Runnable action) {
        try {
            loop.executeInternal(action);
            return true;
        } catch (RejectedExecutionException closedLoop) {
            return false;
        }
    }

    /** Ends the transport ({@code cause} null for a normal end): no more data either way. Loop thread. */
    abstract void finish(Throwable cause);

    /** Tells the protocol the pipe is gone, in a callback of its own, once. Loop thread. */
    final void connectionLost(Throwable cause) {
        if (lostSent) {
            return;
        }
        lostSent = true;
        loop.executeInternal(() -> protocol.connectionLost(cause));
    }

    @Override
    public void close() {
        loop.checkInLoop("Transport.close");
        finish(null);
    }

    @Override
    public void abort() {
        loop.checkInLoop("Transport.abort");
        finish(null);
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        loop.checkInLoop("Transport.setWriteBufferLimits");
        WaterMarks.check(high, low); // a pipe the loop only reads buffers no writes
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return Optional.empty();
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol p) {
        loop.checkInLoop("Transport.setProtocol");
        this.protocol = Objects.requireNonNull(p, "protocol");
    }

    @Override
    public String toString() {
        return "Pipe[" + name + (isClosing() ? ", closed]" : "]");
    }
}
