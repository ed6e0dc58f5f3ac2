package dev.loopbridge.web.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

import javax.net.ssl.SSLSession;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.StreamReader;

/**
 * One exchange of {@code HttpBodies.send} whose body is read through the loop's
 * {@code StreamReader}, as its body handler: it makes the body as {@code ofStreamReader} does and
 * keeps the head the client answered it for. That head tells a response whose body broke off
 * before the client handed it over from an exchange that got no answer: when the head and the
 * end of the connection (or a broken chunked encoding) are read together, the JDK client sets the
 * body up, the body fails first, and the client fails the whole exchange with the body's error
 * instead of handing the response over. {@link #brokenOff} then makes the response the client
 * would have handed over, whose body ends with that error after the bytes it delivered. Made on
 * any thread; {@link #apply} runs on the client's thread, {@link #brokenOff} and {@link #abandon}
 * on any thread.
 *
 * <p>NOTE: {@code head} and {@code body} are written by {@code apply} before the client completes
 * the exchange and read by the exchange's completion, which the client orders after its call of
 * {@code apply}; volatile all the same, so that no reader depends on how the client orders its
 * own steps. {@code abandoned} and {@code body} are a Dekker pair: {@code apply} writes
 * {@code body} then reads {@code abandoned}, {@link #abandon} writes {@code abandoned} then reads
 * {@code body}, so at least one of them sees the other and a body made after the exchange was
 * given up is stopped too (twice is harmless: aborting an ended body does nothing).
 */
public final class ReaderExchange implements HttpResponse.BodyHandler<StreamReader> {

    private final EventLoop loop;
    private final int limit;
    private volatile HttpResponse.ResponseInfo head;
    private volatile BodyStream body;
    private volatile boolean abandoned;

    /**
     * An exchange with no head yet. Any thread.
     *
     * @param loop the loop whose thread reads the body
     * @param limit the reader's limit in bytes
     */
    public ReaderExchange(EventLoop loop, int limit) {
        this.loop = loop;
        this.limit = limit;
    }

    /**
     * Makes the body and keeps {@code info}. The client's thread.
     *
     * @param info the head the client received
     * @return the body
     */
    @Override
    public HttpResponse.BodySubscriber<StreamReader> apply(HttpResponse.ResponseInfo info) {
        BodyStream b = new BodyStream(loop, limit);
        body = b;
        head = info;
        if (abandoned) {
            stop(b, new IOException("the request was given up"));
        }
        return b;
    }

    /**
     * The response of an exchange that failed after its head came, or null if no head came. Its
     * body ends with {@code cause} after what the client handed the loop for it before failing
     * (the JDK calls the body's {@code onError} first, so it has usually ended already and the
     * end queued here does nothing). Any thread.
     *
     * @param request the request sent: the response's request and URI
     * @param cause why the exchange failed
     * @return the response, or null if the exchange failed before any head came
     */
    public HttpResponse<StreamReader> brokenOff(HttpRequest request, Throwable cause) {
        HttpResponse.ResponseInfo h = head;
        if (h == null) {
            return null;
        }
        BodyStream b = body;
        // NOTE: queued, not done here, even on the loop thread: the body's signals the client
        // posted before failing the exchange are ahead of it in the loop's queue.
        stop(b, cause instanceof IOException io ? io
                : new IOException("the exchange failed after the head: " + cause, cause));
        return new BrokenOff(h.statusCode(), request, h.headers(), b.reader(), h.version());
    }

    /** Stops the body, now or once it is made: nobody will read it. Any thread. */
    public void abandon() {
        abandoned = true;
        BodyStream b = body;
        if (b != null) {
            stop(b, new IOException("the request was given up"));
        }
    }

    private void stop(BodyStream b, IOException cause) {
        try {
            loop.callSoon(() -> b.abort(cause));
        } catch (RejectedExecutionException closing) {
            // the closing loop ends the body itself
        }
    }

    /**
     * A response the client did not hand over: what its head said, its request's URI (the client
     * does not say where a redirection led), no TLS session and no previous response.
     */
    private record BrokenOff(int statusCode, HttpRequest request, HttpHeaders headers, StreamReader body,
            HttpClient.Version version) implements HttpResponse<StreamReader> {

        @Override
        public Optional<HttpResponse<StreamReader>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public String toString() {
            return "(" + request.method() + " " + request.uri() + ") " + statusCode + ", body broken off";
        }
    }
}
