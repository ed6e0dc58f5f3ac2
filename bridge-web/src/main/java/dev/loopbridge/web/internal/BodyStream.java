package dev.loopbridge.web.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;

import javax.net.ssl.SSLSession;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.net.FedStream;

/**
 * A JDK {@code HttpClient} response body read through the loop's {@link StreamReader}: the
 * {@code BodySubscriber} of {@code HttpBodies.ofStreamReader}, and the read-only transport under
 * the reader. The {@code Flow.Subscriber} methods run on the client's threads and do nothing but
 * hand their signal to the loop, one {@code callSoon} per signal (per chunk the client delivers,
 * never per byte); everything else runs on the loop thread and takes no lock.
 *
 * <p>Demand follows the reader: at most {@value #WINDOW} chunks are requested ahead of what the
 * loop has fed; when the reader pauses (more than twice its limit buffered and no read asking)
 * nothing more is requested, so the client stops reading the socket, and the reads that take the
 * buffer back to the limit request again. A slow reader holds at most twice its limit plus the
 * chunks already requested.
 *
 * <p>From its creation until the client subscribes, and then while chunks are requested and not
 * yet delivered, the body is work outside the loop (an
 * adopted stage): the test loop waits for it in real time rather than jumping virtual time, and a
 * closing loop cancels it; once subscribed the body is also registered with the loop as its
 * sockets are, so that closing the loop ends a paused body too: the subscription is cancelled (the
 * client closes the connection).
 *
 * <p>States, loop thread: not started ({@code subscription} null) -> reading -> ended
 * ({@code ended}: completed, failed, or aborted; no more data is fed, the subscription is
 * cancelled unless the client ended it).
 */
public final class BodyStream implements HttpResponse.BodySubscriber<StreamReader>, Transport {

    /** Chunks requested ahead of the loop. */
    static final int WINDOW = 4;

    private final EventLoop loop;
    private final FedStream stream;
    private final BodyReader reader;
    private final CompletableFuture<StreamReader> body;

    // Loop thread only.
    private Protocol protocol;
    private Flow.Subscription subscription;
    private boolean connected;
    /** Chunks requested and not yet delivered. */
    private int requested;
    private boolean paused;
    private boolean ended;
    /** Completed when no chunk is requested any more: outside work the loop waits for meanwhile. */
    private CompletableFuture<Void> inFlight;

    /**
     * A body with nothing received yet. Any thread (the client's, in {@code BodyHandler.apply}).
     *
     * @param loop the loop the reads complete on
     * @param limit the reader's limit in bytes
     */
    public BodyStream(EventLoop loop, int limit) {
        this.loop = loop;
        this.stream = new FedStream(loop, limit);
        this.protocol = stream.protocol();
        this.reader = new BodyReader(stream.reader(), this);
        this.body = CompletableFuture.completedFuture(reader);
        // Outside work from now until the demand settles: a test loop must not jump virtual time
        // while the client is about to subscribe. Published to the loop thread by onSubscribe's hop.
        this.inFlight = new CompletableFuture<>();
        loop.adopt(inFlight).whenCancelled(this::loopClosing);
    }

    /**
     * The reader of this body, as {@link #getBody()} gives it. Any thread.
     *
     * @return the reader
     */
    BodyReader reader() {
        return reader;
    }

    /**
     * Checks that bodies can be read on {@code loop}, as the constructor would. Any thread.
     *
     * @param loop the loop
     * @throws IllegalArgumentException if {@code loop} was not made by LoopBridge
     */
    public static void check(EventLoop loop) {
        new FedStream(loop, 1);
    }

    // ---- the client's threads ----

