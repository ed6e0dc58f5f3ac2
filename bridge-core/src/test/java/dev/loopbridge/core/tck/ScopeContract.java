package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.Handle;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.TimerHandle;

/** LoopScope: structured lifetimes for launched work, tracked futures and resources. */
public interface ScopeContract extends LoopFixture {

    @Test
    default void closingAScopeCancelsWhatItLaunched() {
        LoopScope scope = onLoop(() -> loop().newScope());
        LoopFuture<Void> work = onLoop(() -> scope.launch(() -> loop().sleep(Duration.ofHours(1))));
        onLoop(scope::close);
        assertTrue(work.isCancelled());
        assertEquals(0, onLoop(() -> loop().stats().pendingTimers()), "the sleep's timer was cancelled too");
    }

    @Test
    default void launchStartsTheWorkAtOnceOnTheLoopThread() {
        List<String> order = new ArrayList<>();
        onLoop(() -> {
            LoopScope scope = loop().newScope();
            scope.launch(() -> {
                order.add(loop().inLoop() ? "work on loop" : "work elsewhere");
                return CompletableFuture.completedFuture(null);
            });
            order.add("after launch");
            scope.close();
        });
        assertEquals(List.of("work on loop", "after launch"), order);
    }

    @Test
    default void launchedWorkCompletesWithItsStagesResult() {
        LoopFuture<String> f = onLoop(() -> loop().newScope().launch(() -> loop().submit(() -> "result")));
        assertEquals("result", await(f));
    }

    @Test
    default void closingAScopeCancelsTrackedFuturesButNotCompletedOnes() {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        LoopFuture<String> done = loop().newFuture();
        LoopScope scope = onLoop(() -> {
            LoopScope s = loop().newScope();
            assertSame(foreign, s.track(foreign));
            s.track(done);
            done.complete("kept");
            return s;
        });
        onLoop(scope::close);
        assertTrue(foreign.isCancelled());
        assertEquals("kept", done.join());
    }

    @Test
    default void trackingInAClosedScopeCancelsAtOnce() {
        CompletableFuture<String> f = new CompletableFuture<>();
        onLoop(() -> {
            LoopScope s = loop().newScope();
            s.close();
            s.track(f);
        });
        assertTrue(f.isCancelled());
    }

    @Test
    default void resourcesAreClosedInReverseOrderOfRegistration() {
        List<String> closed = new ArrayList<>();
        onLoop(() -> {
            LoopScope s = loop().newScope();
            s.onClose(() -> closed.add("first"));
            s.onClose(() -> closed.add("second"));
            s.close();
            s.close();
        });
        assertEquals(List.of("second", "first"), closed);
    }

    @Test
    default void aResourceThatFailsToCloseIsReportedAndTheOthersStillClose() {
        List<String> reported = new CopyOnWriteArrayList<>();
        loop().setExceptionHandler((l, e, context) -> reported.add(e.getMessage()));
        List<String> closed = new ArrayList<>();
        onLoop(() -> {
            LoopScope s = loop().newScope();
            s.onClose(() -> closed.add("first"));
            s.onClose(() -> {
                throw new IllegalStateException("cannot close");
            });
            s.close();
        });
        assertEquals(List.of("first"), closed);
        assertEquals(List.of("cannot close"), reported);
    }

    @Test
    default void childScopesCloseWithTheirParent() {
        LoopFuture<Void> childWork = onLoop(() -> {
            LoopScope parent = loop().newScope();
            LoopScope child = parent.newScope();
            LoopFuture<Void> w = child.launch(() -> loop().sleep(Duration.ofHours(1)));
            parent.close();
            assertTrue(child.isClosed());
            return w;
        });
        assertTrue(childWork.isCancelled());
    }

    @Test
    default void closingAChildLeavesTheParentOpen() {
        assertTrue(onLoop(() -> {
            LoopScope parent = loop().newScope();
            parent.newScope().close();
            return !parent.isClosed();
        }));
    }

    @Test
    default void aFailedLaunchIsReportedOnceAndDoesNotCancelItsSiblings() {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        loop().setExceptionHandler((l, e, context) -> reported.add(e));
        LoopFuture<Void> sibling = onLoop(() -> {
            LoopScope s = loop().newScope();
            LoopFuture<Void> other = s.launch(() -> loop().sleep(Duration.ofMillis(20)));
            s.launch(() -> CompletableFuture.failedFuture(new IllegalStateException("task failed")));
            return other;
        });
        await(sibling);
        onLoop(() -> { });
        assertFalse(sibling.isCancelled());
        assertEquals(1, reported.size(), "reports: " + reported);
        assertEquals("task failed", reported.get(0).getMessage());
    }

