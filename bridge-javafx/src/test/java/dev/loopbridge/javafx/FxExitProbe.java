package dev.loopbridge.javafx;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/**
 * Run in a JVM of its own by {@link FxExitTest}: starts the toolkit, puts work on the shared loop,
 * exits the toolkit with {@code Platform.exit()} and checks the loop is closed, its pending sleep
 * cancelled. Prints what it saw; exits 0 when every check passed.
 */
public final class FxExitProbe {

    private FxExitProbe() {
    }

    public static void main(String[] args) throws Exception {
        CompletableFuture<Void> up = new CompletableFuture<>();
        Platform.startup(() -> up.complete(null));
        up.get(10, TimeUnit.SECONDS);
        EventLoop loop = FxEventLoop.shared();
        LoopFuture<Void> sleeping = loop.sleep(Duration.ofHours(1));
        String echo = loop.runUntilComplete(loop.submit(() -> "the loop runs"));
        System.out.println(echo);
        Platform.exit();
        try {
            sleeping.get(10, TimeUnit.SECONDS);
        } catch (CancellationException expected) {
            System.out.println("sleep cancelled: " + sleeping.isCancelled());
        }
        System.out.println("loop closed: " + loop.isClosed());
        boolean rejected = false;
        try {
            loop.callSoon(() -> { });
        } catch (RejectedExecutionException e) {
            rejected = true;
        }
        System.out.println("callSoon rejected: " + rejected);
        System.exit(sleeping.isCancelled() && loop.isClosed() && rejected ? 0 : 1);
    }
}
