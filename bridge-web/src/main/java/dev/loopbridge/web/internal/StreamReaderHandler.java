package dev.loopbridge.web.internal;

import java.net.http.HttpResponse;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.StreamReader;

/**
 * The body handler of {@code HttpBodies.ofStreamReader}: each body a {@link BodyStream} on the
 * loop. One handler may serve many exchanges, so {@code HttpBodies.send} gives each exchange its
 * own {@link ReaderExchange}, which also keeps the head it answered. Any thread.
 *
 * @param loop the loop whose thread reads the bodies
 * @param limit each reader's limit in bytes
 */
public record StreamReaderHandler(EventLoop loop, int limit) implements HttpResponse.BodyHandler<StreamReader> {

    /**
     * A body for a response that {@code HttpClient.sendAsync} got without {@code HttpBodies.send}.
     * The client's thread.
     *
     * @param info the head
     * @return the body
     */
    @Override
    public HttpResponse.BodySubscriber<StreamReader> apply(HttpResponse.ResponseInfo info) {
        return new BodyStream(loop, limit);
    }

    /**
     * The handler of one exchange of {@code HttpBodies.send}. Any thread.
     *
     * @return a handler that makes the body as {@link #apply} does and keeps the head
     */
    public ReaderExchange newExchange() {
        return new ReaderExchange(loop, limit);
    }
}
