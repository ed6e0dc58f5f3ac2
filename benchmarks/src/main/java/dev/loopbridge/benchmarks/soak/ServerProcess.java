package dev.loopbridge.benchmarks.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * LoopChat's embedded server ({@code LoopChat --server}) as a child process on a fixed loopback
 * port, so that it can be killed and started again: what {@link LoopChatSoak} restarts. The child
 * runs on this JVM's class path; its output goes to a log file. Its memory, descriptors and threads
 * are read from {@code /proc}. Threads: {@link #start} and {@link #kill} from one thread at a time
 * (the soak's main thread, then its restarter, then the main thread again at the end); the gauges
 * from any thread (they read the current process through a volatile field).
 */
final class ServerProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final int port;
    private final Path log;
    private volatile Process process;   // null while stopped; written by the restarting thread

    ServerProcess(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    /** A port that was free a moment ago, for the server to keep across restarts. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    /**
     * Starts the server and returns once it listens; tries again (every 500 ms, up to
     * {@link #START_TIMEOUT}) when it cannot bind.
     */
    void start() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String failure = tryStart(deadline);
            if (failure == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the LoopChat server did not start on port " + port + ": " + failure);
            }
            note("start failed (" + failure + "), again in 500 ms");
            Thread.sleep(500);   // a retry's pace, not synchronisation
        }
    }

    /** Starts the server once: null when it listens, else why not. */
    private String tryStart(long deadline) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.loopbridge.demo.LoopChat",
                "--server", "--port", String.valueOf(port), "--max-clients", "10000", "--max-clients-per-host", "10000"))
                .redirectErrorStream(true);
        Process p = builder.start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, listening), "soak-server-output");
        pump.setDaemon(true);
        pump.start();
        try {
            String line = listening.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null) {
                process = p;
                note("pid " + p.pid() + ": " + line);
                return null;
            }
            p.waitFor(10, TimeUnit.SECONDS);
            return "exited with " + (p.isAlive() ? "nothing yet" : String.valueOf(p.exitValue()));
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly().waitFor();
            return "no \"listening\" line: " + e;
        }
    }

    /** Copies the child's output to the log; completes {@code listening} with its first line, null at its end. */
    private void pump(Process p, CompletableFuture<String> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println("[pid " + p.pid() + "] " + line);
                out.flush();
                if (line.startsWith("LoopChat server listening")) {
                    listening.complete(line);
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        listening.complete(null);
    }

    /** Kills the server as a crash would (SIGKILL) and waits for it to be gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
            note("pid " + process.pid() + " killed");
            process = null;
        }
    }

    /** The server's resident memory in MiB (VmRSS), or -1 while it is down. */
    double rssMib() {
        long kb = status("VmRSS:");
        return kb < 0 ? -1 : kb / 1024.0;
    }

    /** The server's threads, or -1 while it is down. */
    long threads() {
        return status("Threads:");
    }

    /** The server's open descriptors, or -1 while it is down. */
    long descriptors() {
        Process p = process;
        return p == null ? -1 : Sampler.openDescriptors(Path.of("/proc", String.valueOf(p.pid()), "fd"));
    }

    private long status(String field) {
        Process p = process;
        if (p == null) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }

    private void note(String what) {
        System.out.println("soak: server on port " + port + ": " + what);
    }
}
