package dev.loopbridge.web;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.web.internal.BodyReader;
import dev.loopbridge.web.internal.BodyStream;
import dev.loopbridge.web.internal.EventSourceImpl;
import dev.loopbridge.web.internal.ReaderExchange;
import dev.loopbridge.web.internal.StreamReaderHandler;

/**
 * The JDK's {@link HttpClient} on the loop: responses, bodies and Server-Sent Events whose futures
 * complete on the loop thread (the FX thread, the EDT, the default loop's thread), so code that
 * uses them needs no {@code Platform.runLater}. The client keeps its own threads for the network;
 * what it delivers is handed to the loop, one hop per response and per body chunk.
 *
 * <p>{@link #send} is {@code HttpClient.sendAsync} with a {@link LoopFuture} whose cancel aborts
 * the exchange; {@link #ofStreamReader} reads a body through the loop's {@link StreamReader}
 * (asyncio's {@code StreamReader} over aiohttp's {@code response.content}), with the client's
 * demand driven by the reads; {@link #serverSentEvents} is the browser's {@code EventSource}.
 *
 * <pre>{@code
 * HttpClient client = HttpClient.newHttpClient();
 * HttpBodies.send(loop, client, HttpRequest.newBuilder(uri).build(), HttpBodies.ofStreamReader(loop))
 *         .thenCompose(response -> response.body().forEachLine(log.getItems()::add));  // on the loop thread
 * }</pre>
 *
 * <p>Thread rules: {@link #send}, {@link #ofStreamReader} and {@link #serverSentEvents} may be
 * called from any thread; {@link #abort} and the {@code StreamReader} of a body only on the loop
 * thread. Module path: this class uses {@code java.net.http}, which {@code dev.loopbridge.web}
 * requires {@code static} (WebSocket users need no HTTP client in their image): a module that
 * calls it {@code requires java.net.http} itself, as it must to build an {@code HttpClient}.
 */
public final class HttpBodies {

