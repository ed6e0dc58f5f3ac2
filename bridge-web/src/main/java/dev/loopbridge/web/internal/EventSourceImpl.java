package dev.loopbridge.web.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.web.EventSource;
import dev.loopbridge.web.HttpBodies;
import dev.loopbridge.web.ServerSentEvent;

/**
 * An {@link EventSource}: requests through the JDK client with {@code HttpBodies.send}, reads the
 * body through its {@code StreamReader} as {@link #next()} asks, parses with {@link SseParser},
 * and reconnects on the loop's timers. Loop thread only, except {@link #open}.
 *
 * <p>States: connecting (a request in flight, or the reconnection timer set) -> open (a body
 * being read) -> connecting ... ; -> ended (a 204, a refused reconnection, {@link #close()}), from
 * which nothing leaves. {@code opened} completes with the first answer: the source for a 200 with
 * {@code text/event-stream} or a 204, a failure otherwise — the first connection is not retried,
 * later ones are.
 *
 * <p>What an answer is depends on its status and content type alone, as the WHATWG specification
 * has it: once a 200 with {@code text/event-stream} came, the stream was established, and however
 * its body ends (the end of the body, a read error, before or after the first byte) the source
 * reconnects. {@code HttpBodies.send} hands the response over even when the JDK client fails the
 * exchange because the body broke off at once (see {@link ReaderExchange}), so only an exchange
 * that failed before any head came is a failed connection.
 */
