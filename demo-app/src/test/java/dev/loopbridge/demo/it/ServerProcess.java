package dev.loopbridge.demo.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.loopbridge.core.tck.TestTimeouts;

/**
 * An IRC server from Debian run as a child process in the foreground, with a generated
 * configuration in a directory of its own: what ngircd and InspIRCd share, the start, the wait for
 * its ports, the stop and the clean-up. A subclass writes its configuration in its constructor and
 * then calls {@link #startAgain()}. Test thread only.
 */
abstract class ServerProcess implements TestServer {

    /** The server's own directory: its configuration, its output, whatever else it writes. */
    final Path dir;

    private final Path output;
    private Process process;

    /** @param dir a new directory for the server; its output goes to {@code outputName} there */
    ServerProcess(Path dir, String outputName) {
        this.dir = dir;
        this.output = dir.resolve(outputName);
    }

    /** A new directory for a server's files, under the module's {@code target/}, named {@code prefix} and a number. */
    static Path newDirectory(String prefix) {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            return Files.createTempDirectory(target, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line that runs the server in the foreground with its configuration. */
    abstract List<String> command();

    /** The loopback ports it listens on: it has started once every one accepts. */
    abstract List<Integer> ports();

    /** What a failure names: the server, and how to install it. */
    abstract String installHint();

    @Override
    public final void restart() {
        stop();
        startAgain();
    }

    @Override
    public final void stop() {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: the server closes every client connection and exits
        try {
            if (!process.waitFor(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + this, e);
        }
        process = null;
    }

    @Override
    public final void startAgain() {
        try {
            process = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + this + " (" + installHint() + ")", e);
        }
        for (int port : ports()) {
            awaitListening(port);
        }
    }

    /** Connects until {@code port} accepts, or the process dies, or the scaled timeout passes. */
    private void awaitListening(int port) {
        long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String out;
                    try {
                        out = Files.readString(output);
                    } catch (IOException e) {
                        out = "(no output)";
                    }
                    throw new IllegalStateException(this + " did not listen on " + port + " within " + TestTimeouts.TIMEOUT
                            + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")") + ": " + out);
                }
                // Neither server gives a readiness signal a test can wait on (ngircd's foreground log
                // is block-buffered on a pipe; InspIRCd binds after reading its configuration), so
                // each refused loopback connect is the wait.
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public final void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a directory left behind is harmless
        }
    }
}
