package dev.loopbridge.web;

import java.io.IOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.LongSupplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link HttpClient} whose answers the test scripts, one per request, played on the thread that
 * sends (the loop thread) and, for bodies, on the thread that requests them: the orders the JDK
 * client produces only now and then, every time. Chiefly {@link #brokenBeforeHandedOver}: the head
 * came, the body delivered what it had and broke off, and the exchange itself fails with the body's
 * error, as the JDK client does when it reads the head and the end of the connection together
 * (its body parser fails the exchange before the response has been handed over).
 */
final class ScriptedHttpClient extends HttpClient {

    /** The message of {@link #brokenBeforeHandedOver}'s failure: the JDK's for a chunked body cut off between chunks. */
    static final String BROKEN = "chunked transfer encoding, state: READING_LENGTH";

    /** One scripted answer. */
    interface Answer {
        <T> CompletableFuture<HttpResponse<T>> play(HttpRequest request, BodyHandler<T> handler);
    }

    private final LongSupplier clockNanos;
    private final ArrayDeque<Answer> script;
    private final List<String> log = new CopyOnWriteArrayList<>();

    /**
     * @param clockNanos the clock the log's times come from (the loop's)
     * @param answers the answers, in the order of the requests; a request past them fails the test
     */
    ScriptedHttpClient(LongSupplier clockNanos, Answer... answers) {
        this.clockNanos = clockNanos;
        this.script = new ArrayDeque<>(List.of(answers));
    }

    /** One line a request: {@code "at T ms last-event-id=X"} ({@code -} without the header). */
    List<String> log() {
        return List.copyOf(log);
    }

    // ---- answers ----

    /**
     * The head, then {@code body} and the end of the connection: the exchange fails with the body's
     * error. The failure is signalled as the JDK client does: the body's {@code onError} first,
     * then the exchange, which a thread of the client's own fails (the loop gets it through its
     * queue); with {@code onTheLoopThread} the exchange fails where the body was requested instead
     * (the loop thread), so its failure reaches the loop before the body's signals do.
     */
    static Answer brokenBeforeHandedOver(int status, String contentType, String body, boolean onTheLoopThread) {
        return new Answer() {
            @Override
            public <T> CompletableFuture<HttpResponse<T>> play(HttpRequest request, BodyHandler<T> handler) {
                CompletableFuture<HttpResponse<T>> exchange = new CompletableFuture<>();
                IOException broken = new IOException(BROKEN);
                BodySubscriber<T> subscriber = handler.apply(new Head(status, headers(contentType)));
                subscriber.onSubscribe(new Body(subscriber, body, () -> {
                    subscriber.onError(broken);
                    if (onTheLoopThread) {
                        exchange.completeExceptionally(broken);
                    } else {
                        Thread client = Thread.ofPlatform().name("scripted-client").start(
                                () -> exchange.completeExceptionally(broken));
                        try {
                            client.join(); // it only queues the failure for the loop: no wait on the loop
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new AssertionError(e);
                        }
                    }
                }));
                return exchange;
            }
        };
    }

    /** The head, then {@code body} and its clean end: a response. */
    static Answer answered(int status, String contentType, String body) {
        return new Answer() {
            @Override
            public <T> CompletableFuture<HttpResponse<T>> play(HttpRequest request, BodyHandler<T> handler) {
                Head head = new Head(status, headers(contentType));
                BodySubscriber<T> subscriber = handler.apply(head);
                subscriber.onSubscribe(new Body(subscriber, body, subscriber::onComplete));
                return subscriber.getBody().toCompletableFuture()
                        .thenApply(b -> new Response<>(status, request, head.headers(), b));
            }
        };
    }

    /**
     * The head, then a body that delivers nothing and an exchange that never completes until it is
     * cancelled: what a cancel finds while the client is about to hand the response over.
     */
    static final class Held implements Answer {
        private volatile CompletableFuture<?> exchange;
        private volatile boolean bodyCancelled;

        @Override
        public <T> CompletableFuture<HttpResponse<T>> play(HttpRequest request, BodyHandler<T> handler) {
            CompletableFuture<HttpResponse<T>> pending = new CompletableFuture<>();
            exchange = pending;
            handler.apply(new Head(200, headers("text/plain"))).onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    // nothing arrives
                }

                @Override
                public void cancel() {
                    bodyCancelled = true;
                }
            });
            return pending;
        }

        /** Whether the exchange was cancelled (with {@code cancel(true)} or not: the JDK aborts either way). */
        boolean exchangeCancelled() {
            return exchange != null && exchange.isCancelled();
        }

        /** Whether the body's subscription was cancelled. */
        boolean bodyCancelled() {
            return bodyCancelled;
        }
    }

    /** No head at all: the connection was refused. */
    static Answer refused() {
        return new Answer() {
            @Override
            public <T> CompletableFuture<HttpResponse<T>> play(HttpRequest request, BodyHandler<T> handler) {
                return CompletableFuture.failedFuture(new ConnectException("Connection refused"));
            }
        };
    }

    private static HttpHeaders headers(String contentType) {
        return HttpHeaders.of(contentType.isEmpty() ? Map.of() : Map.of("Content-Type", List.of(contentType)),
                (name, value) -> true);
    }

    /** A body of one chunk delivered on the first request, then {@code end}; cancel does nothing more. */
    private static final class Body implements Flow.Subscription {
        private final BodySubscriber<?> subscriber;
        private final byte[] bytes;
        private final Runnable end;
        private boolean done;

        Body(BodySubscriber<?> subscriber, String body, Runnable end) {
            this.subscriber = subscriber;
            this.bytes = body.getBytes(StandardCharsets.UTF_8);
            this.end = end;
        }

        @Override
        public void request(long n) {
            if (done) {
                return;
            }
            done = true;
            if (bytes.length > 0) {
                subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
            }
            end.run();
        }

        @Override
        public void cancel() {
            done = true;
        }
    }

    private record Head(int statusCode, HttpHeaders headers) implements HttpResponse.ResponseInfo {
        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    private record Response<T>(int statusCode, HttpRequest request, HttpHeaders headers, T body)
            implements HttpResponse<T> {
        @Override
        public Optional<HttpResponse<T>> previousResponse() {
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
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    // ---- HttpClient ----

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler) {
        log.add("at " + clockNanos.getAsLong() / 1_000_000 + " ms last-event-id="
                + request.headers().firstValue("Last-Event-ID").orElse("-"));
        Answer next = script.poll();
        if (next == null) {
            throw new AssertionError("request " + log.size() + " is past the script: " + log);
        }
        return next.play(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler,
            PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler) {
        throw new UnsupportedOperationException("scripted: sendAsync only");
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.empty();
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        throw new UnsupportedOperationException("scripted: no TLS");
    }

    @Override
    public SSLParameters sslParameters() {
        return new SSLParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.empty();
    }
}
