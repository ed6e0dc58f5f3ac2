package dev.loopbridge.javafx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javafx.application.Platform;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * {@link FxToolkit}: finding the Application Thread from any thread, and closing the loops when a
 * watched thread ends. The exit watcher is given a thread of the test's own to watch (the real
 * Application Thread cannot end in a shared test JVM), and stand-in loops that record their close.
 */
class FxToolkitTest {

    private static Thread fxThread;

    @BeforeAll
    static void startToolkit() throws Exception {
        try {
            org.testfx.api.FxToolkit.registerPrimaryStage();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the JavaFX toolkit did not start", e);
        }
        Platform.setImplicitExit(false);
        fxThread = FxDriverTest.onFx(Thread::currentThread);
    }

    @Test
    void theApplicationThreadIsFoundFromItselfAndFromAnotherThread() throws Exception {
        assertSame(fxThread, FxToolkit.applicationThread(), "asked from the test thread");
        assertSame(fxThread, FxDriverTest.onFx(FxToolkit::applicationThread), "asked from the Application Thread");
    }

    /** A loop that only records being closed (what the exit watcher does to it). */
    private static final class StandIn {
        final CountDownLatch closed = new CountDownLatch(1);
        final EventLoop loop = (EventLoop) Proxy.newProxyInstance(EventLoop.class.getClassLoader(),
                new Class<?>[] {EventLoop.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        closed.countDown();
                        yield null;
                    }
                    case "isClosed" -> closed.getCount() == 0;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "stand-in loop";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Set<Thread> watchers() {
        Set<Thread> found = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("loopbridge-fx-exit-watcher")) {
                found.add(t);
            }
        }
        return found;
    }

    private static Set<Thread> difference(Set<Thread> a, Set<Thread> b) {
        Set<Thread> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }

    @Test
    void anInterruptedCallerGetsAnExceptionAndKeepsItsInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        // The Application Thread is held, so the answer cannot come before the caller waits for it.
        Platform.runLater(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertTrue(busy.await(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            Thread.currentThread().interrupt();
            IllegalStateException e = assertThrows(IllegalStateException.class, FxToolkit::applicationThread);
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
            release.countDown();
        }
    }

    @Test
    void theLoopsAreClosedWhenTheWatchedThreadEndsAndNotBefore() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        Thread watched = Thread.ofPlatform().name("fx-toolkit-test-stand-in").start(() -> {
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        StandIn first = new StandIn();
        StandIn second = new StandIn();
        try {
            Set<Thread> watchersBefore = watchers();
            FxToolkit.closeOnExit(first.loop, watched);
            FxToolkit.closeOnExit(second.loop, watched);
            // The new watcher waits in join (not spinning, not done) while the watched thread runs:
            // a thread state has no event to wait for, so it is looked at until the scaled timeout.
            long waitUntil = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
            Thread watcher = null;
            while (watcher == null && first.closed.getCount() > 0 && System.nanoTime() < waitUntil) {
                for (Thread t : watchers()) {
                    if (!watchersBefore.contains(t) && t.getState() == Thread.State.WAITING) {
                        watcher = t;
                    }
                }
                Thread.onSpinWait();
            }
            assertEquals(1, first.closed.getCount(), "closed while the watched thread still runs");
            assertEquals(1, second.closed.getCount(), "closed while the watched thread still runs");
            assertTrue(watcher != null, "no new exit watcher waiting for the watched thread");
            assertEquals(Set.of(watcher), difference(watchers(), watchersBefore), "one watcher for one thread");
            end.countDown();
            watched.join();
            assertTrue(first.closed.await(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    "the first loop registered, after the watched thread ended");
            assertTrue(second.closed.await(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    "the second loop registered, after the watched thread ended");
            watcher.join(TestTimeouts.TIMEOUT.toMillis());
            assertFalse(watcher.isAlive(), "the watcher ends with the thread it watched");
        } finally {
            end.countDown();
            watched.join();
        }
    }
}
