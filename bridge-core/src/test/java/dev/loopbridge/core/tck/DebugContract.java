package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;

/** Debug mode: slow callbacks named with where they were scheduled, unobserved failures reported. */
public interface DebugContract extends LoopFixture {

    @Test
    default void aSlowCallbackIsLoggedWithWhereItWasScheduled() {
        EventLoop l = newLoop(options().withDebug(true).withSlowCallbackThreshold(Duration.ofMillis(20)));
        l.execute(() -> LoopFixture.busy(Duration.ofMillis(40)));
        l.runUntilComplete(l.submit(() -> null));
        Optional<CapturedLog.Event> warning = CapturedLog.events().stream()
                .filter(e -> e.level() == Level.WARN && e.message().contains("slow-callback threshold"))
                .findFirst();
        assertTrue(warning.isPresent(), "logged: " + CapturedLog.events());
        assertTrue(warning.get().message().contains("DebugContract.aSlowCallbackIsLoggedWithWhereItWasScheduled"),
                warning.get().message());
    }

    @Test
    default void fastCallbacksAreNotLogged() {
        EventLoop l = newLoop(options().withDebug(true).withSlowCallbackThreshold(Duration.ofSeconds(5)));
        l.runUntilComplete(l.submit(() -> null));
        assertFalse(CapturedLog.events().stream().anyMatch(e -> e.level() == Level.WARN));
    }

    @Test
    default void setDebugTurnsItOnForLaterCallbacks() {
        assertFalse(loop().isDebug());
        loop().setDebug(true);
        assertTrue(loop().isDebug());
        List<String> contexts = new CopyOnWriteArrayList<>();
        loop().setExceptionHandler((l, e, c) -> contexts.add(c));
        loop().callSoon(() -> {
            throw new IllegalStateException("x");
        });
        onLoop(() -> { });
        assertEquals(1, contexts.size());
        assertTrue(contexts.get(0).contains("scheduled at"), contexts.get(0));
        assertTrue(contexts.get(0).contains("DebugContract.setDebugTurnsItOnForLaterCallbacks"), contexts.get(0));
    }

    @Test
    default void aFailedFutureNobodyObservedIsReportedWhenCollected() {
        EventLoop l = newLoop(options().withDebug(true));
        List<String> reports = new CopyOnWriteArrayList<>();
        l.setExceptionHandler((loop, e, c) -> reports.add(e.getMessage() + " | " + c));
        WeakReference<?> unobserved = failAndDrop(l, "unobserved failure", false);
        WeakReference<?> observed = failAndDrop(l, "observed failure", true);
        long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        while ((unobserved.get() != null || observed.get() != null || reports.isEmpty())
                && System.nanoTime() - deadline < 0) {
            System.gc();
            l.runUntilComplete(l.sleep(Duration.ofMillis(10)));
        }
        assertTrue(unobserved.get() == null && observed.get() == null, "the futures were not collected");
        l.runUntilComplete(l.submit(() -> null));
        assertEquals(1, reports.size(), "reports: " + reports);
        assertTrue(reports.get(0).startsWith("unobserved failure | A LoopFuture failed and nothing observed"),
                reports.get(0));
    }

    private static WeakReference<?> failAndDrop(EventLoop l, String message, boolean observe) {
        LoopFuture<String> f = l.newFuture();
        f.completeExceptionally(new IllegalStateException(message));
        if (observe) {
            f.exceptionNow();
        }
        return new WeakReference<>(f);
    }
}
