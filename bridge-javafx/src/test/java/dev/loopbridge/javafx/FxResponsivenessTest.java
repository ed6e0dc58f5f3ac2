package dev.loopbridge.javafx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.LoopFixture;

/**
 * The scene keeps rendering while the loop drains a backlog: a second of callback work queued at
 * once does not stop the pulses. Generous bounds; the benchmark reports the real figures.
 */
@ExtendWith(ApplicationExtension.class)
class FxResponsivenessTest {

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Label("animating"), 200, 100));
        stage.show();
    }

    @Test
    void pulsesKeepComingWhileASecondOfCallbacksDrains() {
        EventLoop loop = FxEventLoop.create();
        assertPulsesKeepComingWhileASecondOfCallbacksDrains(loop);
        loop.close();
    }

    /**
     * Issue 13: after a flood of no-ops the tick read the clock every 256 callbacks, so the first
     * 256 callbacks of 0.5 ms ran in one tick and the scene drew nothing for 129 ms.
     */
    @Test
    void pulsesKeepComingWhenCallbacksTurnExpensiveAfterACheapFlood() {
        EventLoop loop = FxEventLoop.create();
        LoopFuture<Void> flooded = loop.newFuture();
        loop.execute(() -> {
            for (int i = 0; i < 1_000_000; i++) {
                loop.execute(() -> { });
            }
            loop.execute(() -> flooded.complete(null));
        });
        loop.runUntilComplete(flooded);
        assertPulsesKeepComingWhileASecondOfCallbacksDrains(loop);
        loop.close();
    }

    /** 2,000 callbacks of 0.5 ms queued from one loop callback; pulses recorded while they drain. */
    private static void assertPulsesKeepComingWhileASecondOfCallbacksDrains(EventLoop loop) {
        List<Long> pulses = new ArrayList<>();
        AnimationTimer recorder = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.add(System.nanoTime());
            }
        };
        loop.runUntilComplete(loop.submit(() -> {
            recorder.start();
            return null;
        }));
        LoopFuture<Long> queued = loop.newFuture();
        LoopFuture<Long> drained = loop.newFuture();
        loop.execute(() -> {
            queued.complete(System.nanoTime());
            for (int i = 0; i < 2000; i++) {
                loop.execute(() -> LoopFixture.busy(Duration.ofNanos(500_000)));
            }
            loop.execute(() -> drained.complete(System.nanoTime()));
        });
        long end = loop.runUntilComplete(drained);
        long start = queued.join();
        List<Long> during = loop.runUntilComplete(loop.submit(() -> {
            recorder.stop();
            return pulses.stream().filter(t -> t >= start && t <= end).toList();
        }));
        long longestGap = 0;
        long previous = start;
        for (long t : during) {
            longestGap = Math.max(longestGap, t - previous);
            previous = t;
        }
        longestGap = Math.max(longestGap, end - previous);
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(longestGap);
        System.out.printf("drain of 2000 x 0.5 ms took %d ms: %d pulses, longest gap %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(end - start), during.size(), gapMillis);
        assertTrue(during.size() >= 20, during.size() + " pulses during the drain");
        assertTrue(gapMillis < 100, "the longest gap between pulses was " + gapMillis + " ms");
    }
}
