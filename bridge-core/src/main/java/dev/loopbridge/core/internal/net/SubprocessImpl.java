package dev.loopbridge.core.internal.net;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.StreamWriter;
import dev.loopbridge.core.Subprocess;
import dev.loopbridge.core.internal.BaseEventLoop;

/**
 * A {@link Subprocess}: a {@link Process} whose piped streams are pipe transports under the same
 * {@code StreamReader}/{@code StreamWriter} as sockets. Loop thread only, except {@link #exec},
 * which any thread may call.
 *
 * <h2>Threads while a child runs</h2>
 * Java offers a child's pipes only as blocking streams — no channel a selector could watch — so
 * some thread must block on each. While a child runs there are:
 * <ul>
 *   <li>the JDK's "process reaper" thread, which waits for the exit; {@link Process#onExit()}
 *       then completes on a common-pool thread, and the loop adopts that stage;</li>
 *   <li>one pump thread per piped output (stdout, stderr) while it is being read: it ends at end
 *       of file, and when the reader has stayed paused over its limit for 50 ms (the child then
 *       blocks on the full pipe); a new one starts when the reader wants data again (see
 *       {@link PipeSource});</li>
 *   <li>one pump thread for stdin while there are bytes to write, ended once the queue has been
 *       empty for 50 ms (see {@link PipeSink}).</li>
 * </ul>
 * The 50 ms ({@link PipeThreads#LINGER_NANOS}) keep a steady stream from starting a thread per
 * chunk; no pump thread outlives its pipe's use by more.
 * A stdout or stderr pump hands the loop whole chunks — up to 64 KiB, whatever one {@code read}
 * returned — several to one {@code executeInternal} when the pipe has more at once or the loop is
 * busy, which the loop then feeds to the reader one chunk per callback, so that the tick's time
 * budget applies between them; the stdin pump posts only to resume a paused writer. Nothing is delivered per byte or per
 * line, and everything the application sees runs on the loop thread. The program is started on the loop's blocking executor
 * ({@code ProcessBuilder.start} forks and waits for the exec).
 *
 * <p>Pumps are platform threads. The JDK's pipe streams mark their blocking reads and writes so
 * that a virtual thread there pins its carrier and the scheduler adds a compensating one: a virtual
 * pump blocked on a pipe costs a platform thread all the same, plus the compensation. Measured
 * with {@code SubprocessThroughput} (benchmarks), 1 GiB through {@code cat} on the default loop,
 * JDK 25, 2 cores shared with other work (load 10-12), best of 3-4 rounds: platform pumps about
 * 720 MiB/s at 1.34 s of JVM CPU time, virtual pumps about 550 MiB/s at 1.69 s; plain Java (a
 * thread writing stdin, one reading stdout, no loop) about 1,600 MiB/s at 0.36 s.
 *
 * <p>Why a Java {@code Process}'s pipes cannot go to the loop's selector: the JDK makes them blocking
 * {@code FileInputStream}/{@code FileOutputStream}s over descriptors it does not expose, and
 * {@code ProcessBuilder} can give a child only those pipes, a file, or the parent's streams. A
 * selectable {@code Pipe} of our own cannot be handed to the child without native access (its
 * descriptor number is internal, and a path under {@code /proc/self/fd} cannot be matched to it
 * safely), so the pumps stay. What the loop adds over plain Java is kept small instead: one copy
 * per byte each way on the loop (into the write queue, whose chunks are reused; out to the
 * caller's array, served straight from the pump's buffer when a read waits), and few wake-ups of
 * the loop thread (chunks batched per hand-off, the stdin pump silent unless a writer is paused).
 * Measured with the benchmarks' pipe section (1 GiB through {@code cat}, 3 rounds, load 14-16 on 2
 * cores, the same harness over the old and the new pipe code, alternating): JVM CPU per GiB on the
 * default loop 1.55-1.57 s before, 1.07-1.21 s after, on the FX loop 1.23-1.30 s before, 0.77-1.04
 * s after; plain Java 0.41-0.57 s. Throughput ratios at that load move too much between runs to
 * tell the two apart (default loop / plain Java 0.37-0.70x before, 0.43-0.59x after).
 *
 * <h2>Ending</h2>
 * The exit completes {@link #exited()}. Cancelling it kills the process tree. Closing the loop
 * cancels the adopted exit stage, which kills the process tree and ends the pipes with an
 * {@link IOException}; the pumps end when the pipes reach end of file (a descendant that still
 * holds a pipe keeps its pump blocked until it exits or closes it).
 */