    @Override
    public CompletionStage<StreamReader> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription");
        if (!post(() -> start(s))) {
            s.cancel(); // the loop is closed: nobody will read this body
        }
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
        Objects.requireNonNull(chunk, "chunk");
        post(() -> deliver(chunk)); // a closed loop cancelled the subscription
    }

    @Override
    public void onError(Throwable error) {
        post(() -> finish(error instanceof IOException io ? io
                : new IOException("the response body failed: " + error, error)));
    }

    @Override
    public void onComplete() {
        post(this::complete);
    }

    private boolean post(Runnable action) {
        try {
            loop.callSoon(action);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    // ---- the loop thread ----

    private void start(Flow.Subscription s) {
        if (subscription != null) {
            s.cancel(); // Flow rule 2.5: a second subscription is refused
            return;
        }
        subscription = s;
        if (ended) {
            s.cancel(); // aborted before the client subscribed
            return;
        }
        stream.track(this::loopClosing); // a paused body requests nothing: the loop's close must still end it
        connect();
        refill();
    }

    private void connect() {
        if (!connected) {
            connected = true;
            protocol.connectionMade(this);
        }
    }

    private void deliver(List<ByteBuffer> chunk) {
        if (ended) {
            return;
        }
        requested--;
        for (ByteBuffer b : chunk) {
            if (ended) {
                return; // a read's dependent aborted the body
            }
            if (b.hasRemaining()) {
                protocol.dataReceived(b);
            }
        }
        refill();
    }

    private void complete() {
        if (ended) {
            return;
        }
        connect();
        protocol.eofReceived();
        finish(null);
    }

    /** Ends the body: no more data; {@code cause} null for the end of the body. */
    private void finish(IOException cause) {
        if (ended) {
            return;
        }
        ended = true;
        stream.forget();
        updateInFlight();
        connect();
        protocol.connectionLost(cause);
    }

    /** Requests what the window allows unless the reader is paused. */
    private void refill() {
        if (!ended && !paused && subscription != null && requested < WINDOW) {
            int n = WINDOW - requested;
            requested = WINDOW;
            subscription.request(n);
        }
        updateInFlight();
    }

    private void updateInFlight() {
        boolean outside = !ended && requested > 0;
        if (outside && inFlight == null) {
            inFlight = new CompletableFuture<>();
            loop.adopt(inFlight).whenCancelled(this::loopClosing);
        } else if (!outside && inFlight != null) {
            CompletableFuture<Void> done = inFlight;
            inFlight = null;
            done.complete(null);
        }
    }

    private void loopClosing() {
        abort(new IOException("the loop " + loop + " closed while the response body was read"));
    }

    /** Stops the body: the subscription is cancelled, reads fail with {@code cause}. Loop thread. */
    void abort(IOException cause) {
        if (ended) {
            return;
        }
        if (subscription != null) {
            subscription.cancel();
        }
        finish(cause);
    }

    /** Throws naming {@code operation} and the loop unless called on the loop thread. */
    void checkInLoop(String operation) {
        if (!loop.inLoop()) {
            throw new IllegalStateException(operation + " must be called on the thread of " + loop + ", not on \""
                    + Thread.currentThread().getName() + "\"; hand it over with loop.callSoon(...)");
        }
    }

    /**
     * Whether the body is still being received.
     *
     * @return {@code false} once it ended, failed or was aborted
     */
    boolean isOpen() {
        return !ended;
    }

    // ---- Transport, for the reader: loop thread ----

    @Override
    public void pauseReading() {
        paused = true;
    }

    @Override
    public void resumeReading() {
        paused = false;
        refill();
    }

    @Override
    public boolean isReading() {
        return !paused && !ended;
    }

    @Override
    public void write(ByteBuffer data) {
        throw new UnsupportedOperationException("a response body is read-only");
    }

    @Override
    public void writeEof() {
        // nothing to send: the request was sent by the client
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void close() {
        abort(new IOException("the response body was closed before its end"));
    }

    @Override
    public void abort() {
        abort(new IOException("the response body was aborted"));
    }

    @Override
    public boolean isClosing() {
        return ended;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        // nothing is written
    }

    @Override
    public long writeBufferSize() {
        return 0;
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
        this.protocol = Objects.requireNonNull(p, "protocol");
    }

    @Override
    public String toString() {
        return "HttpBody[" + (ended ? "ended" : paused ? "paused" : "reading") + ", " + requested + " chunks requested]";
    }
}
