package dev.loopbridge.vertx;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;

import dev.loopbridge.core.tck.TestTimeouts;

/**
 * A Vert.x instance with an HTTP server on 127.0.0.1 that answers "hello " and the path, and a
 * record of the callbacks that ran off the thread they should have run on.
 */
final class VertxFixture implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final int port;
    private final List<String> offThread = new CopyOnWriteArrayList<>();

    VertxFixture() {
        HttpServer server = await(vertx.createHttpServer()
                .requestHandler(request -> request.response().end("hello " + request.path()))
                .listen(0, "127.0.0.1"));
        port = server.actualPort();
    }

    static <T> T await(Future<T> future) {
        return await(future.toCompletionStage());
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Notes {@code what} if {@code onThread} says the callback is off the thread it belongs on. */
    void check(String what, BooleanSupplier onThread) {
        if (!onThread.getAsBoolean()) {
            offThread.add(what + " on thread \"" + Thread.currentThread().getName() + "\"");
        }
    }

    /** The callbacks that ran off their thread so far. */
    List<String> offThread() {
        return List.copyOf(offThread);
    }

    /**
     * GETs {@code path} with a Vert.x HttpClient made on the calling thread, checking on each
     * callback that it runs on the thread {@code onThread} accepts; the body as a string.
     */
    Future<String> get(String path, BooleanSupplier onThread) {
        HttpClient client = vertx.createHttpClient();
        return client.request(HttpMethod.GET, port, "127.0.0.1", path)
                .compose(request -> {
                    check("the request callback", onThread);
                    return request.send();
                })
                .compose(response -> {
                    check("the response callback", onThread);
                    return response.body();
                })
                .map(body -> {
                    check("the body callback", onThread);
                    return body.toString();
                })
                .onComplete(done -> {
                    check("the completion callback", onThread);
                    client.close();
                });
    }

    @Override
    public void close() {
        await(vertx.close());
    }
}
