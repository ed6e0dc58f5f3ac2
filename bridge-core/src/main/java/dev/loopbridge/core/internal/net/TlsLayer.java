package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;

/**
 * TLS over a {@link SocketTransport}, with an {@link SSLEngine}: the raw transport's
 * {@link Protocol} on one side, the {@link Transport} the application sees on the other. Loop
 * thread only.
 *
 * <pre>
 *   socket ⇄ SocketTransport ──dataReceived(ciphertext)──► TlsLayer ──dataReceived(plaintext)──► app Protocol
 *                            ◄──────write(ciphertext)──────        ◄──────write(plaintext)──────
 * </pre>
 *
 * <p>The handshake starts when the raw connection is made and is bounded by the handshake timeout.
 * Plaintext written before it ends is held and sent after. {@link #close()} sends close_notify and
 * then closes the socket once the buffer is flushed; a close_notify from the peer reaches the
 * application as {@code eofReceived}.
 */
final class TlsLayer implements Protocol, Transport {

    /** Told how the handshake ended. Loop thread. */
    interface Handshake {
        /** The handshake is done: returns the protocol that receives the plaintext from now on. */
        Protocol protocol();

        /** Called right after {@link #protocol()}, with the layer ready for the application. */
        void done(TlsLayer layer);

        /** The handshake failed or the connection was lost before it ended. */
        void failed(Throwable error);
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final BaseEventLoop loop;
    private final SocketTransport raw;
    private final TlsOptions options;
    private final SSLEngine engine;
    private final Handshake handshake;
    private final WriteBuffer heldPlaintext = new WriteBuffer();
    private final String peerName;
    private Protocol app;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private TimerHandle handshakeTimer;
    private boolean handshakeDone;
    private boolean handshakeFailed;
    private boolean closing;
    private boolean readingPaused;
    private boolean eofDelivered;
    private boolean lost;