    @Test
    default void aLaunchFailureThatTheCallerHandlesIsNotReportedAndOneNobodyHandlesIs() {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        loop().setExceptionHandler((l, e, context) -> reported.add(e));
        List<String> handled = new ArrayList<>();
        LoopFuture<Void> later = loop().newFuture();
        LoopFuture<Void> unhandled = loop().newFuture();
        onLoop(() -> {
            LoopScope s = loop().newScope();
            s.launch(() -> CompletableFuture.failedFuture(new IllegalStateException("refused at once")))
                    .whenComplete((v, e) -> handled.add(e.getMessage()));
            s.launch(() -> later).exceptionally(e -> {
                handled.add(e.getMessage());
                return null;
            });
            s.launch(() -> unhandled);
        });
        loop().callSoon(() -> {
            later.completeExceptionally(new IllegalStateException("refused later"));
            unhandled.completeExceptionally(new IllegalStateException("nobody looks"));
        });
        onLoop(() -> { });
        onLoop(() -> { }); // the checks queued when the futures failed have run
        assertEquals(List.of("refused at once", "refused later"), onLoop(() -> List.copyOf(handled)));
        assertEquals(List.of("nobody looks"), reported.stream().map(Throwable::getMessage).toList());
    }

    @Test
    default void onCloseReturnsAHandleThatUnregistersTheResource() {
        List<String> closed = new ArrayList<>();
        List<Boolean> cancels = onLoop(() -> {
            LoopScope s = loop().newScope();
            Handle dead = s.onClose(() -> closed.add("dead connection"));
            s.onClose(() -> closed.add("live connection"));
            boolean first = dead.cancel();
            boolean second = dead.cancel();
            s.close();
            Handle late = s.onClose(() -> closed.add("registered after close"));
            return List.of(first, second, dead.isCancelled(), late.cancel(), late.isCancelled());
        });
        assertEquals(List.of(true, false, true, false, false), cancels);
        assertEquals(List.of("live connection", "registered after close"), closed);
    }

    @Test
    default void closingAScopeCancelsItsTimersAndAFiredOneIsForgotten() {
        List<String> fired = new CopyOnWriteArrayList<>();
        LoopScope scope = onLoop(() -> loop().newScope());
        TimerHandle hourly = onLoop(() -> scope.callLater(Duration.ofHours(1), () -> fired.add("an hour later")));
        LoopFuture<Void> soonFired = loop().newFuture();
        TimerHandle soon = onLoop(() -> scope.callLater(Duration.ofMillis(1), () -> {
            fired.add("soon");
            soonFired.complete(null);
        }));
        await(soonFired);
        assertEquals(1, onLoop(() -> loop().stats().pendingTimers()), "only the hour-long timer is pending");
        onLoop(scope::close);
        assertTrue(hourly.isCancelled());
        assertFalse(soon.isCancelled(), "it fired before the close");
        assertFalse(soon.cancel());
        assertEquals(0, onLoop(() -> loop().stats().pendingTimers()));
        assertEquals(List.of("soon"), fired);
        String message = onLoop(() -> assertThrows(IllegalStateException.class,
                () -> scope.callLater(Duration.ZERO, () -> { })).getMessage());
        assertTrue(message.contains("is closed"), message);
    }

    @Test
    default void aScopedTimerCancelledByItsHandleNeverRuns() {
        List<String> fired = new CopyOnWriteArrayList<>();
        onLoop(() -> {
            LoopScope s = loop().newScope();
            TimerHandle t = s.callLater(Duration.ofMillis(1), () -> fired.add("ran"));
            assertTrue(t.cancel());
            assertTrue(t.isCancelled());
            s.close();
        });
        await(loop().sleep(Duration.ofMillis(5)));
        assertEquals(List.of(), fired);
        assertEquals(0, onLoop(() -> loop().stats().pendingTimers()));
    }

    @Test
    default void workThatThrowsInsteadOfReturningAStageFailsItsFuture() {
        loop().setExceptionHandler((l, e, c) -> { });
        LoopFuture<Object> f = onLoop(() -> loop().newScope().launch(() -> {
            throw new IllegalArgumentException("bad");
        }));
        assertTrue(f.isCompletedExceptionally());
        assertInstanceOf(IllegalArgumentException.class, f.exceptionNow());
    }

    @Test
    default void launchingInAClosedScopeThrows() {
        String message = onLoop(() -> {
            LoopScope s = loop().newScope();
            s.close();
            try {
                s.launch(() -> CompletableFuture.completedFuture(1));
                return "launched";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        assertTrue(message.contains("closed"), message);
    }

    @Test
    default void closingTheLoopClosesItsOpenScopes() {
        List<String> closed = new CopyOnWriteArrayList<>();
        LoopFuture<Void> work = onLoop(() -> {
            LoopScope s = loop().newScope();
            s.onClose(() -> closed.add("resource"));
            return s.launch(() -> loop().sleep(Duration.ofHours(1)));
        });
        if (testThreadIsLoopThread()) {
            loop().close();
        } else {
            awaitReal(inThread(() -> {
                loop().close();
                return null;
            }));
        }
        assertEquals(List.of("resource"), closed);
        assertTrue(work.isCancelled());
    }

    @Test
    default void scopeMethodsOffTheLoopThreadThrowNamingTheLoopThread() {
        LoopScope s = onLoop(() -> loop().newScope());
        String message = awaitReal(inThread(() -> {
            try {
                s.launch(() -> CompletableFuture.completedFuture(1));
                return "no error";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }));
        assertTrue(message.startsWith("LoopScope.launch must be called on "), message);
        assertTrue(message.contains("\"tck-helper\""), message);
        String newScope = awaitReal(inThread(() -> {
            try {
                loop().newScope();
                return "no error";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }));
        assertTrue(newScope.startsWith("newScope must be called on "), newScope);
    }
}
