package dev.loopbridge.javafx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/**
 * Run in a JVM of its own by {@link FxExitTest}: starts the toolkit and calls
 * {@link FxAsync#exitGracefully} from the main thread with a cleanup that either finishes after a
 * loop sleep ({@code finishes}) or never does ({@code hangs}, bounded by a short limit). Prints the
 * order of events and how long the exit waited; exits 0 when the toolkit exited after the cleanup
 * (or the limit) and its loop is closed.
 */
public final class FxExitGracefullyProbe {

    /** The cleanup's own duration when it finishes, and the limit when it hangs. */
    static final Duration CLEANUP = Duration.ofMillis(300);

    private FxExitGracefullyProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean hangs = args.length == 1 && args[0].equals("hangs");
        CompletableFuture<Void> up = new CompletableFuture<>();
        Platform.startup(() -> up.complete(null));
        up.get(10, TimeUnit.SECONDS);
        EventLoop loop = FxEventLoop.shared();
        LoopFuture<Void> pending = loop.sleep(Duration.ofHours(1));   // cancelled when the loop closes
        List<String> events = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        LoopFuture<Void> exited = FxAsync.exitGracefully(() -> {
            events.add("cleanup started on the FX thread: " + Platform.isFxApplicationThread());
            if (hangs) {
                return new CompletableFuture<Void>();
            }
            return loop.sleep(CLEANUP).thenRun(() -> events.add("cleanup finished"));
        }, hangs ? CLEANUP : Duration.ofSeconds(30));
        exited.get(20, TimeUnit.SECONDS);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        events.add("exit called");
        try {
            pending.get(10, TimeUnit.SECONDS);
        } catch (CancellationException expected) {
            events.add("toolkit exited, loop closed: " + loop.isClosed());
        }
        events.forEach(System.out::println);
        System.out.println("waited at least the cleanup: " + (waitedMillis >= CLEANUP.toMillis()) + " (" + waitedMillis + " ms)");
        List<String> expected = hangs
                ? List.of("cleanup started on the FX thread: true", "exit called", "toolkit exited, loop closed: true")
                : List.of("cleanup started on the FX thread: true", "cleanup finished", "exit called",
                        "toolkit exited, loop closed: true");
        System.exit(events.equals(expected) && waitedMillis >= CLEANUP.toMillis() ? 0 : 1);
    }
}
