package dev.loopbridge.vertx;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import io.vertx.core.spi.context.executor.EventExecutorProvider;

import dev.loopbridge.core.EventLoop;

/**
 * Vert.x 5's {@link EventExecutorProvider} on LoopBridge loops: a Vert.x context created on a loop
 * thread runs its callbacks — handlers, future completions, timers — on that loop, in order with
 * the loop's own callbacks. Vert.x asks it on the thread that needs a context; any thread.
 *
 * <p>Vert.x finds it by itself, as a service ({@code META-INF/services/io.vertx.core.spi.VertxServiceProvider},
 * {@code provides} in the module), whenever it builds a {@code Vertx}. It asks for an executor when
 * code on a thread that is not one of its own needs a context ({@code vertx.getOrCreateContext()},
 * a client or a timer made there), and marks the context {@code ThreadingModel.EXTERNAL}. The loop
 * of a thread is, in this order:
 * <ul>
 *   <li>a loop {@linkplain #register registered} here whose thread it is (a loop of its own thread,
 *       {@code EventLoops.newDefault()}, must be registered);</li>
 *   <li>on the JavaFX Application Thread, {@code FxEventLoop.shared()} (with bridge-javafx);</li>
 *   <li>on the Swing Event Dispatch Thread, {@code SwingEventLoop.shared()} (with bridge-swing);</li>
 *   <li>on any other thread, none: Vert.x gives the context one of its own event loops.</li>
 * </ul>
 *
 * <p>What still runs on Vert.x's (Netty's) event loop threads: the I/O itself — socket reads and
 * writes, TLS, HTTP encoding and parsing, connection pools, DNS. Only what reaches user code is
 * handed to the loop. Blocking code ({@code executeBlocking}) runs on Vert.x's worker pool as usual.
 * After the loop closes, what Vert.x hands it is rejected ({@code RejectedExecutionException}).
 *
 * <pre>{@code
 * Vertx vertx = Vertx.vertx();
 * FxEventLoop.shared().execute(() -> {                 // on the FX thread
 *     HttpClient client = vertx.createHttpClient();
 *     client.request(HttpMethod.GET, 8080, "localhost", "/status")
 *           .compose(request -> request.send().compose(HttpClientResponse::body))
 *           .onSuccess(body -> status.setText(body.toString()));    // on the FX thread too
 * });
 * }</pre>
 */
public final class LoopExecutorProvider implements EventExecutorProvider {

    /** Loops registered by the application; the closed ones are dropped as they are found. */
    private static final CopyOnWriteArrayList<EventLoop> REGISTERED = new CopyOnWriteArrayList<>();

    /** Made by Vert.x through {@code ServiceLoader}; applications have no need of one. */
    public LoopExecutorProvider() {
    }

    /**
     * Makes Vert.x contexts created on {@code loop}'s thread from now on run on {@code loop}, until
     * it closes. Needed for a loop on a thread of its own; the toolkits' shared loops need none,
     * and a loop registered here is chosen over them on its thread. Any thread.
     *
     * @param loop the loop whose thread's new Vert.x contexts should run on it; not closed
     * @return {@code loop}
     * @throws IllegalArgumentException if {@code loop} is already closed
     */
    public static EventLoop register(EventLoop loop) {
        Objects.requireNonNull(loop, "loop");
        if (loop.isClosed()) {
            throw new IllegalArgumentException(loop + " is closed: Vert.x contexts cannot run on it");
        }
        REGISTERED.addIfAbsent(loop);
        return loop;
    }

    /** The loop whose thread {@code thread} is, or {@code null} to let Vert.x choose. */
    @Override
    public Executor eventExecutorFor(Thread thread) {
        if (thread != Thread.currentThread()) {
            return null; // Vert.x asks on the thread itself; a loop can only tell for the current one
        }
        REGISTERED.removeIf(EventLoop::isClosed);
        for (EventLoop loop : REGISTERED) {
            if (loop.inLoop()) {
                return loop;
            }
        }
        return ToolkitLoops.ofCurrentThread();
    }
}
