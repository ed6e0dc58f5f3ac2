package dev.loopbridge.core;

/**
 * A child process started by {@link EventLoop#exec(ProcessBuilder)}, with its standard streams as
 * loop streams; asyncio's {@code asyncio.subprocess.Process}. Loop thread only: every method checks
 * it and otherwise throws {@link IllegalStateException} naming the loop thread.
 *
 * <h2>Pipes and flow control</h2>
 * {@link #stdin()} is a {@link StreamWriter}: {@code write} never blocks, {@code drain()} waits
 * until the child has taken the bytes down to the low-water mark, {@code close()} closes the pipe
 * once they are written (the child reads end of file). {@link #stdout()} and {@link #stderr()}
 * are {@link StreamReader}s with the usual limit (64 KiB): a child that writes faster than the
 * application reads is held back by the pipe — the loop stops taking its output and the child
 * blocks in {@code write} — so its output never fills the heap. The flip side, as with asyncio
 * and with {@code Process} itself: read what you pipe, or a chatty child blocks for ever on a full
 * pipe; send what you do not want to {@code ProcessBuilder.Redirect.DISCARD}. {@code stdin().transport()}
 * is the pipe itself: no addresses ({@code null}), no TLS; its {@code abort()} drops what is queued.
 *
 * <h2>Redirected streams</h2>
 * A stream the builder redirects ({@code Redirect.INHERIT}, a file, {@code DISCARD}), and
 * {@code stderr} under {@code redirectErrorStream(true)}, has no pipe: its accessor throws
 * {@link IllegalStateException} naming the redirect.
 *
 * <h2>Ending</h2>
 * {@link #exited()} completes with the exit code when the process exits; a process killed by
 * signal {@code n} gives {@code 128 + n} (143 after {@link #terminate()}, 137 after
 * {@link #kill()}). It completes when the process exits, which may be before or after its output
 * pipes reach end of file. Cancelling {@code exited()} — directly, through
 * {@link LoopFuture#orTimeout}, or by closing a {@link LoopScope} that tracks it — kills the process.
 * Closing the loop kills every process it started that is still running.
 *
 * <pre>{@code
 * loop.exec(new ProcessBuilder("git", "log", "--oneline").redirectErrorStream(true))
 *     .thenCompose(git -> git.stdout().forEachLine(listView.getItems()::add)
 *             .thenCompose(end -> git.exited()))
 *     .thenAccept(code -> status.setText("git exited with " + code));
 * }</pre>
 */
public interface Subprocess {

    /**
     * The writer of the child's standard input.
     *
     * @throws IllegalStateException if the builder redirected the child's input
     */
    StreamWriter stdin();

    /**
     * The reader of the child's standard output.
     *
     * @throws IllegalStateException if the builder redirected the child's output
     */
    StreamReader stdout();

    /**
     * The reader of the child's standard error.
     *
     * @throws IllegalStateException if the builder redirected the child's error output, or merged
     *     it into standard output ({@code redirectErrorStream(true)}): read it from {@link #stdout()}
     */
    StreamReader stderr();

    /**
     * A future of the exit code, completed on the loop thread when the process exits; {@code 128 + n}
     * for a process ended by signal {@code n}. The same future on every call. Cancelling it kills
     * the process (and its descendants).
     */
    LoopFuture<Integer> exited();

    /** The operating system's process id. */
    long pid();

    /**
     * Asks the process to stop: {@code SIGTERM} on Unix, to the process and to its descendants
     * (those alive at the call: a child that has already left the tree is not reached). Does
     * nothing once the process has exited.
     */
    void terminate();

    /** Kills the process and its descendants: {@code SIGKILL} on Unix. Does nothing once it has exited. */
    void kill();
}
