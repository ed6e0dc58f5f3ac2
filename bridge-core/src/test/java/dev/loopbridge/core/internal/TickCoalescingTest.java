package dev.loopbridge.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.spi.DrivenLoops;
import dev.loopbridge.core.tck.SimulatedToolkit;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * The tick flag: however many callbacks are queued, a toolkit loop asks its toolkit for one tick at
 * a time (one {@code Platform.runLater}, not one per callback). A loop that posted per callback
 * still runs every callback, in order, and passes the TCK; these tests count the posts.
 */
class TickCoalescingTest {

    private static final long WAIT = TestTimeouts.TIMEOUT.toMillis();

    private final SimulatedToolkit toolkit = new SimulatedToolkit("coalescing");
    private final CountingDriver driver = new CountingDriver(toolkit);
    private final EventLoop loop = DrivenLoops.create(driver, LoopOptions.defaults().withName("coalescing"));

    @AfterEach
    void close() {
        loop.close();
        toolkit.shutdown();
    }

    @Test
    void callbacksQueuedFromFourThreadsWhileTheLoopIsBusyCostOnePost() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            busy.countDown();
            await(release);
        });
        assertTrue(busy.await(WAIT, TimeUnit.MILLISECONDS));
        int postsBefore = driver.posts.get();

        int perThread = 25_000;
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        int[] ran = new int[1];
        for (int p = 0; p < 4; p++) {
            producers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    loop.execute(() -> ran[0]++);
                }
            }, r -> Thread.ofPlatform().start(r)));
        }
        CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).get(WAIT, TimeUnit.MILLISECONDS);
        int posts = driver.posts.get() - postsBefore;
        release.countDown();

        LoopFuture<Integer> count = loop.submit(() -> ran[0]);
        assertEquals(4 * perThread, count.get(WAIT, TimeUnit.MILLISECONDS));
        assertTrue(posts <= 1, posts + " ticks were posted for " + 4 * perThread + " callbacks queued while the loop was busy");
    }

    @Test
    void aStreamOfCallbacksCostsFarFewerPostsThanCallbacks() throws Exception {
        int callbacks = 200_000;
        int postsBefore = driver.posts.get();
        LoopFuture<Void> last = loop.newFuture();
        CompletableFuture.runAsync(() -> {
            for (int i = 0; i < callbacks; i++) {
                loop.execute(() -> { });
            }
            loop.execute(() -> last.complete(null));
        }, r -> Thread.ofPlatform().start(r)).get(WAIT, TimeUnit.MILLISECONDS);
        last.get(WAIT, TimeUnit.MILLISECONDS);
        int posts = driver.posts.get() - postsBefore;
        // The loop may catch up with the producer now and then, and the next callback posts again;
        // one post per callback would be 200,000.
        assertTrue(posts < callbacks / 20, posts + " ticks were posted for " + callbacks + " callbacks");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