    TlsLayer(BaseEventLoop loop, SocketTransport raw, TlsOptions options, String peerHost, Handshake handshake,
            Protocol app) {
        this.loop = loop;
        this.raw = raw;
        this.options = options;
        this.handshake = handshake;
        this.app = app;
        this.peerName = options.serverName() != null ? options.serverName() : peerHost;
        this.engine = newEngine();
        SSLSession s = engine.getSession();
        this.netIn = ByteBuffer.allocate(s.getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(s.getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(s.getPacketBufferSize());
    }

    private SSLEngine newEngine() {
        // The peer's name and port key the client session cache: with them, reconnects resume.
        int port = raw.remoteAddress() instanceof InetSocketAddress inet ? inet.getPort() : -1;
        SSLEngine e = peerName != null && options.clientMode()
                ? options.context().createSSLEngine(peerName, port)
                : options.context().createSSLEngine();
        e.setUseClientMode(options.clientMode());
        SSLParameters p = e.getSSLParameters();
        if (options.clientMode()) {
            if (peerName != null && !isIpLiteral(peerName)) {
                p.setServerNames(List.of(new SNIHostName(peerName)));
            }
            if (options.verifyHostname()) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
        } else {
            p.setNeedClientAuth(options.clientAuth() == TlsOptions.ClientAuth.NEED);
            if (options.clientAuth() == TlsOptions.ClientAuth.WANT) {
                p.setWantClientAuth(true);
            }
        }
        if (!options.alpn().isEmpty()) {
            p.setApplicationProtocols(options.alpn().toArray(String[]::new));
        }
        e.setSSLParameters(p);
        return e;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    // ---- the raw side: Protocol ----

    @Override
    public void connectionMade(Transport transport) {
        if (options.clientMode() && options.verifyHostname() && peerName == null) {
            fail(new SSLHandshakeException("cannot verify the server's hostname: no host name is known for "
                    + raw.remoteAddress() + "; set TlsOptions.withServerName(...)"));
            return;
        }
        handshakeTimer = loop.callLater(options.handshakeTimeout(), () -> fail(new SSLHandshakeException(
                "the TLS handshake with " + describePeer() + " did not finish within " + options.handshakeTimeout())));
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        pump();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (netIn.remaining() < data.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, netIn.position() + data.remaining()));
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
        netIn.put(data);
        pump();
    }

    @Override
    public boolean eofReceived() {
        if (!handshakeDone) {
            fail(new SSLHandshakeException("the connection was closed by " + describePeer() + " during the TLS handshake"));
            return false;
        }
        // A TCP FIN without close_notify: treat as the end of the stream, as asyncio does.
        return deliverEof();
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost = true;
        cancelHandshakeTimer();
        if (eofDelivered && cause instanceof IOException) {
            cause = null; // the session ended with the peer's close_notify; only our reply to it failed
        }
        if (!handshakeDone) {
            if (!handshakeFailed) {
                handshakeFailed = true;
                handshake.failed(cause != null ? cause : new SSLHandshakeException(
                        "the connection to " + describePeer() + " was lost during the TLS handshake"));
            }
            return;
        }
        app.connectionLost(cause);
    }

    @Override
    public void pauseWriting() {
        if (handshakeDone) {
            app.pauseWriting();
        }
    }

    @Override
    public void resumeWriting() {
        if (handshakeDone) {
            app.resumeWriting();
        }
    }

    // ---- the engine ----

    /** Runs the engine as far as the data at hand allows. */
    private void pump() {
        try {
            boolean progress = true;
            while (progress && !lost && !handshakeFailed) {
                progress = false;
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    progress = true;
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    progress = wrap(EMPTY);
                } else if (netIn.position() > 0 || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                    if (handshakeDone && readingPaused) {
                        return;
                    }
                    progress = unwrap();
                }
                checkHandshakeDone();
            }
        } catch (SSLException e) {
            fail(e);
        } catch (RuntimeException e) {
            if (handshakeDone) {
                loop.report(e, "Protocol.dataReceived of " + this + " threw; aborting the connection");
            }
            fail(e);
        }
    }

    private boolean unwrap() throws SSLException {
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        afterResult(r);
        switch (r.getStatus()) {
            case BUFFER_OVERFLOW -> {
                appIn = enlarge(appIn, engine.getSession().getApplicationBufferSize());
                return true;
            }
            case BUFFER_UNDERFLOW -> {
                if (netIn.position() == netIn.capacity()) {
                    netIn = enlarge(netIn, engine.getSession().getPacketBufferSize());
                }
                return false;
            }
            case CLOSED -> {
                deliverPlaintext();
                if (!deliverEof()) {
                    close();
                }
                return r.bytesConsumed() > 0;
            }
            default -> {
                deliverPlaintext();
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
            }
        }
    }

    private void deliverPlaintext() {
        if (appIn.position() == 0) {
            return;
        }
        checkHandshakeDone();
        appIn.flip();
        try {
            if (handshakeDone && !closing) {
                app.dataReceived(appIn);
            }
        } finally {
            appIn.clear();
        }
    }

    private boolean deliverEof() {
        if (eofDelivered) {
            return true;
        }
        eofDelivered = true;
        try {
            app.eofReceived();
        } catch (RuntimeException e) {
            loop.report(e, "Protocol.eofReceived of " + this + " threw");
        }
        return false; // no half-close over TLS: the connection closes
    }

    /**
     * Whether {@link #wrap} is running. The records it writes may set off callbacks that write or
     * close (the handshake finishing, {@code pauseWriting}); those wait for it to finish (writes in
     * {@link #heldPlaintext}, a close in {@link #closeWhenWrapped}), so records keep the order of
     * the calls and no record is written over in {@link #netOut} before it went out.
     */
    private boolean wrapping;

    /** A close that arrived while {@link #wrap} was running; done when it ends. */
    private boolean closeWhenWrapped;

    /** Wraps {@code plain} (or handshake data) and writes the records; returns whether anything happened. */
    private boolean wrap(ByteBuffer plain) throws SSLException {
        if (wrapping) {
            if (plain.hasRemaining()) {
                heldPlaintext.append(plain);
            }
            return false;
        }
        boolean any = false;
        wrapping = true;
        try {
            do {
                netOut.clear();
                SSLEngineResult r = engine.wrap(plain, netOut);
                if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                    netOut = enlarge(netOut, engine.getSession().getPacketBufferSize());
                    continue;
                }
                if (r.bytesProduced() > 0) {
                    netOut.flip();
                    raw.write(netOut);
                    any = true;
                }
                afterResult(r); // with this record written: the application may write at once
                if (r.getStatus() == Status.CLOSED || (r.bytesConsumed() == 0 && r.bytesProduced() == 0)) {
                    break;
                }
            } while (plain.hasRemaining());
        } finally {
            wrapping = false;
        }
        if (handshakeDone && !lost && !heldPlaintext.isEmpty()) {
            any |= wrap(heldPlaintext.drain());
        }
        if (closeWhenWrapped) {
            closeWhenWrapped = false;
            finishClose();
        }
        return any;
    }