public final class SubprocessImpl implements Subprocess {

    private static final Object CANCELLED = new Object();

    private final BaseEventLoop loop;
    private final Process process;
    private final String name;
    private final StreamWriter stdin;
    private final StreamReader stdout;
    private final StreamReader stderr;
    private final String stdinRedirect;
    private final String stdoutRedirect;
    private final String stderrRedirect;
    private final LoopFuture<Integer> exited;
    private final PipeTransport[] pipes;

    /** {@code EventLoop.exec}. Any thread. */
    public static LoopFuture<Subprocess> exec(BaseEventLoop loop, ProcessBuilder builder) {
        Objects.requireNonNull(builder, "builder");
        ProcessBuilder copy = copyOf(builder);
        if (copy.command().isEmpty()) {
            throw new IllegalArgumentException("the builder's command is empty (expected: a program and its arguments)");
        }
        LoopFuture<Subprocess> result = loop.newFuture();
        // null -> the started Process, or null -> CANCELLED: whoever comes second kills the process.
        AtomicReference<Object> started = new AtomicReference<>();
        LoopFuture<Process> starting = loop.runInExecutor(() -> {
            Process p = copy.start();
            if (!started.compareAndSet(null, p)) {
                destroyTree(p, true); // cancelled while it started
            }
            return p;
        });
        starting.whenCancelled(() -> {
            if (started.getAndSet(CANCELLED) instanceof Process p) {
                destroyTree(p, true);
            }
            result.cancel(false);
        });
        result.whenCancelled(() -> starting.cancel(false));
        starting.whenComplete((p, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else if (result.isDone()) {
                destroyTree(p, true);
            } else {
                result.complete(new SubprocessImpl(loop, p, copy));
            }
        });
        return result;
    }

    /** The builder as it is now, so that later changes to it do not race the start. */
    private static ProcessBuilder copyOf(ProcessBuilder b) {
        ProcessBuilder copy = new ProcessBuilder(List.copyOf(b.command()))
                .directory(b.directory())
                .redirectInput(b.redirectInput())
                .redirectOutput(b.redirectOutput())
                .redirectError(b.redirectError())
                .redirectErrorStream(b.redirectErrorStream());
        copy.environment().clear();
        copy.environment().putAll(b.environment());
        return copy;
    }

    /** Loop thread, once the process has started. */
    private SubprocessImpl(BaseEventLoop loop, Process process, ProcessBuilder b) {
        this.loop = loop;
        this.process = process;
        this.name = "process " + process.pid() + " (" + b.command().get(0) + ")";
        PipeThreads threads = PipeThreads.configured();
        int limit = 64 * 1024;

        stdinRedirect = redirectOf(b.redirectInput());
        PipeSink in = stdinRedirect == null
                ? new PipeSink(loop, process.getOutputStream(), "stdin of " + name, threads) : null;
        stdoutRedirect = redirectOf(b.redirectOutput());
        PipeSource out = stdoutRedirect == null
                ? new PipeSource(loop, process.getInputStream(), "stdout of " + name, threads) : null;
        stderrRedirect = b.redirectErrorStream() ? "redirectErrorStream(true)" : redirectOf(b.redirectError());
        PipeSource err = stderrRedirect == null
                ? new PipeSource(loop, process.getErrorStream(), "stderr of " + name, threads) : null;
        pipes = new PipeTransport[] {in, out, err};

        StreamConnectionImpl inSide = in == null ? null : new StreamConnectionImpl(loop, limit, null, null);
        StreamConnectionImpl outSide = out == null ? null : new StreamConnectionImpl(loop, limit, null, null);
        StreamConnectionImpl errSide = err == null ? null : new StreamConnectionImpl(loop, limit, null, null);
        stdin = inSide == null ? null : inSide.writer;
        stdout = outSide == null ? null : outSide.reader;
        stderr = errSide == null ? null : errSide.reader;

        exited = loop.newFuture();
        exited.whenCancelled(() -> destroyTree(process, true));
        LoopFuture<Process> exit = loop.adopt(process.onExit());
        exit.whenComplete((p, error) -> {
            if (error == null) {
                exited.complete(process.exitValue());
            }
        });
        exit.whenCancelled(this::loopClosing);

        if (in != null) {
            in.start(inSide.protocol);
        }
        if (out != null) {
            out.start(outSide.protocol);
        }
        if (err != null) {
            err.start(errSide.protocol);
        }
    }

