package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.IncompleteReadException;
import dev.loopbridge.core.LimitOverrunException;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.Transport;

/**
 * Streams: every read method, limits, EOF, cancellation and flow control. Parsing tests run twice:
 * with the peer writing everything at once, and one byte at a time.
 */
public interface StreamContract extends NetworkSupport {

    /** Serves {@code payload}, written all at once or byte by byte, then closes. */
    private Server serving(byte[] payload, boolean byteByByte) {
        return listen(() -> new Recorder() {
            @Override
            public void connectionMade(Transport t) {
                super.connectionMade(t);
                if (!byteByByte) {
                    t.write(payload);
                    t.close();
                    return;
                }
                trickle(t, payload, 0);
            }
        });
    }

    private void trickle(Transport t, byte[] payload, int at) {
        if (t.isClosing()) {
            return;
        }
        if (at == payload.length) {
            t.close();
            return;
        }
        t.write(new byte[] {payload[at]});
        loop().callSoon(() -> trickle(t, payload, at + 1));
    }

    /** A server that adds each connection's transport to {@code into} and writes {@code greeting} on it. */
    private Server recordingServer(List<Transport> into, String greeting) {
        return listen(() -> new Recorder() {
            @Override
            public void connectionMade(Transport t) {
                super.connectionMade(t);
                into.add(t);
                t.write(greeting.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** A server that resets the connection (RST) when the client sends anything. */
    private Server resettingOnFirstData() {
        return listen(() -> new Recorder() {
            @Override
            public void dataReceived(ByteBuffer data) {
                made.join().abort();
            }
        });
    }

    private StreamConnection open(Server server) {
        return await(loop().openConnection(ConnectOptions.to(addressOf(server))));
    }

    /** Connects to a server serving {@code payload}, then runs {@code reads} on the loop and waits. */
    private <T> T reading(String payload, boolean byteByByte, Function<StreamConnection, CompletionStage<T>> reads) {
        Server server = serving(payload.getBytes(StandardCharsets.UTF_8), byteByByte);
        StreamConnection c = open(server);
        return await(onLoop(() -> reads.apply(c)));
    }

    private static CompletionStage<List<String>> allLines(StreamConnection c, List<String> into) {
        return c.reader().readLine().thenCompose(line -> {
            into.add(line);
            return line == null ? CompletableFuture.completedFuture(into) : allLines(c, into);
        });
    }

    private void linesAreReadWithoutTheirEndings(boolean byteByByte) {
        List<String> lines = reading("one\ntwo\r\n\nlast without end", byteByByte,
                c -> allLines(c, new ArrayList<>()));
        assertEquals(Arrays.asList("one", "two", "", "last without end", null), lines);
    }

    @Test
    default void readLineReadsLinesWithoutTheirEndings() {
        linesAreReadWithoutTheirEndings(false);
    }

    @Test
    default void readLineReadsLinesWrittenOneByteAtATime() {
        linesAreReadWithoutTheirEndings(true);
    }

    @Test
    default void readLineDecodesUtf8AndReplacesMalformedBytes() {
        byte[] payload = {'c', 'a', 'f', (byte) 0xC3, (byte) 0xA9, ' ', (byte) 0xFF, '\n'};
        Server server = serving(payload, true);
        StreamConnection c = open(server);
        String line = await(onLoop(() -> c.reader().readLine()));
        assertEquals("café \uFFFD", line);
    }

    private void exactReads(boolean byteByByte) {
        String text = "0123456789abcdef";
        List<String> parts = reading(text, byteByByte, c -> c.reader().readExactly(4)
                .thenCompose(a -> c.reader().readExactly(10).thenCompose(b -> c.reader().readExactly(0)
                        .thenApply(zero -> List.of(new String(a), new String(b), new String(zero))))));
        assertEquals(List.of("0123", "456789abcd", ""), parts);
    }

    @Test
    default void readExactlyReadsExactlyThatMany() {
        exactReads(false);
    }

    @Test
    default void readExactlyWorksWhenThePeerWritesOneByteAtATime() {
        exactReads(true);
    }

    @Test
    default void readExactlyPastTheEndFailsWithWhatWasRead() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> reading("abc", true, c -> c.reader().readExactly(5)));
        IncompleteReadException incomplete = assertInstanceOf(IncompleteReadException.class, e.getCause());
        assertArrayEquals("abc".getBytes(), incomplete.partial());
        assertEquals(5, incomplete.expected());
    }

    private void untilReads(boolean byteByByte) {
        List<String> parts = reading("key=value;;next;;tail", byteByByte, c -> c.reader().readUntil(";;".getBytes())
                .thenCompose(a -> c.reader().readUntil(";;".getBytes())
                        .thenApply(b -> List.of(new String(a), new String(b)))));
        assertEquals(List.of("key=value;;", "next;;"), parts);
    }

    @Test
    default void readUntilReadsUpToAndIncludingTheDelimiter() {
        untilReads(false);
    }

    @Test
    default void readUntilWorksWhenThePeerWritesOneByteAtATime() {
        untilReads(true);
    }

    @Test
    default void readUntilWithoutTheDelimiterBeforeTheEndFails() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> reading("no delimiter", false, c -> c.reader().readUntil("\r\n".getBytes())));
        IncompleteReadException incomplete = assertInstanceOf(IncompleteReadException.class, e.getCause());
        assertArrayEquals("no delimiter".getBytes(), incomplete.partial());
    }

    @Test
    default void readReturnsWhatIsThereAndAnEmptyArrayAtTheEnd() {
        List<Integer> sizes = reading("hello world", false, c -> c.reader().readExactly(11)
                .thenCompose(all -> c.reader().read(100).thenApply(end -> List.of(all.length, end.length))));
        assertEquals(List.of(11, 0), sizes);
        List<String> small = reading("abcdef", false, c -> c.reader().read(2)
                .thenCompose(a -> c.reader().read(100).thenApply(b -> List.of(new String(a), new String(b)))));
        assertEquals("ab", small.get(0));
        assertTrue("cdef".startsWith(small.get(1)) && !small.get(1).isEmpty(), small.toString());
    }

    @Test
    default void atEofIsTrueOnceEverythingWasRead() {
        boolean[] eof = reading("x\n", false, c -> c.reader().readLine().thenCompose(line -> {
            boolean before = c.reader().atEof();
            return c.reader().readLine().thenApply(end -> new boolean[] {before, c.reader().atEof()});
        }));
        assertFalse(eof[0] && !eof[1]);
        assertTrue(eof[1]);
    }

    @Test
    default void pendingReadsAreServedInTheOrderTheyWereMade() {
        List<String> lines = reading("first\nsecond\nthird\n", true, c -> {
            LoopFuture<String> a = c.reader().readLine();
            LoopFuture<String> b = c.reader().readLine();
            LoopFuture<String> d = c.reader().readLine();
            return a.thenCombine(b, (x, y) -> x + "," + y).thenCombine(d, (xy, z) -> List.of(xy + "," + z));
        });
        assertEquals(List.of("first,second,third"), lines);
    }

    @Test
    default void aReadIssuedByAnotherReadsCallbackWaitsForItsData() {
        List<Transport> server = new CopyOnWriteArrayList<>();
        Server s = recordingServer(server, "first\n");
        StreamConnection c = open(s);
        // The second read is issued while the reader is completing the first, with no data for it yet.
        LoopFuture<String> second = onLoop(() -> c.reader().readLine().thenCompose(first -> c.reader().readLine()
                .thenApply(next -> first + "," + next)));
        await(loop().sleep(Duration.ofMillis(10)));
        onLoop(() -> server.get(0).write("second\n".getBytes()));
        assertEquals("first,second", await(second));
    }

    @Test
    default void aLineLongerThanTheLimitFailsAndIsDiscarded() {
        Server server = serving(("x".repeat(300) + "\nshort\n").getBytes(), false);
        StreamConnection c = await(loop().openConnection(ConnectOptions.to(addressOf(server)).withStreamLimit(100)));
        CompletionException e = assertThrows(CompletionException.class, () -> await(onLoop(() -> c.reader().readLine())));
        LimitOverrunException overrun = assertInstanceOf(LimitOverrunException.class, e.getCause());
        assertFalse(e.getCause() instanceof IOException, "an over-long line must not look like a lost connection");
        assertTrue(overrun.getMessage().contains("stream limit of 100 bytes"), overrun.getMessage());
        assertEquals("short", await(onLoop(() -> c.reader().readLine())));
    }

    @Test
    default void readUntilPastTheLimitFailsAndLeavesTheData() {
        Server server = serving(("y".repeat(300) + "|").getBytes(), false);
        StreamConnection c = await(loop().openConnection(ConnectOptions.to(addressOf(server)).withStreamLimit(100)));
        CompletionException e = assertThrows(CompletionException.class,
                () -> await(onLoop(() -> c.reader().readUntil("|".getBytes()))));
        assertInstanceOf(LimitOverrunException.class, e.getCause());
        byte[] rest = await(onLoop(() -> c.reader().readExactly(301)));
        assertEquals('|', rest[300]);
    }

    @Test
    default void aCancelledReadLeavesItsDataForTheNextRead() {
        List<Transport> server = new CopyOnWriteArrayList<>();
        Server s = recordingServer(server, "");
        StreamConnection c = open(s);
        LoopFuture<String> first = onLoop(() -> c.reader().readLine());
        assertTrue(first.cancel(false));
        onLoop(() -> server.get(0).write("kept\n".getBytes()));
        assertEquals("kept", await(onLoop(() -> c.reader().readLine())));
    }

    @Test
    default void aTimedOutReadLeavesItsDataForTheNextRead() {
        List<Transport> server = new CopyOnWriteArrayList<>();
        Server s = recordingServer(server, "");
        StreamConnection c = open(s);
        LoopFuture<String> timed = onLoop(() -> c.reader().readLine().orTimeout(20, TimeUnit.MILLISECONDS));
        CompletionException e = assertThrows(CompletionException.class, () -> await(timed));
        assertInstanceOf(TimeoutException.class, e.getCause());
        onLoop(() -> server.get(0).write("after the timeout\n".getBytes()));
        assertEquals("after the timeout", await(onLoop(() -> c.reader().readLine())));
    }

    @Test
    default void readsFailWhenTheConnectionIsReset() {
        Server s = resettingOnFirstData();
        StreamConnection c = open(s);
        LoopFuture<byte[]> read = onLoop(() -> {
            c.writer().write("go".getBytes());
            return c.reader().readExactly(10);
        });
        CompletionException e = assertThrows(CompletionException.class, () -> await(read));
        assertInstanceOf(IOException.class, e.getCause());
    }

    private void forEachLineReadsToTheEnd(boolean byteByByte) {
        List<String> lines = reading("one\ntwo\r\n\nlast without end", byteByByte, c -> {
            List<String> seen = new ArrayList<>();
            return c.reader().forEachLine(seen::add).thenApply(end -> seen);
        });
        assertEquals(List.of("one", "two", "", "last without end"), lines);
    }

    @Test
    default void forEachLineHandsEveryLineToTheActionAndCompletesAtTheEnd() {
        forEachLineReadsToTheEnd(false);
    }

    @Test
    default void forEachLineReadsLinesWrittenOneByteAtATime() {
        forEachLineReadsToTheEnd(true);
    }

    @Test
    default void forEachLineFailsWithWhatTheActionThrewAndReadsNoFurther() {
        Server server = serving("a\nb\nc\n".getBytes(), false);
        StreamConnection c = open(server);
        List<String> seen = new ArrayList<>();
        LoopFuture<Void> each = onLoop(() -> c.reader().forEachLine(line -> {
            if (line.equals("b")) {
                throw new IllegalArgumentException("cannot show " + line);
            }
            seen.add(line);
        }));
        CompletionException e = assertThrows(CompletionException.class, () -> await(each));
        assertEquals("cannot show b", assertInstanceOf(IllegalArgumentException.class, e.getCause()).getMessage());
        assertEquals(List.of("a"), onLoop(() -> List.copyOf(seen)));
        assertEquals("c", await(onLoop(() -> c.reader().readLine())));
    }

    @Test
    default void cancellingForEachLineFromItsActionLeavesTheBufferedLinesBehindIt() {
        List<Transport> server = new CopyOnWriteArrayList<>();
        Server s = recordingServer(server, "first\n");
        StreamConnection c = open(s);
        assertEquals("first", await(onLoop(() -> c.reader().readLine())));
        List<String> seen = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<LoopFuture<Void>> each = new java.util.concurrent.atomic.AtomicReference<>();
        onLoop(() -> each.set(c.reader().forEachLine(line -> {
            seen.add(line);
            if (line.equals("b")) {
                each.get().cancel(false);
            }
        })));
        // Three lines in one write: they arrive together, and after "b" the others are buffered.
        onLoop(() -> server.get(0).write("b\nc\nd\n".getBytes()));
        assertThrows(java.util.concurrent.CancellationException.class, () -> await(each.get()));
        assertEquals("c", await(onLoop(() -> c.reader().readLine())), "the line after the one that cancelled is the next read's");
        assertEquals(List.of("b"), onLoop(() -> List.copyOf(seen)));
    }

    @Test
    default void forEachLineFailsWithTheIOExceptionOfALostConnection() {
        Server s = resettingOnFirstData();
        StreamConnection c = open(s);
        LoopFuture<Void> each = onLoop(() -> {
            c.writer().write("go".getBytes());
            return c.reader().forEachLine(line -> { });
        });
        CompletionException e = assertThrows(CompletionException.class, () -> await(each));
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    default void cancellingForEachLineLeavesTheNextLineForTheNextRead() {
        List<Transport> server = new CopyOnWriteArrayList<>();
        Server s = recordingServer(server, "first\n");
        StreamConnection c = open(s);
        List<String> seen = new ArrayList<>();
        LoopFuture<Void> gotFirst = loop().newFuture();
        LoopFuture<Void> each = onLoop(() -> c.reader().forEachLine(line -> {
            seen.add(line);
            gotFirst.complete(null);
        }));
        await(gotFirst); // the next read is pending now
        assertTrue(onLoop(() -> each.cancel(false)));
        onLoop(() -> server.get(0).write("kept\n".getBytes()));
        assertEquals("kept", await(onLoop(() -> c.reader().readLine())));
        assertEquals(List.of("first"), onLoop(() -> List.copyOf(seen)));
    }

    @Test
    default void writeLineEndsLinesWithTheSeparatorOfTheConnectionsOptions() {
        Server server = await(loop().startServer(c -> {
            c.writer().writeLine("hello");
            return c.reader().readExactly(4).thenAccept(raw -> c.writer().write(raw));
        }, ServerOptions.bind("127.0.0.1", 0).withLineSeparator("\r\n")));
        StreamConnection c = await(loop().openConnection(ConnectOptions.to(addressOf(server)).withLineSeparator("\r\n")));
        String fromServer = new String(await(onLoop(() -> c.reader().readExactly(7))), StandardCharsets.UTF_8);
        onLoop(() -> c.writer().writeLine("hi"));
        String echoed = new String(await(onLoop(() -> c.reader().readExactly(4))), StandardCharsets.UTF_8);
        assertEquals(List.of("hello\r\n", "hi\r\n"), List.of(fromServer, echoed));
        String message = assertThrows(IllegalArgumentException.class,
                () -> ConnectOptions.to("localhost", 1).withLineSeparator("")).getMessage();
        assertTrue(message.startsWith("lineSeparator: \"\" (expected:"), message);
    }

    @Test
    default void drainCompletesOnceTheBufferIsBelowItsLowMark() {
        Recorder serverSide = new Recorder();
        Server s = listen(() -> serverSide);
        StreamConnection c = open(s);
        Transport server = await(serverSide.made);
        onLoop(server::pauseReading);
        byte[] chunk = new byte[1 << 20];
        LoopFuture<Void> drained = onLoop(() -> {
            for (int i = 0; i < 16; i++) {
                c.writer().write(chunk);
            }
            return c.writer().drain();
        });
        await(loop().sleep(Duration.ofMillis(20)));
        assertFalse(drained.isDone(), "drain completed while 16 MiB could not be sent");
        onLoop(server::resumeReading);
        await(drained);
        assertTrue(onLoop(() -> c.writer().transport().writeBufferSize()) <= 16 * 1024);
    }

    @Test
    default void drainFailsOnceTheConnectionIsLost() {
        Recorder serverSide = new Recorder();
        Server s = listen(() -> serverSide);
        StreamConnection c = open(s);
        onLoop(c::close);
        await(onLoop(() -> c.writer().closed()));
        CompletionException e = assertThrows(CompletionException.class, () -> await(onLoop(() -> c.writer().drain())));
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    default void startServerClosesTheConnectionWhenTheHandlerIsDone() {
        Server s = await(loop().startServer(conn -> conn.reader().readLine().thenAccept(line ->
                conn.writer().writeLine("hello " + line)), ServerOptions.bind("127.0.0.1", 0)));
        StreamConnection c = open(s);
        String reply = await(onLoop(() -> {
            c.writer().writeLine("you");
            return c.reader().readLine();
        }));
        assertEquals("hello you", reply);
        assertNull(await(onLoop(() -> c.reader().readLine())), "the server closed after its handler");
    }

    @Test
    default void aHandlerThatFailsIsReportedAndItsConnectionClosed() {
        List<String> reports = new CopyOnWriteArrayList<>();
        loop().setExceptionHandler((l, e, context) -> reports.add(e.getMessage()));
        Server s = await(loop().startServer(conn -> CompletableFuture.failedFuture(new IllegalStateException("handler broke")),
                ServerOptions.bind("127.0.0.1", 0)));
        StreamConnection c = open(s);
        assertNull(await(onLoop(() -> c.reader().readLine())));
        onLoop(() -> { });
        assertEquals(List.of("handler broke"), reports);
    }

    @Test
    default void aHalfClosedStreamStillReadsTheReply() {
        Server s = await(loop().startServer(conn -> conn.reader().read(100).thenCompose(bytes ->
                conn.reader().read(100).thenAccept(end -> conn.writer().writeLine("got " + bytes.length + ", then "
                        + (end.length == 0 ? "EOF" : "more")))), ServerOptions.bind("127.0.0.1", 0)));
        StreamConnection c = open(s);
        String reply = await(onLoop(() -> {
            c.writer().write("12345".getBytes());
            c.writer().writeEof();
            return c.reader().readLine();
        }));
        assertEquals("got 5, then EOF", reply);
    }

    @Test
    default void aFastPeerPausesTheReaderInsteadOfFillingMemory() {
        Recorder serverSide = new Recorder();
        Server s = listen(() -> serverSide);
        StreamConnection c = await(loop().openConnection(ConnectOptions.to(addressOf(s)).withStreamLimit(64 * 1024)));
        Transport server = await(serverSide.made);
        byte[] chunk = new byte[256 * 1024];
        long[] written = {0};
        onLoop(() -> {
            for (int i = 0; i < 32; i++) {
                server.write(chunk); // 8 MiB
            }
            written[0] += 32 * chunk.length;
        });
        long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        while (onLoop(() -> c.writer().transport().isReading()) && System.nanoTime() - deadline < 0) {
            await(loop().sleep(Duration.ofMillis(5)));
        }
        assertFalse(onLoop(() -> c.writer().transport().isReading()), "the reader never paused its transport");
        // How much the kernel holds between the two sockets depends on the machine (receive
        // buffers may grow to tens of MiB): the sender keeps writing until 4 MiB wait in its own
        // buffer, which happens only if the paused reader stopped taking data. A reader that
        // kept reading would drain the sockets and take it all, up to the cap.
        long cap = 256L << 20;
        while (onLoop(server::writeBufferSize) <= 4L << 20 && written[0] < cap) {
            onLoop(() -> {
                server.write(chunk);
                written[0] += chunk.length;
            });
            if (onLoop(server::writeBufferSize) <= 4L << 20) {
                await(loop().sleep(Duration.ofMillis(1)));
            }
        }
        assertTrue(onLoop(server::writeBufferSize) > 4L << 20,
                "the data waits at the sender, not in the reader: " + written[0] + " bytes written");
        assertFalse(onLoop(() -> c.writer().transport().isReading()), "the reader resumed without a read");
        int total = (int) written[0];
        byte[] all = await(onLoop(() -> c.reader().readExactly(total)));
        assertEquals(total, all.length);
    }
}
