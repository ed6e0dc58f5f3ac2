package dev.loopbridge.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads 200 MiB from {@code head -c ... /dev/zero} through {@code EventLoop.exec}, after letting
 * the child run unread for a second, and prints {@code read N bytes, exit E}. Run in a JVM of its
 * own with a 128 MiB heap by {@code SubprocessHeapTest}: a loop that buffered a fast child's
 * output instead of holding it back would run out of heap during that second.
 */
final class SubprocessHeapProbe {

    static final long BYTES = 200L << 20;

    private SubprocessHeapProbe() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoops.newDefault()) {
            String result = loop.runUntilComplete(loop.exec(new ProcessBuilder("head", "-c", "" + BYTES, "/dev/zero"))
                    .thenCompose(head -> loop.sleep(Duration.ofSeconds(1))
                            .thenCompose(slept -> count(head.stdout(), 0))
                            .thenCompose(n -> head.exited().thenApply(code -> "read " + n + " bytes, exit " + code))));
            System.out.println(result);
            Runtime rt = Runtime.getRuntime();
            System.out.println("heap: max " + (rt.maxMemory() >> 20) + " MiB");
        }
    }

    private static CompletionStage<Long> count(StreamReader out, long sofar) {
        return out.read(64 * 1024).thenCompose(bytes -> bytes.length == 0
                ? CompletableFuture.completedFuture(sofar) : count(out, sofar + bytes.length));
    }
}
