package dev.loopbridge.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class EventLoopsTest {

    @Test
    void runCallsMainOnTheLoopThreadAndReturnsTheResult() {
        AtomicReference<EventLoop> seen = new AtomicReference<>();
        String result = EventLoops.run(loop -> {
            seen.set(loop);
            return loop.sleep(Duration.ofMillis(5)).thenApply(v -> loop.inLoop() ? "on the loop" : "elsewhere");
        });
        assertEquals("on the loop", result);
        assertTrue(seen.get().isClosed(), "run closes the loop it made");
    }

    @Test
    void runThrowsTheFailureOfMainsStage() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> EventLoops.run(loop -> CompletableFuture.failedFuture(new IllegalStateException("main failed"))));
        assertEquals("main failed", e.getCause().getMessage());
    }

    @Test
    void runReportsAMainThatReturnsNull() {
        CompletionException e = assertThrows(CompletionException.class, () -> EventLoops.run(loop -> null));
        assertInstanceOf(NullPointerException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("main returned null"), e.getCause().getMessage());
    }

    @Test
    void theDefaultLoopThreadIsNamedAfterTheLoopAndIsNotADaemon() {
        try (EventLoop loop = EventLoops.newDefault(LoopOptions.defaults().withName("named"))) {
            Thread t = loop.runUntilComplete(loop.submit(Thread::currentThread));
            assertTrue(t.getName().matches("named-\\d+-loop"), t.getName());
            assertFalse(t.isDaemon());
        }
    }
}
