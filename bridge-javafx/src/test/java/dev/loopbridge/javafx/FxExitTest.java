package dev.loopbridge.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.tck.TestTimeouts;

/** Platform.exit() closes the loops on the JavaFX Application Thread (in a JVM of its own: exit is final). */
class FxExitTest {

    @Test
    void exitingTheToolkitClosesItsLoopsAndCancelsTheirTimers() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path")));
        for (String p : List.of("glass.platform", "monocle.platform", "prism.order", "java.awt.headless")) {
            if (System.getProperty(p) != null) {
                command.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        command.add(FxExitProbe.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes());
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        }, r -> Thread.ofPlatform().start(r));
        try {
            assertTrue(p.waitFor(TestTimeouts.TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS), "the probe did not finish");
        } finally {
            p.destroyForcibly().waitFor();
        }
        String out = output.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("sleep cancelled: true") && out.contains("loop closed: true"), out);
    }
}
