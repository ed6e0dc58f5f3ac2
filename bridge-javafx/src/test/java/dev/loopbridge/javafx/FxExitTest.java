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

/**
 * Platform.exit() closes the loops on the JavaFX Application Thread, and FxAsync.exitGracefully
 * gets there after its cleanup (each in a JVM of its own: exit is final).
 */
class FxExitTest {

    @Test
    void exitingTheToolkitClosesItsLoopsAndCancelsTheirTimers() throws Exception {
        String out = runProbe(FxExitProbe.class);
        assertTrue(out.contains("sleep cancelled: true") && out.contains("loop closed: true"), out);
    }

    @Test
    void exitingGracefullyRunsTheCleanupOnTheFxThreadAndExitsWhenItIsDone() throws Exception {
        String out = runProbe(FxExitGracefullyProbe.class, "finishes");
        assertTrue(out.contains("cleanup finished\nexit called\ntoolkit exited, loop closed: true"), out);
    }

    @Test
    void exitingGracefullyExitsAtTheLimitWhenTheCleanupHangs() throws Exception {
        String out = runProbe(FxExitGracefullyProbe.class, "hangs");
        assertTrue(out.contains("exit called\ntoolkit exited, loop closed: true"), out);
        assertTrue(out.contains("waited at least the cleanup: true"), out);
    }

    /** Runs {@code probe}'s main in a new JVM with this one's class path and toolkit settings; returns its output once it exited 0. */
    private static String runProbe(Class<?> probe, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path")));
        for (String p : List.of("glass.platform", "monocle.platform", "prism.order", "java.awt.headless")) {
            if (System.getProperty(p) != null) {
                command.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        command.add(probe.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes());
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        }, r -> Thread.ofPlatform().start(r));
        try {
            assertTrue(p.waitFor(TestTimeouts.PROGRAM_START.toMillis(), TimeUnit.MILLISECONDS), "the probe did not finish");
        } finally {
            p.destroyForcibly().waitFor();
        }
        String out = output.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(0, p.exitValue(), out);
        return out.replace("\r\n", "\n");
    }
}
