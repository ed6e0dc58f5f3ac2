package dev.loopbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.tck.SubprocessContract;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * 500 MiB from Python's {@code http.server} through {@code HttpBodies.ofStreamReader} in a 64 MiB
 * heap: {@link HttpBodyHeapProbe} in a JVM of its own with {@code -Xmx64m}, started and read through
 * {@code exec} on the default loop.
 */
class HttpBodyHeapTest {

    @Test
    void fiveHundredMebibytesPassThroughASixtyFourMebibyteHeapToASlowReader() {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String s = SsePeer.session();
        String uri = SsePeer.shared().uri("/bytes?s=" + s + "&n=" + HttpBodyHeapProbe.BYTES).toString();
        try (EventLoop loop = EventLoops.newDefault()) {
            long start = System.nanoTime();
            String output = loop.runUntilComplete(loop.exec(new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC",
                            "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                            HttpBodyHeapProbe.class.getName(), uri).redirectErrorStream(true))
                    .thenCompose(jvm -> SubprocessContract.readAll(jvm.stdout())
                            .thenCombine(jvm.exited(), (bytes, code) -> new String(bytes, StandardCharsets.UTF_8)
                                    + "child JVM exit " + code))
                    .orTimeout(TestTimeouts.TIMEOUT.toMillis() * 12, TimeUnit.MILLISECONDS));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[HttpBodyHeapTest] " + output.replace('\n', ';') + " in " + millis + " ms");
            assertTrue(output.contains("read " + HttpBodyHeapProbe.BYTES + " bytes, max heap"), output);
            assertTrue(output.endsWith("child JVM exit 0"), output);
            assertEquals(-1, output.indexOf("OutOfMemoryError"), output);
            assertTrue(SsePeer.shared().log(s).contains("bytes done"), SsePeer.shared().log(s).toString());
        }
    }
}
