package dev.loopbridge.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.tck.AsyncMemoryProbe;
import dev.loopbridge.core.tck.TestTimeouts;

/** The heap a suspended async body takes, measured in a JVM of its own and printed. */
class AsyncMemoryTest {

    @Test
    void aSuspendedBodyTakesWellUnderAKilobyteAndAHalf() throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java");
        Process p = new ProcessBuilder(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), AsyncMemoryProbe.class.getName())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(TestTimeouts.PROGRAM_START.toMillis(), TimeUnit.MILLISECONDS), output);
        Matcher m = Pattern.compile("bytes per suspended body: (\\d+)").matcher(output);
        assertTrue(m.find(), output);
        long perBody = Long.parseLong(m.group(1));
        System.out.println("[AsyncMemoryTest] memory per suspended async body (100,000 bodies awaiting"
                + " one future, with their futures): " + perBody + " bytes");
        assertTrue(perBody < 1536, perBody + " bytes per suspended body (expected: under 1.5 KiB)");
    }
}
