package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;

/**
 * runUntilComplete on the loop thread: a nested loop (a modal dialog's) in which ticks go on, in
 * order, after which the outer tick resumes; or, on the default loop, a clear error.
 */
public interface ReentrancyContract extends LoopFixture {

    @Test
    default void aNestedWaitKeepsCallbacksAndTimersRunningInOrder() {
        assumeTrue(supportsNestedLoops());
        List<String> order = new ArrayList<>();
        LoopFuture<Void> done = loop().newFuture();
        loop().callSoon(() -> {
            order.add("A starts");
            loop().callLater(Duration.ofMillis(10), () -> order.add("timer"));
            String r = loop().runUntilComplete(loop().sleep(Duration.ofMillis(20)).thenApply(v -> "slept"));
            order.add("A resumes after " + r);
            loop().callSoon(() -> {
                order.add("D");
                done.complete(null);
            });
        });
        loop().callSoon(() -> order.add("B"));
        loop().callSoon(() -> order.add("C"));
        await(done);
        assertEquals(List.of("A starts", "B", "C", "timer", "A resumes after slept", "D"), order);
    }

    @Test
    default void nestedWaitsTwoDeepUnwindInOrder() {
        assumeTrue(supportsNestedLoops());
        List<String> order = new ArrayList<>();
        LoopFuture<Void> inner = loop().newFuture();
        LoopFuture<Void> outer = loop().newFuture();
        LoopFuture<Void> done = loop().newFuture();
        loop().callSoon(() -> {
            order.add("outer waits");
            loop().runUntilComplete(outer);
            order.add("outer returns");
            done.complete(null);
        });
        loop().callSoon(() -> {
            order.add("inner waits");
            loop().runUntilComplete(inner);
            order.add("inner returns");
        });
        loop().callLater(Duration.ofMillis(5), () -> inner.complete(null));
        loop().callLater(Duration.ofMillis(10), () -> outer.complete(null));
        await(done);
        assertEquals(List.of("outer waits", "inner waits", "inner returns", "outer returns"), order);
    }

    @Test
    default void aNestedWaitEndsWhenTheLoopCloses() {
        assumeTrue(supportsNestedLoops());
        LoopFuture<String> never = loop().newFuture();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        loop().callSoon(() -> {
            try {
                loop().runUntilComplete(never);
                outcome.complete("returned");
            } catch (CancellationException e) {
                outcome.complete("cancelled: " + e.getMessage());
            }
        });
        loop().callLater(Duration.ofMillis(5), loop()::close);
        if (testThreadIsLoopThread()) {
            loop().runUntilComplete(loop().submit(() -> "started"));
        }
        // The waiting callback resumes once the tick that closed the loop has returned.
        String seen = awaitReal(outcome);
        assertTrue(loop().isClosed());
        assertTrue(seen.startsWith("cancelled"), seen);
    }

    @Test
    default void runUntilCompleteInACallbackOfALoopThatCannotNestThrowsClearly() {
        assumeFalse(supportsNestedLoops());
        String message = onLoop(() -> {
            try {
                loop().runUntilComplete(loop().sleep(Duration.ofMillis(1)));
                return "no error";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        assertTrue(message.startsWith("runUntilComplete was called on the loop thread"), message);
        assertTrue(message.contains("thenCompose"), message);
    }
}
