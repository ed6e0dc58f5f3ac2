package dev.loopbridge.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;

/**
 * Vert.x contexts made on a registered loop's thread run every callback there: contexts, the
 * HttpClient, the WebClient, timers, and Vert.x futures composed with loop futures.
 */
class LoopExecutorProviderTest {

    private static final VertxFixture VERTX = new VertxFixture();

    private final EventLoop loop = LoopExecutorProvider.register(EventLoops.newDefault());

    @AfterEach
    void closeLoop() {
        loop.close();
        assertEquals(List.of(), VERTX.offThread());
    }

    @AfterAll
    static void closeVertx() {
        VERTX.close();
    }

    @Test
    void aContextMadeOnTheLoopThreadRunsItsTasksOnTheLoop() {
        Context context = loop.runUntilComplete(loop.submit(VERTX.vertx::getOrCreateContext));
        assertEquals(ThreadingModel.EXTERNAL, context.threadingModel());
        LoopFuture<Boolean> ran = loop.newFuture();
        context.runOnContext(ignored -> ran.complete(loop.inLoop())); // from the test thread
        assertTrue(loop.runUntilComplete(ran));
    }

    @Test
    void aContextMadeOffTheLoopStaysOnVertxsEventLoop() {
        Context context = VertxFixture.await(VERTX.vertx.executeBlocking(() -> VERTX.vertx.getOrCreateContext()));
        assertEquals(ThreadingModel.EVENT_LOOP, context.threadingModel());
    }

    @Test
    void theHttpClientCallsBackOnTheLoop() {
        LoopFuture<String> body = loop.submit(() -> VERTX.get("/client", loop::inLoop).toCompletionStage())
                .thenCompose(stage -> stage);
        assertEquals("hello /client", loop.runUntilComplete(body));
    }

    @Test
    void theWebClientCallsBackOnTheLoop() {
        LoopFuture<String> body = loop.submit(() -> WebClient.create(VERTX.vertx)
                .get(VERTX.port, "127.0.0.1", "/web").send()
                .map(response -> {
                    VERTX.check("the WebClient's response", loop::inLoop);
                    return response.bodyAsString();
                })
                .toCompletionStage())
                .thenCompose(stage -> stage);
        assertEquals("hello /web", loop.runUntilComplete(body));
    }

    @Test
    void vertxTimersFireOnTheLoop() {
        LoopFuture<Boolean> fired = loop.newFuture();
        loop.execute(() -> VERTX.vertx.setTimer(10, id -> fired.complete(loop.inLoop())));
        assertTrue(loop.runUntilComplete(fired));
    }

    @Test
    void vertxFuturesComposeWithLoopFuturesBothWays() {
        LoopFuture<String> composed = loop.submit(() -> {
            Context context = VERTX.vertx.getOrCreateContext();
            Future<String> slept = Future.fromCompletionStage(loop.sleep(Duration.ofMillis(5)).thenApply(v -> "slept"), context);
            Future<String> then = slept.compose(s -> VERTX.get("/after", loop::inLoop).map(b -> s + ", then " + b));
            return loop.adopt(then.toCompletionStage()).thenApply(s -> loop.inLoop() ? s : "off the loop");
        }).thenCompose(f -> f);
        assertEquals("slept, then hello /after", loop.runUntilComplete(composed));
    }

    @Test
    void aClosedLoopCannotBeRegistered() {
        EventLoop closed = EventLoops.newDefault();
        closed.close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoopExecutorProvider.register(closed));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }
}
