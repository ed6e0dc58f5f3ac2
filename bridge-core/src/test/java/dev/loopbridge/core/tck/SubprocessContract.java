package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.StreamWriter;
import dev.loopbridge.core.Subprocess;

/**
 * Subprocesses ({@code EventLoop.exec}) with real programs — {@code sh}, {@code cat},
 * {@code head}, {@code python3}: pipes, flow control, exit codes and signals, killing, failures,
 * and what is left behind. Unix only.
 */
public interface SubprocessContract extends LoopFixture {

    /** Starts {@code command} on the loop under test and waits until it runs. */
    private Subprocess exec(String... command) {
        return await(loop().exec(new ProcessBuilder(command)));
    }

    /** A child that says "ready" on stdout and sleeps for a minute, once it has said it. */
    private Subprocess sleeper() {
        Subprocess sh = exec("sh", "-c", "echo ready; exec sleep 60");
        assertEquals("ready", await(onLoop(() -> sh.stdout().readLine())));
        return sh;
    }

    /** Everything {@code reader} yields until end of file. Loop thread. */
    static CompletionStage<byte[]> readAll(StreamReader reader) {
        return readAll(reader, new ByteArrayOutputStream());
    }

    private static CompletionStage<byte[]> readAll(StreamReader reader, ByteArrayOutputStream into) {
        return reader.read(256 * 1024).thenCompose(bytes -> {
            if (bytes.length == 0) {
                return CompletableFuture.completedFuture(into.toByteArray());
            }
            into.writeBytes(bytes);
            return readAll(reader, into);
        });
    }

    /** Writes {@code data} in pieces, waiting for the drain after each, then closes. Loop thread. */
    static CompletionStage<Void> writeAllAndClose(StreamWriter writer, byte[] data, int at) {
        if (at == data.length) {
            writer.close();
            return writer.closed();
        }
        int n = Math.min(64 * 1024, data.length - at);
        writer.write(ByteBuffer.wrap(data, at, n));
        return writer.drain().thenCompose(v -> writeAllAndClose(writer, data, at + n));
    }

    /** The exception {@code task} threw on the loop thread. */
    private Throwable thrownOnLoop(Callable<?> task) {
        return failureOf(loop().submit(task));
    }

    private Throwable failureOf(CompletionStage<?> stage) {
        CompletionException e = assertThrows(CompletionException.class, () -> await(stage));
        return e.getCause();
    }

    @Test
    default void catEchoesItsStdinAndExitsWithZero() {
        Subprocess cat = exec("cat");
        List<String> lines = await(onLoop(() -> {
            cat.stdin().writeLine("one");
            cat.stdin().writeLine("two");
            cat.stdin().close();
            List<String> got = new ArrayList<>();
            return cat.stdout().readLine().thenCompose(a -> cat.stdout().readLine().thenCompose(b ->
                    cat.stdout().readLine().thenApply(end -> {
                        got.add(a);
                        got.add(b);
                        got.add(end);
                        return got;
                    })));
        }));
        assertEquals(Arrays.asList("one", "two", null), lines);
        assertEquals(0, await(onLoop(cat::exited)));
    }

    @Test
    default void readsAndTheExitCompleteOnTheLoopThread() {
        Subprocess sh = exec("sh", "-c", "echo hi; exit 3");
        boolean readOnLoop = await(onLoop(() -> sh.stdout().readLine().thenApply(line -> loop().inLoop())));
        boolean exitOnLoop = await(onLoop(() -> sh.exited().thenApply(code -> loop().inLoop())));
        assertTrue(readOnLoop, "the read completed off the loop thread");
        assertTrue(exitOnLoop, "the exit completed off the loop thread");
    }

    @Test
    default void theExitCodeIsTheChildsOwn() {
        Subprocess sh = exec("sh", "-c", "exit 42");
        assertEquals(42, await(onLoop(sh::exited)));
    }

    @Test
    default void terminateEndsTheChildWithSigtermAs143() {
        Subprocess sh = sleeper();
        onLoop(sh::terminate);
        assertEquals(143, await(onLoop(sh::exited)));
    }

    @Test
    default void killEndsTheChildWithSigkillAs137() {
        Subprocess sh = exec("sh", "-c", "trap '' TERM; echo ready; exec sleep 60");
        assertEquals("ready", await(onLoop(() -> sh.stdout().readLine())));
        onLoop(sh::kill);
        assertEquals(137, await(onLoop(sh::exited)));
    }

