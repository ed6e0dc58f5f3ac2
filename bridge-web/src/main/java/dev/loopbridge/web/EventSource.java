package dev.loopbridge.web;

import dev.loopbridge.core.LoopFuture;

/**
 * A Server-Sent Events stream ({@code text/event-stream}) read on the loop: the browser's
 * {@code EventSource}, with futures instead of listeners. Made by
 * {@link HttpBodies#serverSentEvents}. Loop thread only: {@link #next()}, {@link #close()} and
 * {@link #lastEventId()} throw {@link IllegalStateException} on any other thread; the futures
 * complete on the loop thread.
 *
 * <p>When the stream ends or the connection drops — however soon after the answer, even before
 * its first byte — the source reconnects after the reconnection
 * delay (3 seconds, or what the server's last {@code retry} field said), on the loop's timers,
 * sending the last event ID in a {@code Last-Event-ID} header; an event the connection dropped in
 * the middle of is never delivered. It stops for good when
 * <ul>
 *   <li>the server answers {@code 204 No Content}: {@code next()} gives {@code null} after the
 *       events already received;</li>
 *   <li>a reconnection is answered with another status than 200, or not with
 *       {@code text/event-stream}: {@code next()} fails with an {@link java.io.IOException}
 *       naming it, after the events already received;</li>
 *   <li>{@link #close()} is called: {@code next()} gives {@code null} at once.</li>
 * </ul>
 *
 * <p>Events are read as {@code next()} asks for them: a consumer that stops asking stops the
 * reading, and the server is held back by TCP (the body reader's limit), so a fast server never
 * grows memory without bound.
 *
 * <pre>{@code
 * HttpBodies.serverSentEvents(loop, client, HttpRequest.newBuilder(uri).build())
 *         .thenAccept(source -> show(source));
 *
 * void show(EventSource source) {
 *     source.next().thenAccept(e -> {
 *         if (e != null) {
 *             prices.getItems().add(e.data());   // on the FX thread
 *             show(source);
 *         }
 *     });
 * }
 * }</pre>
 */
public interface EventSource extends AutoCloseable {

    /**
     * The next event: one already received, or the next to arrive (across reconnections).
     * Several calls may wait at once; they are served in order. Cancelling the future gives up
     * the wait; the event it would have had goes to the next call.
     *
     * @return a future with the next event, or {@code null} at the end (a 204, or {@link #close()});
     *         it fails with an {@link java.io.IOException} if a reconnection was refused
     * @throws IllegalStateException off the loop thread
     */
    LoopFuture<ServerSentEvent> next();

    /**
     * The last event ID in force: what a reconnection sends as {@code Last-Event-ID}.
     *
     * @return the last event ID, empty if the server never set one
     * @throws IllegalStateException off the loop thread
     */
    String lastEventId();

    /**
     * Stops the source for good: the connection is closed (or the request in flight aborted), no
     * reconnection happens, events not yet taken are dropped and every waiting and later
     * {@link #next()} gives {@code null}. Idempotent.
     *
     * @throws IllegalStateException off the loop thread
     */
    @Override
    void close();
}
