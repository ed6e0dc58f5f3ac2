package dev.loopbridge.core.tck;

import java.util.ArrayList;
import java.util.List;

import dev.loopbridge.core.Async;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;

/**
 * Measures the heap a suspended async body takes (its continuation's frames, its future, the
 * awaited future's dependent): 100,000 bodies wait for one future, and the heap in use after full
 * collections is compared with the heap before. Run in a JVM of its own by {@code AsyncMemoryTest},
 * with the export flag; prints {@code bytes per suspended body: N}.
 */
public final class AsyncMemoryProbe {

    private AsyncMemoryProbe() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (EventLoop loop = EventLoops.newDefault()) {
            suspendAndResume(loop, count); // warms up the loop's queue and the compiled code
            LoopFuture<Integer> gate = loop.newFuture();
            long before = AsyncContractSupport.usedHeapAfterGc();
            List<LoopFuture<Integer>> bodies = suspend(loop, count, gate);
            long after = AsyncContractSupport.usedHeapAfterGc();
            System.out.println("bytes per suspended body: " + (after - before) / count);
            resume(loop, gate, bodies);
        }
    }

    private static void suspendAndResume(EventLoop loop, int count) {
        LoopFuture<Integer> gate = loop.newFuture();
        resume(loop, gate, suspend(loop, count, gate));
    }

    private static List<LoopFuture<Integer>> suspend(EventLoop loop, int count, LoopFuture<Integer> gate) {
        List<LoopFuture<Integer>> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(Async.async(loop, () -> Async.await(gate)));
        }
        loop.runUntilComplete(loop.submit(() -> null)); // queued behind the starts: all wait now
        return bodies;
    }

    private static void resume(EventLoop loop, LoopFuture<Integer> gate, List<LoopFuture<Integer>> bodies) {
        loop.callSoon(() -> gate.complete(1));
        for (LoopFuture<Integer> b : bodies) {
            if (loop.runUntilComplete(b) != 1) {
                throw new AssertionError("a body returned something else than what it awaited");
            }
        }
    }
}
