package dev.loopbridge.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.EventQueue;
import java.awt.event.ActionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.swing.Action;
import javax.swing.JButton;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Reentry;
import dev.loopbridge.core.tck.LoopFixture;
import dev.loopbridge.core.tck.TestTimeouts;

/** SwingAsync and the EDT's liveness, headless (no window needed). */
class SwingAsyncTest {

    private final EventLoop loop = SwingEventLoop.shared();
    private final List<String> reported = new CopyOnWriteArrayList<>();

    @BeforeEach
    void captureErrors() {
        loop.setExceptionHandler((l, error, context) -> reported.add(context + ": " + error.getMessage()));
    }

    @AfterEach
    void restoreErrors() {
        loop.setExceptionHandler(null);
    }

    private <T> T onEdt(Callable<T> task) {
        return loop.runUntilComplete(loop.submit(task));
    }

    @Test
    void theButtonIsDisabledWhileItsActionRunsAndTheActionRunsOnTheEdt() {
        List<LoopFuture<Void>> runs = new ArrayList<>();
        List<Boolean> onEdt = new ArrayList<>();
        JButton button = onEdt(() -> {
            JButton b = new JButton("Save");
            b.addActionListener(SwingAsync.action(e -> {
                onEdt.add(EventQueue.isDispatchThread());
                LoopFuture<Void> run = loop.newFuture();
                runs.add(run);
                return run;
            }, SwingAsync.Options.defaults().disabling(b)));
            b.doClick(0);
            return b;
        });
        assertFalse(onEdt(button::isEnabled));
        onEdt(() -> {
            button.doClick(0); // disabled: no second run
            return null;
        });
        assertEquals(1, runs.size());
        onEdt(() -> runs.get(0).complete(null));
        assertTrue(onEdt(button::isEnabled));
        assertEquals(List.of(true), onEdt);
    }

    @Test
    void queuedClicksRunOneAfterAnother() {
        List<LoopFuture<Void>> runs = new CopyOnWriteArrayList<>();
        onEdt(() -> {
            var listener = SwingAsync.action(e -> {
                LoopFuture<Void> run = loop.newFuture();
                runs.add(run);
                return run;
            }, SwingAsync.Options.defaults().onReentry(Reentry.QUEUE));
            for (int i = 0; i < 3; i++) {
                listener.actionPerformed(new ActionEvent(this, ActionEvent.ACTION_PERFORMED, "click"));
            }
            return null;
        });
        assertEquals(1, runs.size());
        onEdt(() -> runs.get(0).complete(null));
        onEdt(() -> runs.get(1).complete(null));
        assertEquals(3, runs.size());
    }

    @Test
    void anAsyncActionIsDisabledWhileItRunsAndReportsFailures() {
        LoopFuture<Void> run = loop.newFuture();
        Action action = onEdt(() -> {
            Action a = SwingAsync.action("Connect", e -> run);
            a.actionPerformed(new ActionEvent(this, ActionEvent.ACTION_PERFORMED, "Connect"));
            return a;
        });
        assertFalse(onEdt(action::isEnabled));
        onEdt(() -> run.completeExceptionally(new IllegalStateException("server down")));
        assertTrue(onEdt(action::isEnabled));
        assertEquals(List.of("The async handler of the action \"Connect\" failed: server down"), reported);
    }

    @Test
    void backgroundWorkPublishesChunksOnTheEdtInOrderThenItsResult() {
        List<String> seen = new CopyOnWriteArrayList<>();
        LoopFuture<Integer> result = SwingAsync.<Integer, Integer>background(publish -> {
            for (int i = 1; i <= 100; i++) {
                publish.accept(i);
            }
            return 100;
        }, chunk -> seen.add((EventQueue.isDispatchThread() ? "edt:" : "other:") + chunk.size() + ":" + chunk.get(0)))
                .thenApply(n -> {
                    seen.add("result on " + (EventQueue.isDispatchThread() ? "edt" : "other"));
                    return n;
                });
        assertEquals(100, loop.runUntilComplete(result));
        assertEquals("result on edt", seen.get(seen.size() - 1));
        int total = 0;
        int expectedFirst = 1;
        for (String s : seen.subList(0, seen.size() - 1)) {
            String[] parts = s.split(":");
            assertEquals("edt", parts[0]);
            assertEquals(expectedFirst, Integer.parseInt(parts[2]), "chunks arrive in order: " + seen);
            total += Integer.parseInt(parts[1]);
            expectedFirst += Integer.parseInt(parts[1]);
        }
        assertEquals(100, total);
    }

    @Test
    void cancellingBackgroundWorkInterruptsIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        LoopFuture<String> work = SwingAsync.background(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(TestTimeouts.TIMEOUT.toMillis() * 10, TimeUnit.MILLISECONDS); // never counted down: only an interrupt ends it early
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return "done";
        });
        assertTrue(started.await(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        work.cancel(true);
        assertTrue(interrupted.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(work));
    }

    @Test
    void anEventPostedToTheEdtDuringABacklogRunsSoon() throws Exception {
        EventLoop own = SwingEventLoop.create();
        try {
            LoopFuture<Long> drained = own.newFuture();
            CompletableFuture<Void> draining = new CompletableFuture<>();
            own.execute(() -> draining.complete(null));
            for (int i = 0; i < 2000; i++) {
                own.execute(() -> LoopFixture.busy(Duration.ofNanos(500_000)));
            }
            own.execute(() -> drained.complete(System.nanoTime()));
            CompletableFuture<Long> delay = new CompletableFuture<>();
            draining.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS); // the event must overtake a running backlog
            long posted = System.nanoTime();
            EventQueue.invokeLater(() -> delay.complete(System.nanoTime() - posted));
            long waited = TimeUnit.NANOSECONDS.toMillis(delay.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            long end = own.runUntilComplete(drained);
            System.out.printf("an event posted during the backlog waited %d ms; the drain ended %d ms after it%n",
                    waited, TimeUnit.NANOSECONDS.toMillis(end - posted));
            assertTrue(waited < 100, "the event waited " + waited + " ms");
            assertTrue(end > posted + TimeUnit.MILLISECONDS.toNanos(waited), "the event ran before the backlog ended");
        } finally {
            own.close();
        }
    }

    @Test
    void aFailedActionBeforeItsStageIsReported() {
        onEdt(() -> {
            SwingAsync.action(e -> {
                throw new IllegalArgumentException("bad form");
            }).actionPerformed(new ActionEvent(this, ActionEvent.ACTION_PERFORMED, "x"));
            return null;
        });
        onEdt(() -> null);
        assertEquals(1, reported.size());
        assertTrue(reported.get(0).endsWith("threw: bad form"), reported.get(0));
    }
}