    @Test
    default void terminateReachesTheChildsDescendants() {
        Subprocess sh = exec("sh", "-c", "sleep 60 & echo $!; wait");
        long grandchild = Long.parseLong(await(onLoop(() -> sh.stdout().readLine())));
        ProcessHandle handle = ProcessHandle.of(grandchild).orElseThrow();
        onLoop(sh::terminate);
        assertEquals(143, await(onLoop(sh::exited)));
        awaitReal(handle.onExit());
        assertFalse(handle.isAlive(), "the grandchild outlived terminate()");
    }

    @Test
    default void killAndCancellingExitedReachTheChildsDescendants() {
        for (boolean byCancel : new boolean[] {false, true}) {
            Subprocess sh = exec("sh", "-c", "sleep 60 & echo $!; wait");
            long grandchild = Long.parseLong(await(onLoop(() -> sh.stdout().readLine())));
            ProcessHandle handle = ProcessHandle.of(grandchild).orElseThrow();
            onLoop(() -> {
                if (byCancel) {
                    sh.exited().cancel(false);
                } else {
                    sh.kill();
                }
            });
            awaitReal(handle.onExit());
            assertFalse(handle.isAlive(), "the grandchild outlived " + (byCancel ? "cancelling exited()" : "kill()"));
        }
    }

    @Test
    default void cancellingExitedKillsTheChild() {
        Subprocess sh = sleeper();
        ProcessHandle handle = ProcessHandle.of(onLoop(sh::pid)).orElseThrow();
        onLoop(() -> sh.exited().cancel(false));
        awaitReal(handle.onExit());
        assertFalse(handle.isAlive());
    }

    @Test
    default void closingAScopeThatTracksExitedKillsTheChild() {
        Subprocess sh = sleeper();
        ProcessHandle handle = ProcessHandle.of(onLoop(sh::pid)).orElseThrow();
        onLoop(() -> {
            LoopScope scope = loop().newScope();
            scope.track(sh.exited());
            scope.close();
        });
        awaitReal(handle.onExit());
        assertFalse(handle.isAlive());
    }

