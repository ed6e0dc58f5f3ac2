package dev.loopbridge.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.tck.TestTimeouts;

/**
 * A server that cannot accept (the process is out of descriptors: EMFILE) pauses accepting instead
 * of spinning, and accepts again once descriptors are free. Runs {@link AcceptErrorProbe} in a JVM
 * whose descriptor limit is lowered with {@code ulimit -n}.
 */
class AcceptErrorTest {

    @Test
    void aServerOutOfDescriptorsPausesAcceptingAndRecovers() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ulimit -n 256 && exec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' " + AcceptErrorProbe.class.getName();
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes());
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        }, r -> Thread.ofPlatform().start(r));
        try {
            assertTrue(p.waitFor(TestTimeouts.PROGRAM_START.toMillis(), TimeUnit.MILLISECONDS),
                    "the probe did not finish");
        } finally {
            p.destroyForcibly().waitFor();
        }
        String out = output.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        System.out.print(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("after freeing: still accepting"), out);
    }
}
