package dev.loopbridge.swing.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.EventQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The driver remembers the EDT to answer isLoopThread cheaply; a new EDT must still count. */
class SwingDriverTest {

    private static <T> T onEdt(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        EventQueue.invokeLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void theEdtCountsAndOtherThreadsDoNotBeforeOrAfterTheEdtIsRemembered() throws Exception {
        SwingDriver driver = new SwingDriver();
        assertFalse(driver.isLoopThread(), "the test thread, before the EDT asked");
        assertTrue(onEdt(driver::isLoopThread), "the EDT");
        assertTrue(onEdt(driver::isLoopThread), "the EDT, remembered");
        assertFalse(driver.isLoopThread(), "the test thread, once the EDT is remembered");
        CompletableFuture<Boolean> fromWorker = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> fromWorker.complete(driver.isLoopThread()));
        assertFalse(fromWorker.get(30, TimeUnit.SECONDS), "a virtual thread");
    }
}
