package dev.loopbridge.web.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.RejectedExecutionException;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.web.HttpBodies;

/**
 * One request of an {@link EventSourceImpl}, as its body handler: a body read through the loop's
 * {@code StreamReader}, as {@code HttpBodies.ofStreamReader} makes, and the head the client
 * answered it for, which tells an established stream whose body broke off before the client
 * handed the response over (the JDK client then fails the exchange with the body's error) from a
 * connection that got no answer. Created and read on the loop thread; {@link #apply} runs on the
 * client's thread.
 *
 * <p>NOTE: {@code head} and {@code body} are written by {@code apply} before the client
 * completes the exchange, and read on the loop thread after the exchange's completion reached
 * it through the loop's queue (a happens-before edge); volatile all the same, so that no
 * reader depends on how the client orders its own steps.
 */
final class EventStreamAttempt implements HttpResponse.BodyHandler<StreamReader> {

    private final EventLoop loop;
    private volatile HttpResponse.ResponseInfo head;
    private volatile BodyStream body;

    EventStreamAttempt(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public HttpResponse.BodySubscriber<StreamReader> apply(HttpResponse.ResponseInfo info) {
        BodyStream b = new BodyStream(loop, HttpBodies.DEFAULT_LIMIT);
        body = b;
        head = info;
        return b;
    }

    /** The head the client received, or null if none came. Loop thread. */
    HttpResponse.ResponseInfo head() {
        return head;
    }

    /**
     * Ends the body with the exchange's failure, after what the client handed the loop for it
     * before failing (the JDK calls the body's {@code onError} first, so it has usually ended
     * already and this does nothing). Loop thread; only once {@link #head()} is set.
     *
     * @param cause why the exchange failed
     * @return the body's reader: what was delivered, then the failure
     */
    StreamReader breakOff(Throwable cause) {
        BodyStream b = body;
        IOException broken = cause instanceof IOException io ? io
                : new IOException("the exchange failed after the head: " + cause, cause);
        try {
            // NOTE: queued, not done here: the body's signals the client posted before failing
            // the exchange are ahead in the loop's queue, even when the failure reached us
            // without a hop (a client that answers on the loop thread).
            loop.callSoon(() -> b.abort(broken));
        } catch (RejectedExecutionException closing) {
            b.abort(broken); // the closing loop ends the body anyway
        }
        return b.reader();
    }

    /** Stops the body, if one was made: nobody will read it. Loop thread. */
    void abandon() {
        BodyStream b = body;
        if (b != null) {
            b.abort(new IOException("the request was given up"));
        }
    }
}