    private void afterResult(SSLEngineResult r) {
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            checkHandshakeDone();
        }
    }

    private void checkHandshakeDone() {
        if (handshakeDone || handshakeFailed) {
            return;
        }
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED) {
            return;
        }
        handshakeDone = true;
        cancelHandshakeTimer();
        app = Objects.requireNonNull(handshake.protocol(), "the protocol factory returned null");
        if (!heldPlaintext.isEmpty()) {
            // Written before the handshake finished, so ahead of anything the application writes
            // when it hears that it did.
            ByteBuffer held = heldPlaintext.drain();
            try {
                wrap(held);
            } catch (SSLException e) {
                fail(e);
                return;
            }
        }
        handshake.done(this);
    }

    private void fail(Throwable error) {
        if (handshakeFailed || lost) {
            return;
        }
        cancelHandshakeTimer();
        if (!handshakeDone) {
            handshakeFailed = true;
            try {
                engine.closeOutbound();
                wrap(EMPTY); // send the alert, if the engine made one
            } catch (SSLException | RuntimeException ignored) {
                // the connection is being reset anyway
            }
            raw.abort(error);
            handshake.failed(error);
            return;
        }
        raw.abort(error);
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
    }

    private static ByteBuffer enlarge(ByteBuffer b, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, atLeast));
        b.flip();
        bigger.put(b);
        return bigger;
    }

    private String describePeer() {
        return peerName != null ? peerName + " (" + raw.remoteAddress() + ")" : String.valueOf(raw.remoteAddress());
    }

    // ---- the application side: Transport ----

    @Override
    public void write(ByteBuffer data) {
        loop.checkInLoop("Transport.write");
        if (closing || lost || !data.hasRemaining()) {
            return;
        }
        if (!handshakeDone) {
            heldPlaintext.append(data);
            return;
        }
        try {
            wrap(data);
        } catch (SSLException e) {
            fail(e);
        }
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("writeEof is not supported over TLS: close() sends close_notify");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void close() {
        loop.checkInLoop("Transport.close");
        if (closing) {
            return;
        }
        closing = true;
        if (wrapping) {
            closeWhenWrapped = true; // after the records being written, and what was held behind them
            return;
        }
        finishClose();
    }

    /** Sends close_notify after everything written so far, then closes the transport below. */
    private void finishClose() {
        if (handshakeDone && !lost) {
            engine.closeOutbound();
            try {
                wrap(EMPTY); // close_notify
            } catch (SSLException ignored) {
                // closing anyway
            }
        }
        raw.close();
    }

    @Override
    public void abort() {
        loop.checkInLoop("Transport.abort");
        closing = true;
        raw.abort(null);
    }

    @Override
    public boolean isClosing() {
        return closing || raw.isClosing();
    }

    @Override
    public void pauseReading() {
        loop.checkInLoop("Transport.pauseReading");
        readingPaused = true;
        raw.pauseReading();
    }

    @Override
    public void resumeReading() {
        loop.checkInLoop("Transport.resumeReading");
        if (readingPaused) {
            readingPaused = false;
            raw.resumeReading();
            pump(); // records that arrived before the pause
        }
    }

    @Override
    public boolean isReading() {
        return !readingPaused && raw.isReading();
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        raw.setWriteBufferLimits(high, low);
    }

    @Override
    public long writeBufferSize() {
        return raw.writeBufferSize() + heldPlaintext.size();
    }

    @Override
    public SocketAddress localAddress() {
        return raw.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return raw.remoteAddress();
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return handshakeDone ? Optional.of(engine.getSession()) : Optional.empty();
    }

    @Override
    public Optional<String> applicationProtocol() {
        String p = handshakeDone ? engine.getApplicationProtocol() : null;
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    @Override
    public Protocol protocol() {
        return app;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        loop.checkInLoop("Transport.setProtocol");
        this.app = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public String toString() {
        return "TlsTransport[" + raw.localAddress() + " -> " + raw.remoteAddress() + "]";
    }
}
