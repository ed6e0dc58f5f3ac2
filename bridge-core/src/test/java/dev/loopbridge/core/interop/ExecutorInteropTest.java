package dev.loopbridge.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.core.Single;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * The real libraries, handed {@link EventLoop#asScheduledExecutorService()} (or the loop as an
 * {@code Executor}), deliver on the loop thread: Reactor, RxJava 3, {@code CompletableFuture}'s
 * async methods and the JDK {@code HttpClient}.
 */
class ExecutorInteropTest {

    private static final Duration TIMEOUT = TestTimeouts.TIMEOUT;

    private final EventLoop loop = EventLoops.newDefault();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private void assertTheLoopRunsOn() {
        assertEquals("alive", loop.runUntilComplete(loop.submit(() -> "alive")));
    }

    @Test
    void reactorSignalsArriveOnTheLoopThread() {
        Scheduler scheduler = Schedulers.fromExecutorService(loop.asScheduledExecutorService(), "loop");
        try {
            assertEquals(List.of(true, true, true), Flux.range(1, 3).publishOn(scheduler)
                    .map(i -> loop.inLoop()).collectList().block(TIMEOUT));
            assertEquals(List.of(0L, 1L, 2L), Flux.interval(Duration.ofMillis(5), scheduler).take(3)
                    .filter(i -> loop.inLoop()).collectList().block(TIMEOUT));
            assertEquals(true, Mono.delay(Duration.ofMillis(10), scheduler).map(i -> loop.inLoop()).block(TIMEOUT));
            assertEquals(true, Mono.fromCallable(loop::inLoop).subscribeOn(scheduler).block(TIMEOUT));
        } finally {
            scheduler.dispose();
        }
        assertTheLoopRunsOn(); // disposing the scheduler shut its view down, not the loop
    }

    @Test
    void rxJavaSignalsArriveOnTheLoopThread() {
        io.reactivex.rxjava3.core.Scheduler scheduler =
                io.reactivex.rxjava3.schedulers.Schedulers.from(loop.asScheduledExecutorService());
        assertEquals(List.of(true, true, true), Observable.range(1, 3).observeOn(scheduler)
                .map(i -> loop.inLoop()).toList().timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).blockingGet());
        assertEquals(List.of(0L, 1L, 2L), Observable.interval(5, TimeUnit.MILLISECONDS, scheduler).take(3)
                .filter(i -> loop.inLoop()).toList().timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).blockingGet());
        assertEquals(true, Single.timer(10, TimeUnit.MILLISECONDS, scheduler).map(i -> loop.inLoop())
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).blockingGet());
        assertEquals(true, Single.fromCallable(loop::inLoop).subscribeOn(scheduler)
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).blockingGet());
        scheduler.shutdown();
        assertTheLoopRunsOn();
    }

    @Test
    void completableFutureAsyncMethodsRunOnTheLoopThread() throws Exception {
        ScheduledExecutorService view = loop.asScheduledExecutorService();
        assertTrue(CompletableFuture.supplyAsync(loop::inLoop, view).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(CompletableFuture.supplyAsync(loop::inLoop, loop).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        CompletableFuture<Boolean> chained = CompletableFuture.supplyAsync(() -> 21)
                .thenApplyAsync(v -> v * 2 == 42 && loop.inLoop(), view);
        assertTrue(chained.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void theJdkHttpClientCompletesOnTheLoopThread() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hello", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        List<String> offLoop = new CopyOnWriteArrayList<>();
        try (HttpClient client = HttpClient.newBuilder().executor(loop.asScheduledExecutorService()).build()) {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hello");
            HttpResponse.BodyHandler<String> handler = info -> {
                if (!loop.inLoop()) {
                    offLoop.add("the body handler");
                }
                return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                        text -> {
                            if (!loop.inLoop()) {
                                offLoop.add("the body subscriber's completion");
                            }
                            return text;
                        });
            };
            // The client completes sendAsync's own future off its executor, on purpose (so that
            // dependents cannot hold up the exchange); adopt() brings the result onto the loop.
            LoopFuture<String> body = loop.adopt(client.sendAsync(HttpRequest.newBuilder(uri).build(), handler))
                    .thenApply(response -> (loop.inLoop() ? "on the loop: " : "elsewhere: ") + response.body());
            assertEquals("on the loop: hello", loop.runUntilComplete(body));
            assertEquals(List.of(), offLoop);
        } finally {
            server.stop(0);
        }
        assertTheLoopRunsOn();
    }
}