public final class EventSourceImpl implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(EventSource.class);

    /** The reconnection delay until the server sets one, as browsers have it. */
    static final long DEFAULT_RETRY_MILLIS = 3000;

    /** The longest line, and the most data of one event. */
    static final int MAX_EVENT = 1 << 20;

    private static final int READ_SIZE = 16 * 1024;

    private final EventLoop loop;
    private final HttpClient client;
    private final HttpRequest request;
    private final LoopFuture<EventSource> opened;

    // Loop thread only.
    private final ArrayDeque<ServerSentEvent> events = new ArrayDeque<>();
    private final ArrayDeque<LoopFuture<ServerSentEvent>> waiters = new ArrayDeque<>();
    private String lastEventId = "";
    private long retryMillis = DEFAULT_RETRY_MILLIS;
    private LoopFuture<HttpResponse<StreamReader>> exchange;
    private StreamReader body;
    private SseParser parser;
    private LoopFuture<byte[]> reading;
    private TimerHandle reconnect;
    private boolean ended;
    /** {@link #close()} was called. */
    private boolean closed;
    /** Why it ended, for {@code next()}; null for a normal end. */
    private IOException failure;
    private boolean pumping;
    private boolean pumpAgain;

    private EventSourceImpl(EventLoop loop, HttpClient client, HttpRequest request) {
        this.loop = loop;
        this.client = client;
        this.request = request;
        this.opened = loop.newFuture();
    }

    /**
     * {@code HttpBodies.serverSentEvents}. Any thread.
     *
     * @param loop the loop
     * @param client the client
     * @param request the request
     * @return a future completed on the first answer
     */
    public static LoopFuture<EventSource> open(EventLoop loop, HttpClient client, HttpRequest request) {
        EventSourceImpl source = new EventSourceImpl(loop, client, request);
        source.opened.whenCancelled(() -> source.closeInLoop());
        loop.callSoon(source::connect);
        return source.opened;
    }

    private void closeInLoop() {
        if (loop.inLoop()) {
            close();
        } else {
            loop.callSoon(this::close);
        }
    }

    private void connect() {
        reconnect = null;
        if (ended) {
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Last-Event-ID"))
                .setHeader("Accept", "text/event-stream")
                .setHeader("Cache-Control", "no-cache");
        if (!lastEventId.isEmpty()) {
            b.setHeader("Last-Event-ID", lastEventId);
        }
        LoopFuture<HttpResponse<StreamReader>> f = HttpBodies.send(loop, client, b.build(), HttpBodies.ofStreamReader(loop));
        exchange = f;
        f.whenComplete((response, error) -> {
            if (exchange == f) {
                exchange = null;
                answered(response, error);
            } else if (response != null) {
                abortBody(response.body()); // a request given up meanwhile
            }
        });
    }

    private void answered(HttpResponse<StreamReader> response, Throwable error) {
        if (ended) {
            if (response != null) {
                abortBody(response.body());
            }
            return;
        }
        if (error != null) {
            connectionFailed(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            return;
        }
        int status = response.statusCode();
        HttpHeaders headers = response.headers();
        StreamReader reader = response.body();
        if (status == 204) {
            abortBody(reader);
            end(null); // the server says: do not reconnect
            opened.complete(this);
            return;
        }
        String type = headers.firstValue("Content-Type").orElse("");
        if (status != 200 || !isEventStream(type)) {
            abortBody(reader);
            IOException refused = new IOException(request.uri() + " answered " + status
                    + (type.isEmpty() ? " with no Content-Type" : " with Content-Type " + type)
                    + " (expected: 200 with text/event-stream, or 204 to stop)");
            if (!opened.isDone()) {
                ended = true;
                opened.completeExceptionally(refused);
            } else {
                end(refused);
            }
            return;
        }
        body = reader;
        parser = new SseParser(lastEventId, MAX_EVENT, new SseParser.Listener() {
            @Override
            public void event(ServerSentEvent event) {
                events.add(event);
            }

            @Override
            public void retry(long millis) {
                retryMillis = millis;
            }
        });
        opened.complete(this);
        pump();
    }

    /** No answer came: fatal for the first connection, retried after the delay for later ones. */
    private void connectionFailed(Throwable cause) {
        if (!opened.isDone()) {
            ended = true;
            opened.completeExceptionally(cause);
        } else {
            LOG.debug("{}: reconnecting to {} failed ({}); trying again in {} ms", this, request.uri(), cause, retryMillis);
            scheduleReconnect();
        }
    }

    private static boolean isEventStream(String contentType) {
        int semicolon = contentType.indexOf(';');
        String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return essence.toLowerCase(Locale.ROOT).equals("text/event-stream");
    }

    /**
     * Hands out what events allow and reads when a waiter has none: reads completed at once (bytes
     * already buffered) are handled in this loop, not by recursion.
     */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                handOut();
                if (reading == null && body != null && !ended && !waiters.isEmpty() && events.isEmpty()) {
                    LoopFuture<byte[]> r = body.read(READ_SIZE);
                    reading = r;
                    r.whenComplete((bytes, error) -> {
                        if (reading == r) {
                            reading = null;
                            received(bytes, error);
                        }
                        pump();
                    });
                }
            } while (pumpAgain);
        } finally {
            pumping = false;
        }
    }

    private void handOut() {
        while (!waiters.isEmpty() && (!events.isEmpty() || ended)) {
            LoopFuture<ServerSentEvent> w = waiters.poll();
            if (!events.isEmpty()) {
                ServerSentEvent e = events.poll();
                if (!w.complete(e)) {
                    events.addFirst(e); // cancelled meanwhile: the event goes to the next call
                }
            } else if (failure != null) {
                w.completeExceptionally(failure);
            } else {
                w.complete(null);
            }
        }
    }

    private void received(byte[] bytes, Throwable error) {
        if (ended) {
            return;
        }
        if (error != null || bytes.length == 0) {
            streamLost(error);
            return;
        }
        try {
            parser.feed(bytes, 0, bytes.length);
            lastEventId = parser.lastEventId();
        } catch (IOException tooLong) {
            abortBody(body);
            body = null;
            end(new IOException(request.uri() + " sent " + tooLong.getMessage() + "; the source stopped", tooLong));
        }
    }

    private void streamLost(Throwable error) {
        parser.endOfStream(); // an unfinished event is discarded
        lastEventId = parser.lastEventId();
        body = null;
        parser = null;
        LOG.debug("{}: the stream from {} ended ({}); reconnecting in {} ms", this, request.uri(),
                error == null ? "end of body" : error, retryMillis);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        try {
            reconnect = loop.callLater(Duration.ofMillis(retryMillis), this::connect);
        } catch (RejectedExecutionException closing) {
            end(new IOException("the loop " + loop + " closed: " + request.uri() + " is not reconnected", closing));
        }
    }

    private void end(IOException cause) {
        ended = true;
        failure = cause;
        if (reconnect != null) {
            reconnect.cancel();
            reconnect = null;
        }
        pump();
    }

    private static void abortBody(StreamReader reader) {
        if (reader instanceof BodyReader b) {
            b.abort();
        }
    }

    private void checkInLoop(String method) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("EventSource." + method + " must be called on the thread of its loop (" + loop
                    + "), not on \"" + Thread.currentThread().getName() + "\"; hand it over with loop.callSoon(...)");
        }
    }

    // ---- EventSource ----

    @Override
    public LoopFuture<ServerSentEvent> next() {
        checkInLoop("next");
        LoopFuture<ServerSentEvent> f = loop.newFuture();
        if (!events.isEmpty()) {
            f.complete(events.poll());
            return f;
        }
        if (ended) {
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(null);
            }
            return f;
        }
        waiters.add(f);
        f.whenCancelled(() -> waiters.remove(f));
        pump();
        return f;
    }

    @Override
    public String lastEventId() {
        checkInLoop("lastEventId");
        return lastEventId;
    }

    @Override
    public void close() {
        checkInLoop("close");
        events.clear();
        if (closed) {
            return;
        }
        closed = true;
        failure = null;
        ended = true; // before anything below completes a future whose dependents could look
        LoopFuture<HttpResponse<StreamReader>> inFlight = exchange;
        exchange = null;
        if (inFlight != null) {
            inFlight.cancel(true); // aborts the request
        }
        LoopFuture<byte[]> pending = reading;
        reading = null;
        if (pending != null) {
            pending.cancel(false);
        }
        if (body != null) {
            abortBody(body);
            body = null;
        }
        end(null);
        opened.cancel(false); // if nobody had the source yet, the wait for it ends here
    }

    @Override
    public String toString() {
        return "EventSource[" + request.uri() + (ended ? ", ended" : body != null ? ", open" : ", connecting") + "]";
    }
}
