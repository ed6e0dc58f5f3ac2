package dev.loopbridge.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.tck.SubprocessContract;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * 200 MiB of a child's output through a 128 MiB heap: {@link SubprocessHeapProbe} in a JVM of its
 * own with {@code -Xmx128m}, itself started and read through {@code exec} on the default loop.
 */
class SubprocessHeapTest {

    @Test
    void twoHundredMebibytesPassThroughAHundredAndTwentyEightMebibyteHeap() {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        try (EventLoop loop = EventLoops.newDefault()) {
            long start = System.nanoTime();
            String output = loop.runUntilComplete(loop.exec(new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                            "-cp", System.getProperty("java.class.path"), SubprocessHeapProbe.class.getName())
                            .redirectErrorStream(true))
                    .thenCompose(jvm -> SubprocessContract.readAll(jvm.stdout())
                            .thenCombine(jvm.exited(), (bytes, code) -> new String(bytes, StandardCharsets.UTF_8)
                                    + "child JVM exit " + code))
                    .orTimeout(TestTimeouts.TIMEOUT.toMillis() * 6, TimeUnit.MILLISECONDS));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[SubprocessHeapTest] " + output.replace('\n', ';') + " in " + millis + " ms");
            assertTrue(output.contains("read " + SubprocessHeapProbe.BYTES + " bytes, exit 0"), output);
            assertTrue(output.endsWith("child JVM exit 0"), output);
            assertEquals(-1, output.indexOf("OutOfMemoryError"), output);
        }
    }
}