    @Test
    default void aProgramThatCannotStartFailsWithAnIoExceptionNamingIt() {
        Throwable e = failureOf(loop().exec(new ProcessBuilder("loopbridge-no-such-program", "x")));
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("loopbridge-no-such-program"), e.getMessage());
    }

    @Test
    default void redirectedStreamsHaveNoPipeAndSaySo() {
        Subprocess sh = await(loop().exec(new ProcessBuilder("sh", "-c", "echo out; echo err >&2")
                .redirectInput(ProcessBuilder.Redirect.INHERIT).redirectErrorStream(true)));
        Throwable in = assertInstanceOf(IllegalStateException.class, thrownOnLoop(sh::stdin));
        assertTrue(in.getMessage().contains("INHERIT"), in.getMessage());
        Throwable err = assertInstanceOf(IllegalStateException.class, thrownOnLoop(sh::stderr));
        assertTrue(err.getMessage().contains("redirectErrorStream"), err.getMessage());
        String both = new String(await(onLoop(() -> readAll(sh.stdout()))), StandardCharsets.UTF_8);
        assertEquals("out\nerr\n", both);
        Subprocess quiet = await(loop().exec(new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.DISCARD)));
        Throwable out = assertInstanceOf(IllegalStateException.class, thrownOnLoop(quiet::stdout));
        assertTrue(out.getMessage().contains("DISCARD"), out.getMessage());
        assertEquals(0, await(onLoop(quiet::exited)));
    }

    @Test
    default void stdinAndStdoutFlowAtOnceWithoutDeadlock() {
        // 8 MiB is far more than the pipes and the reader hold together: written before it is
        // read, it would block cat, and cat would block the writer.
        byte[] data = new byte[8 << 20];
        new Random(18).nextBytes(data);
        Subprocess cat = exec("cat");
        byte[] echoed = await(onLoop(() -> {
            writeAllAndClose(cat.stdin(), data, 0);
            return readAll(cat.stdout());
        }));
        assertArrayEquals(data, echoed);
        assertEquals(0, await(onLoop(cat::exited)));
    }

    @Test
    default void linesWrittenOneByteAtATimeArriveWhole() {
        String trickle = """
                import os
                for b in "first line\\nsecond\\r\\nlast, unterminated".encode():
                    os.write(1, bytes([b]))
                """;
        Subprocess py = exec("python3", "-c", trickle);
        List<String> lines = await(onLoop(() -> py.stdout().readLine().thenCompose(a -> py.stdout().readLine()
                .thenCompose(b -> py.stdout().readLine().thenCompose(c -> py.stdout().readLine()
                        .thenApply(end -> Arrays.asList(a, b, c, end)))))));
        assertEquals(Arrays.asList("first line", "second", "last, unterminated", null), lines);
        assertEquals(0, await(onLoop(py::exited)));
    }

    @Test
    default void forEachLineHandsOverEveryLineThenCompletes() {
        Subprocess seq = exec("seq", "1", "200000");
        long[] countAndSum = new long[2];
        await(onLoop(() -> seq.stdout().forEachLine(line -> {
            countAndSum[0]++;
            countAndSum[1] += Long.parseLong(line);
        })));
        assertEquals(200_000, countAndSum[0]);
        assertEquals(200_000L * 200_001 / 2, countAndSum[1]);
        assertEquals(0, await(onLoop(seq::exited)));
    }

    @Test
    default void readIntoOneArrayTakesEveryByteOfTheChildsOutput() {
        Subprocess cat = exec("cat");
        byte[] data = new byte[3 << 20];
        new Random(18).nextBytes(data);
        CompletionStage<Void> written = onLoop(() -> writeAllAndClose(cat.stdin(), data, 0));
        byte[] buf = new byte[100_000];
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        await(onLoop(() -> readAllInto(cat.stdout(), buf, got)));
        await(written);
        assertArrayEquals(data, got.toByteArray());
        assertEquals(0, await(onLoop(cat::exited)));
    }

    private static CompletionStage<Void> readAllInto(StreamReader reader, byte[] buf, ByteArrayOutputStream into) {
        return reader.readInto(buf, 0, buf.length).thenCompose(n -> {
            if (n < 0) {
                return CompletableFuture.completedFuture(null);
            }
            into.write(buf, 0, n);
            return readAllInto(reader, buf, into);
        });
    }

    @Test
    default void aBacklogOfOutputIsFedOnePipeReadPerCallbackSoTheBudgetCanEndATickBetween() throws Exception {
        // A budget so short that every tick runs one callback: the lines handed out in one tick
        // are those of one callback. Told to go, the child writes 192 KiB of 16-byte lines at once
        // and exits while the loop is kept busy, so the pump reads it all ahead. Fed in one
        // callback, its 12,288 lines would be handed out with the toolkit held, whatever the
        // budget. A pipe read is at most 64 KiB, 4,096 of these lines.
        EventLoop l = newLoop(options().withTickBudget(Duration.ofNanos(1)));
        Subprocess py = l.runUntilComplete(l.exec(new ProcessBuilder("python3", "-c",
                "import sys; sys.stdin.readline(); sys.stdout.buffer.write(b'0123456789abcde\\n' * 12288)")));
        ProcessHandle child = ProcessHandle.of(l.runUntilComplete(l.submit(py::pid))).orElseThrow();
        long[] tickAndLines = {-1, 0};
        long[] most = new long[1];
        long[] total = new long[1];
        LoopFuture<Void> done = l.runUntilComplete(l.submit(() -> {
            LoopFuture<Void> each = py.stdout().forEachLine(line -> {
                long tick = l.stats().ticks();
                if (tick != tickAndLines[0]) {
                    tickAndLines[0] = tick;
                    tickAndLines[1] = 0;
                }
                most[0] = Math.max(most[0], ++tickAndLines[1]);
                total[0]++;
            });
            py.stdin().writeLine("go");
            child.onExit().get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS); // the loop busy meanwhile
            return each;
        }));
        l.runUntilComplete(done);
        assertEquals(12_288, total[0]);
        assertTrue(most[0] <= 4_097, most[0] + " lines were handed out in one tick of a 1 ns budget:"
                + " more than one pipe read's worth in one callback");
        LoopFuture<Integer> exited = l.runUntilComplete(l.submit(py::exited));
        assertEquals(0, (int) l.runUntilComplete(exited));
    }

    @Test
    default void stdoutAndStderrFloodingTogetherAreBothRead() {
        String both = """
                import os
                for _ in range(1024):
                    os.write(1, b"o" * 1024)
                    os.write(2, b"e" * 1024)
                """;
        Subprocess py = exec("python3", "-c", both);
        CompletionStage<byte[]> err = onLoop(() -> readAll(py.stderr()));
        byte[] out = await(onLoop(() -> readAll(py.stdout())));
        assertEquals(1 << 20, out.length);
        assertEquals(1 << 20, await(err).length);
        assertEquals(0, await(onLoop(py::exited)));
    }

    @Test
    default void aFastChildIsHeldBackByThePipeNotBufferedWithoutBound() {
        // The child writes without blocking until the pipe has stayed full for half a second,
        // then reports on stderr how much it got out. A loop that kept reading while the app reads
        // nothing would let it write its whole 64 MiB.
        String flood = """
                import fcntl, os, sys, time
                flags = fcntl.fcntl(1, fcntl.F_GETFL)
                fcntl.fcntl(1, fcntl.F_SETFL, flags | os.O_NONBLOCK)
                chunk, total, full_since = b"x" * 65536, 0, None
                while total < 64 << 20:
                    try:
                        total += os.write(1, chunk)
                        full_since = None
                    except BlockingIOError:
                        full_since = full_since or time.monotonic()
                        if time.monotonic() - full_since > 0.5:
                            break
                        time.sleep(0.005)
                fcntl.fcntl(1, fcntl.F_SETFL, flags)
                print(total, file=sys.stderr, flush=True)
                """;
        Subprocess py = exec("python3", "-c", flood);
        long written = Long.parseLong(await(onLoop(() -> py.stderr().readLine())));
        int limit = onLoop(() -> py.stdout().limit());
        assertTrue(written < 4L << 20, written + " bytes left the child while nobody read them (reader limit "
                + limit + "): the loop buffered them instead of holding the child back");
        byte[] all = await(onLoop(() -> readAll(py.stdout())));
        assertEquals(written, all.length, "every byte written arrives once read");
        assertEquals(0, await(onLoop(py::exited)));
    }

    @Test
    default void aChildThatNeverReadsItsStdinDoesNotHoldUpTheLoop() {
        Subprocess sh = exec("sh", "-c", "echo ready; exec sleep 60");
        LoopFuture<Void> drained = onLoop(() -> {
            sh.stdin().write(new byte[1 << 20]);
            return sh.stdin().drain();
        });
        assertEquals("ready", await(onLoop(() -> sh.stdout().readLine())), "stdout flows while stdin is stuck");
        assertEquals(4, (int) onLoop(() -> 2 + 2), "the loop runs while stdin is stuck");
        assertFalse(drained.isDone(), "drain completed though the child read none of 1 MiB");
        onLoop(sh::terminate);
        assertEquals(143, await(onLoop(sh::exited)));
        assertInstanceOf(IOException.class, failureOf(drained), "the pipe broke when the child died");
    }

    @Test
    default void aChildThatClosesStdoutEarlyStillRunsToItsExit() {
        Subprocess sh = exec("sh", "-c", "exec 1>&-; read line; echo \"got $line\" >&2; exit 4");
        assertNull(await(onLoop(() -> sh.stdout().readLine())), "stdout ended while the child ran");
        String err = await(onLoop(() -> {
            sh.stdin().writeLine("go");
            return sh.stderr().readLine();
        }));
        assertEquals("got go", err);
        assertEquals(4, await(onLoop(sh::exited)));
        assertTrue(onLoop(() -> sh.stdout().atEof()));
    }

    @Test
    default void writingToAChildThatStoppedReadingFailsTheDrainWithAnIoException() {
        Subprocess head = exec("head", "-c", "1");
        LoopFuture<Void> drained = onLoop(() -> {
            head.stdin().write(new byte[4 << 20]);
            return head.stdin().drain();
        });
        Throwable e = failureOf(drained);
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("stdin of process"), e.getMessage());
        assertEquals(0, await(onLoop(head::exited)));
        assertInstanceOf(IOException.class, failureOf(onLoop(() -> head.stdin().closed())));
        assertEquals(1, await(onLoop(() -> readAll(head.stdout()))).length);
        assertEquals(4, (int) onLoop(() -> 2 + 2), "the loop goes on");
    }

    @Test
    default void spawnsLeaveNoThreadOrDescriptorBehind() {
        SubprocessLeaks.spawnManyAndCount(loop(), this::await, 100, 10);
    }

    @Test
    default void closingTheLoopKillsItsChildrenAndFailsTheirReads() {
        Subprocess sh = sleeper();
        ProcessHandle handle = ProcessHandle.of(onLoop(sh::pid)).orElseThrow();
        LoopFuture<String> pending = onLoop(() -> sh.stdout().readLine());
        loop().close();
        awaitReal(handle.onExit());
        assertFalse(handle.isAlive(), "the child outlived its loop");
        assertTrue(pending.isDone(), "a read was left pending after the loop closed");
        assertTrue(pending.isCompletedExceptionally(), "the pending read should fail: " + pending);
    }
}
