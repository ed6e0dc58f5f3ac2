package dev.loopbridge.swing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.EventQueue;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.spi.LoopDriver;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * The Swing driver on its own, headless: where ticks run, its thread's name, the remembered EDT,
 * and nested loops. What the TCK on the Swing loop exercises through the loop, each method checked
 * directly, so that a mutant of the driver fails a test of a few milliseconds.
 */
class SwingDriverNestingTest {

    private static <T> T onEdt(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        EventQueue.invokeLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aPostedTickRunsOnTheEdt() throws Exception {
        SwingDriver driver = new SwingDriver();
        CompletableFuture<Boolean> ranOnEdt = new CompletableFuture<>();
        driver.post(() -> ranOnEdt.complete(EventQueue.isDispatchThread()));
        assertTrue(ranOnEdt.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("the Swing Event Dispatch Thread", driver.threadName());
    }

    @Test
    void theEdtIsRememberedOnceAskedFromIt() throws Exception {
        SwingDriver driver = new SwingDriver();
        Field edt = SwingDriver.class.getDeclaredField("edt");
        edt.setAccessible(true);
        Thread dispatchThread = onEdt(() -> {
            assertTrue(driver.isLoopThread());
            return Thread.currentThread();
        });
        assertSame(dispatchThread, edt.get(driver), "the EDT the driver keeps to answer without AWT's lock");
    }

    @Test
    void aNestedLoopWaitsInEnterUntilExitIsCalled() throws Exception {
        SwingDriver driver = new SwingDriver();
        List<String> events = onEdt(() -> {
            List<String> seen = new CopyOnWriteArrayList<>();
            LoopDriver.NestedLoop nested = driver.newNestedLoop();
            assertNotNull(nested);
            EventQueue.invokeLater(() -> {
                seen.add("event dispatched while nested");
                nested.exit();
            });
            nested.enter();
            seen.add("enter returned");
            return seen;
        });
        assertEquals(List.of("event dispatched while nested", "enter returned"), events);
    }
}
