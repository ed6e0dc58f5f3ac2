package dev.loopbridge.core.tck;

import dev.loopbridge.core.Async;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;

/**
 * Run by {@link AsyncContract} in a JVM started without
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}: prints what the first
 * {@code Async.async} threw, then shows that the loop itself still works.
 */
public final class AsyncFlagProbe {

    private AsyncFlagProbe() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoops.newDefault()) {
            try {
                Async.async(loop, () -> "ran");
                System.out.println("async: no error");
            } catch (RuntimeException e) {
                System.out.println("async: " + e.getClass().getName() + ": " + e.getMessage());
            }
            System.out.println("submit: " + loop.runUntilComplete(loop.submit(() -> "still works")));
        }
    }
}
