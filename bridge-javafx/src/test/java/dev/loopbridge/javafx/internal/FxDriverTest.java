package dev.loopbridge.javafx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.spi.LoopDriver;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * The JavaFX driver on its own, without a loop: where ticks run, which thread counts, and nested
 * loops (headless, on Monocle). What the TCK on the JavaFX loop exercises through the loop, each
 * method checked directly, so that a mutant of the driver fails a test of a few milliseconds.
 */
class FxDriverTest {

    private static Thread fxThread;

    @BeforeAll
    static void startToolkit() throws Exception {
        try {
            org.testfx.api.FxToolkit.registerPrimaryStage();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the JavaFX toolkit did not start", e);
        }
        Platform.setImplicitExit(false);
        fxThread = onFx(Thread::currentThread);
    }

    static <T> T onFx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aPostedTickRunsOnTheApplicationThread() throws Exception {
        FxDriver driver = new FxDriver(fxThread);
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        driver.post(() -> ranOn.complete(Thread.currentThread()));
        assertSame(fxThread, ranOn.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void onlyTheApplicationThreadIsTheLoopThread() throws Exception {
        FxDriver driver = new FxDriver(fxThread);
        assertFalse(driver.isLoopThread(), "the test thread");
        assertTrue(onFx(driver::isLoopThread), "the JavaFX Application Thread");
        assertEquals("the JavaFX Application Thread", driver.threadName());
    }

    @Test
    void isAliveFollowsTheThreadItWasGiven() throws Exception {
        assertTrue(new FxDriver(fxThread).isAlive(), "the running Application Thread");
        Thread ended = Thread.ofPlatform().start(() -> { });
        ended.join();
        assertFalse(new FxDriver(ended).isAlive(), "a thread that has ended");
    }

    @Test
    void aNestedLoopWaitsInEnterUntilExitIsCalled() throws Exception {
        FxDriver driver = new FxDriver(fxThread);
        List<String> events = onFx(() -> {
            List<String> seen = new CopyOnWriteArrayList<>();
            LoopDriver.NestedLoop nested = driver.newNestedLoop();
            assertNotNull(nested);
            Platform.runLater(() -> {
                seen.add("event dispatched while nested");
                nested.exit();
            });
            nested.enter();
            seen.add("enter returned");
            return seen;
        });
        assertEquals(List.of("event dispatched while nested", "enter returned"), events);
    }

    @Test
    void noNestedLoopDuringAnAnimationPulse() throws Exception {
        FxDriver driver = new FxDriver(fxThread);
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                try {
                    driver.newNestedLoop();
                    refused.complete(null);
                } catch (Throwable e) {
                    refused.complete(e);
                }
            }
        };
        Platform.runLater(timer::start);
        Throwable e = refused.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(e instanceof IllegalStateException, "expected IllegalStateException, got " + e);
        assertTrue(e.getMessage().contains("nested event loops"), e.getMessage());
    }

    @Test
    void watchFramesReportsEachPulsesStartUntilToldToStop() throws Exception {
        FxDriver driver = new FxDriver(fxThread);
        assertTrue(driver.reportsFrames(), "the driver reports pulses, and must say so: a fresh loop's"
                + " first backlog then runs short batches until the pulses are known");
        List<Long> frames = new ArrayList<>(); // FX thread only
        CompletableFuture<Void> five = new CompletableFuture<>();
        long before = System.nanoTime();
        onFx(() -> {
            driver.watchFrames(at -> {
                frames.add(at);
                if (frames.size() == 5) {
                    five.complete(null);
                }
            });
            return null;
        });
        five.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        int reported = onFx(() -> {
            driver.watchFrames(null);
            return frames.size();
        });
        List<Long> seen = onFx(() -> List.copyOf(frames));
        for (int i = 0; i < seen.size(); i++) {
            assertTrue(seen.get(i) - before > 0, "a frame reported before the watch began");
            if (i > 0) {
                assertTrue(seen.get(i) - seen.get(i - 1) > 0, "frames out of order: " + seen);
            }
        }
        // Five more pulses (an animation of the test's own) and not one more report.
        pulses(5);
        assertEquals(reported, (int) onFx(frames::size), "a frame reported after the watch stopped");
    }

    @Test
    void watchFramesOffTheApplicationThreadDoesNothing() throws Exception {
        FxDriver driver = new FxDriver(fxThread);
        List<Long> frames = new CopyOnWriteArrayList<>();
        driver.watchFrames(frames::add); // the test thread: as when the toolkit has exited
        pulses(3);
        assertEquals(List.of(), frames);
    }

    /** Runs an animation of the test's own for {@code n} pulses, and returns once they ran. */
    private static void pulses(int n) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onFx(() -> {
            new AnimationTimer() {
                private int seen;

                @Override
                public void handle(long now) {
                    if (++seen == n) {
                        stop();
                        done.complete(null);
                    }
                }
            }.start();
            return null;
        });
        done.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