    /** The default limit of a body's {@code StreamReader}, as for sockets and pipes. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    private HttpBodies() {
    }

    /**
     * Sends {@code request} with {@code client} ({@link HttpClient#sendAsync}) and completes the
     * result on the loop thread. Cancelling the result aborts the exchange (as
     * {@code cancel(true)} on the client's future: with HTTP/1.1 the connection is closed); a
     * response whose body is read through {@link #ofStreamReader} and arrives after the cancel is
     * aborted too. Any thread.
     *
     * <p>With a handler of {@link #ofStreamReader}, the response is the answer: once its head
     * (status and headers) came, the result completes with the response however soon its body
     * breaks off, and the body's reads fail with the error after the bytes that arrived. (The JDK
     * client, when it reads the head and the end of the connection together, can fail the exchange
     * with the body's error instead of handing the response over; {@code send} then completes with
     * a response made from the head the handler was given, whose {@code uri()} is the request's,
     * with no TLS session and no previous response.) Only an exchange that fails before any head
     * came fails the result. {@code HttpClient.sendAsync} with that handler, without {@code send},
     * keeps the client's behaviour.
     *
     * @param <T> the body type
     * @param loop the loop to complete on
     * @param client the client
     * @param request the request
     * @param handler how the body is received
     * @return a future with the response, completed on the loop thread; it fails as
     *         {@code sendAsync}'s does (an {@code IOException} for a network failure), with a
     *         handler of {@link #ofStreamReader} only when no head came
     * @throws RejectedExecutionException if the loop is closed
     */
    public static <T> LoopFuture<HttpResponse<T>> send(EventLoop loop, HttpClient client, HttpRequest request,
            BodyHandler<T> handler) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        if (loop.isClosed()) {
            throw new RejectedExecutionException(loop + " is closed");
        }
        if (handler instanceof StreamReaderHandler readers) {
            ReaderExchange reading = readers.newExchange();
            LoopFuture<HttpResponse<StreamReader>> result = exchange(loop, client, request, reading,
                    error -> reading.brokenOff(request, error), reading::abandon);
            @SuppressWarnings("unchecked") // T is StreamReader: a StreamReaderHandler is a BodyHandler<StreamReader>
            LoopFuture<HttpResponse<T>> same = (LoopFuture<HttpResponse<T>>) (LoopFuture<?>) result;
            return same;
        }
        return exchange(loop, client, request, handler, error -> null, () -> { });
    }

    /**
     * {@link #send}: {@code afterHead} makes the response of an exchange that failed after its
     * head came (null if none came), {@code abandon} stops a body nobody will get.
     */
    private static <T> LoopFuture<HttpResponse<T>> exchange(EventLoop loop, HttpClient client, HttpRequest request,
            BodyHandler<T> handler, Function<Throwable, HttpResponse<T>> afterHead, Runnable abandon) {
        CompletableFuture<HttpResponse<T>> exchange = client.sendAsync(request, handler);
        // A plain stage for the loop to adopt: its cancel(false) would mark the client's future
        // cancelled without aborting anything, and then cancel(true) would come too late.
        CompletableFuture<HttpResponse<T>> answer = new CompletableFuture<>();
        exchange.whenComplete((response, error) -> {
            if (error == null) {
                answer.complete(response);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            HttpResponse<T> answered = cause instanceof CancellationException ? null : afterHead.apply(cause);
            if (answered != null) {
                answer.complete(answered);
            } else {
                answer.completeExceptionally(cause);
            }
        });
        LoopFuture<HttpResponse<T>> result = loop.adopt(answer);
        result.whenCancelled(() -> {
            exchange.cancel(true);
            abandon.run();
            exchange.thenAccept(late -> {
                if (late.body() instanceof BodyReader body) {
                    try {
                        loop.callSoon(body::abort);
                    } catch (RejectedExecutionException closed) {
                        // the closing loop aborts the body itself
                    }
                }
            });
        });
        return result;
    }

    /**
     * A body handler whose body is a {@link StreamReader} on {@code loop}, with the default limit
     * ({@value #DEFAULT_LIMIT} bytes). Any thread.
     *
     * @param loop the loop whose thread reads the body
     * @return a handler for {@link #send} (or {@code HttpClient.sendAsync})
     * @see #ofStreamReader(EventLoop, int)
     */
    public static BodyHandler<StreamReader> ofStreamReader(EventLoop loop) {
        return ofStreamReader(loop, DEFAULT_LIMIT);
    }

    /**
     * A body handler whose body is a {@link StreamReader} on {@code loop}: its reads are the body,
     * and the response completes as soon as the headers are in. The client is asked for the body
     * as the reads take it: with more than twice {@code limit} bytes read ahead and no read
     * waiting, the client stops reading the connection, so a slow reader never buffers the whole
     * body. At the end of the body the reads give end of stream ({@code read} an empty array,
     * {@code readLine} {@code null}); a body that breaks off, however soon after the head (before
     * its first byte too), fails them with the client's {@code IOException} once the bytes that
     * arrived are read, and through {@link #send} its response is handed over all the same. A body no longer wanted is stopped with {@link #abort}; closing the
     * loop stops it too. Any thread; the reader, loop thread only.
     *
     * @param loop the loop whose thread reads the body
     * @param limit the reader's limit in bytes, more than 0
     * @return a handler for {@link #send} (or {@code HttpClient.sendAsync})
     * @throws IllegalArgumentException if {@code limit <= 0}, or {@code loop} was not made by LoopBridge
     */
    public static BodyHandler<StreamReader> ofStreamReader(EventLoop loop, int limit) {
        Objects.requireNonNull(loop, "loop");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        BodyStream.check(loop); // fail now, not on the client's thread, for a loop we cannot feed
        return new StreamReaderHandler(loop, limit);
    }

    /**
     * Stops receiving a body read through {@link #ofStreamReader}: the client is told to cancel
     * (with HTTP/1.1 it closes the connection) and the reads that what is buffered cannot serve
     * fail with an {@code IOException}. Does nothing once the body has ended. Loop thread.
     *
     * @param body the body of a response received with {@link #ofStreamReader}
     * @throws IllegalArgumentException if {@code body} did not come from {@link #ofStreamReader}
     * @throws IllegalStateException off the body's loop thread
     */
    public static void abort(StreamReader body) {
        Objects.requireNonNull(body, "body");
        if (!(body instanceof BodyReader reader)) {
            throw new IllegalArgumentException(body + " is not a body read through HttpBodies.ofStreamReader");
        }
        reader.checkedAbort();
    }

    /**
     * Opens a Server-Sent Events stream ({@code text/event-stream}, WHATWG HTML §9.2): sends
     * {@code request} (its method, URI and headers) with {@code Accept: text/event-stream}, and on
     * a 200 with that content type completes with an {@link EventSource} that parses the events
     * as they are asked for and reconnects (with {@code Last-Event-ID}) when the stream ends.
     * A 204 completes with a source that is already at its end. Any other answer, or a network
     * failure before an answer came, fails the result with an {@code IOException}: the first
     * connection is not retried, later ones are. The answer alone decides: a 200 with
     * {@code text/event-stream} whose body then ends or breaks off, however soon (before its first
     * byte too), completes the result and the source reconnects. Cancelling the result before it
     * completes aborts the request. Any thread.
     *
     * @param loop the loop whose thread the source runs on
     * @param client the client
     * @param request the request: usually a GET of the stream's URI
     * @return a future with the source, completed on the loop thread
     * @throws RejectedExecutionException if the loop is closed
     * @throws IllegalArgumentException if {@code loop} was not made by LoopBridge
     */
    public static LoopFuture<EventSource> serverSentEvents(EventLoop loop, HttpClient client, HttpRequest request) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(request, "request");
        BodyStream.check(loop); // fail now for a loop we cannot feed
        return EventSourceImpl.open(loop, client, request);
    }
}