    /** How the builder redirected a stream, as code would say it; null for a pipe. */
    private static String redirectOf(ProcessBuilder.Redirect r) {
        if (r.equals(ProcessBuilder.Redirect.DISCARD)) {
            return "Redirect.DISCARD";
        }
        return switch (r.type()) {
            case PIPE -> null;
            case INHERIT -> "Redirect.INHERIT";
            case READ -> "Redirect.from(" + r.file() + ")";
            case WRITE -> "Redirect.to(" + r.file() + ")";
            case APPEND -> "Redirect.appendTo(" + r.file() + ")";
        };
    }

    /** The loop is closing: the process tree is killed and the pipes end with an error. Loop thread. */
    private void loopClosing() {
        destroyTree(process, true);
        IOException closed = new IOException(loop + " closed while " + name + " ran");
        for (PipeTransport p : pipes) {
            if (p != null) {
                p.finish(closed);
            }
        }
        exited.cancel(false);
    }

    /**
     * Signals the process, then its descendants as they were just before: a descendant is no longer
     * one once its parent dies, and signalling the parent first keeps its exit status the signal's
     * (a shell whose child died first might exit 0 before the signal reaches it).
     */
    private static void destroyTree(Process p, boolean forcibly) {
        if (!p.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        for (ProcessHandle d : descendants) {
            if (forcibly) {
                d.destroyForcibly();
            } else {
                d.destroy();
            }
        }
    }

    @Override
    public StreamWriter stdin() {
        loop.checkInLoop("Subprocess.stdin");
        return piped(stdin, "stdin", stdinRedirect);
    }

    @Override
    public StreamReader stdout() {
        loop.checkInLoop("Subprocess.stdout");
        return piped(stdout, "stdout", stdoutRedirect);
    }

    @Override
    public StreamReader stderr() {
        loop.checkInLoop("Subprocess.stderr");
        return piped(stderr, "stderr", stderrRedirect);
    }

    private <T> T piped(T stream, String which, String redirect) {
        if (stream == null && redirect.startsWith("redirectErrorStream")) {
            throw new IllegalStateException(which + " of " + name + " is merged into stdout: the builder set "
                    + redirect + " (read it from stdout())");
        }
        if (stream == null) {
            throw new IllegalStateException(which + " of " + name + " is not a pipe: the builder set " + redirect
                    + " (expected: ProcessBuilder.Redirect.PIPE, the default, to " + (which.equals("stdin")
                    ? "write" : "read") + " it here)");
        }
        return stream;
    }

    @Override
    public LoopFuture<Integer> exited() {
        loop.checkInLoop("Subprocess.exited");
        return exited;
    }

    @Override
    public long pid() {
        loop.checkInLoop("Subprocess.pid");
        return process.pid();
    }

    @Override
    public void terminate() {
        loop.checkInLoop("Subprocess.terminate");
        destroyTree(process, false);
    }

    @Override
    public void kill() {
        loop.checkInLoop("Subprocess.kill");
        destroyTree(process, true);
    }

    @Override
    public String toString() {
        return "Subprocess[" + name + (process.isAlive() ? "]" : ", exited]");
    }
}
