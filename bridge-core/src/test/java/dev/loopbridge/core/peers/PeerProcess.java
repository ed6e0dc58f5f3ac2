package dev.loopbridge.core.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.loopbridge.core.tck.TestTimeouts;

/**
 * A program the real-peer tests talk to, such as {@code openssl s_server} or a Node.js script.
 * Test thread, except the two reader threads that feed it. Public for the real-peer tests of other
 * modules (bridge-web runs WebSocket peers through it).
 *
 * <p>Its standard output and error are read line by line (UTF-8) on threads of its own, so the
 * pipes never fill up and block it, the test thread can wait for a line it prints (a "ready" line
 * with its port, say), and every failure quotes what the program said. Every wait is bounded by
 * {@link TestTimeouts#TIMEOUT}. {@link #close()} stops it: terminated, then killed if it lingers,
 * and waited for.
 *
 * <pre>{@code
 * PeerProcess server = PeerProcess.start(PeerTool.NODE, "-e", script);
 * int port = Integer.parseInt(server.awaitLine(Pattern.compile("listening on (\\d+)")).group(1));
 * }</pre>
 */
public final class PeerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Thread stdoutReader;
    private final Thread stderrReader;
    /** Lines of standard output not yet consumed by {@link #awaitLine}; an empty Optional marks the end. */
    private final BlockingQueue<Optional<String>> unread = new LinkedBlockingQueue<>();
    /** Guarded by itself; written by the reader threads. */
    private final List<String> stdout = new ArrayList<>();
    /** Guarded by itself; written by the reader threads. */
    private final List<String> stderr = new ArrayList<>();
    /** Both streams interleaved as they arrived, for failure messages; guarded by itself. */
    private final StringBuilder transcript = new StringBuilder();

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdoutReader = reader(process.getInputStream(), "stdout", line -> {
            synchronized (stdout) {
                stdout.add(line);
            }
            unread.add(Optional.of(line));
        });
        this.stderrReader = reader(process.getErrorStream(), "stderr", line -> {
            synchronized (stderr) {
                stderr.add(line);
            }
        });
    }

    /**
     * Starts {@code tool} with {@code args}; its standard input stays open for {@link #send}.
     *
     * @throws AssertionError if the tool is not installed, or cannot be started
     */
    public static PeerProcess start(PeerTool tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(tool.locate().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(tool.environment());
        String name = tool.command() + (args.length > 0 && !args[0].startsWith("-") ? " " + args[0] : "");
        try {
            return new PeerProcess(name, builder.start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + String.join(" ", command), e);
        }
    }

    private Thread reader(InputStream in, String stream, Consumer<String> onLine) {
        return Thread.ofPlatform().daemon().name("peer " + name + " " + stream).start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (transcript) {
                        transcript.append(stream).append("| ").append(line).append('\n');
                    }
                    onLine.accept(line);
                }
            } catch (IOException e) {
                synchronized (transcript) {
                    transcript.append(stream).append("| (not read to its end: ").append(e).append(")\n");
                }
            } finally {
                if (stream.equals("stdout")) {
                    unread.add(Optional.empty());
                }
            }
        });
    }

    /**
     * Waits for the next line of standard output that matches {@code pattern} (as a whole line),
     * skipping the others, and returns its match.
     *
     * @throws AssertionError quoting the output if the program ends or the timeout passes first
     */
    public Matcher awaitLine(Pattern pattern) {
        long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        try {
            while (true) {
                Optional<String> next = unread.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw failure(name + " printed no line matching \"" + pattern + "\" within " + TestTimeouts.TIMEOUT);
                }
                if (next.isEmpty()) {
                    unread.add(next); // later waits see the end too
                    throw failure(name + " closed its output (" + exitDescription() + ") without printing a line"
                            + " matching \"" + pattern + "\"");
                }
                Matcher m = pattern.matcher(next.get());
                if (m.matches()) {
                    return m;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for " + name + " to print \"" + pattern + "\"", e);
        }
    }

    /** Writes {@code text} (UTF-8) to the program's standard input and flushes it. */
    public void send(String text) {
        try {
            OutputStream in = process.getOutputStream();
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw failure("cannot write to the standard input of " + name, e);
        }
    }

    /** Closes the program's standard input: it reads end of file there. */
    public void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the standard input of " + name, e);
        }
    }

    /**
     * Waits for the program to exit by itself and for its output to be read to the end, and checks
     * its exit code.
     *
     * @throws AssertionError quoting the output if it does not exit in time or exits otherwise
     */
    public void awaitExit(int expectedCode) {
        int code = awaitExit();
        if (code != expectedCode) {
            throw failure(name + " exited with code " + code + " (expected: " + expectedCode + ")");
        }
    }

    /**
     * Waits for the program to exit by itself and for its output to be read to the end.
     *
     * @return its exit code
     * @throws AssertionError quoting the output if it does not exit in time
     */
    public int awaitExit() {
        try {
            long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
            if (!process.waitFor(TestTimeouts.TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                throw failure(name + " did not exit within " + TestTimeouts.TIMEOUT);
            }
            joinReaders(deadline);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for " + name + " to exit", e);
        }
    }

    private void joinReaders(long deadline) throws InterruptedException {
        for (Thread t : List.of(stdoutReader, stderrReader)) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (!t.join(Duration.ofMillis(left))) {
                throw failure("the output of " + name + " was not closed within " + TestTimeouts.TIMEOUT
                        + " after it exited (a child process holding it?)");
            }
        }
    }

    /** Every line of standard output read so far (all of them after {@link #awaitExit}). */
    public List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    /** Every line of standard error read so far (all of them after {@link #awaitExit}). */
    public List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** What the program printed so far, both streams, each line marked with its stream. */
    public String transcript() {
        synchronized (transcript) {
            return "--- " + name + " (pid " + process.pid() + ", " + exitDescription() + ") ---\n" + transcript;
        }
    }

    /** An assertion error with {@code message} followed by what the program printed. */
    public AssertionError failure(String message) {
        return new AssertionError(message + "\n" + transcript());
    }

    /** As {@link #failure(String)}, with a cause. */
    public AssertionError failure(String message, Throwable cause) {
        return new AssertionError(message + "\n" + transcript(), cause);
    }

    private String exitDescription() {
        return process.isAlive() ? "running" : "exited with code " + process.exitValue();
    }

    /**
     * Stops the program if it still runs: terminates it (and anything it started), kills it if it
     * lingers, and waits for it and its output.
     *
     * @throws AssertionError if it cannot be stopped within the timeout
     */
    @Override
    public void close() {
        try {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(TestTimeouts.TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                if (!process.waitFor(TestTimeouts.TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw failure(name + " survived SIGKILL for " + TestTimeouts.TIMEOUT);
                }
            }
            joinReaders(System.nanoTime() + TestTimeouts.TIMEOUT.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while stopping " + name, e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
