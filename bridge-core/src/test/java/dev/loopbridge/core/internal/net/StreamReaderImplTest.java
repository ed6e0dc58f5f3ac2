package dev.loopbridge.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.loopbridge.core.IncompleteReadException;
import dev.loopbridge.core.LimitOverrunException;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.core.testing.TestEventLoop;

/**
 * The reader on its own, fed by the test as its connection's protocol would feed it, on a test
 * loop owned by the test thread (so every call here is on the loop thread). The behaviour over real
 * sockets is in the TCK's StreamContract; this covers what a socket cannot arrange: exactly which
 * bytes are buffered when a read is made.
 */
class StreamReaderImplTest {

    private final TestEventLoop loop = TestEventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private StreamReaderImpl newReader(int limit) {
        return new StreamReaderImpl((BaseEventLoop) loop, limit);
    }

    private static void feed(StreamReaderImpl reader, String text) {
        reader.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aWaitingReadTakesTheWholeArrayOfAFeederThatGivesItUpWithoutACopy() {
        StreamReaderImpl reader = newReader(1024);
        LoopFuture<byte[]> read = reader.read(4096);
        byte[] chunk = "0123456789".getBytes(StandardCharsets.UTF_8);
        assertTrue(reader.feedGivingUp(ByteBuffer.wrap(chunk)), "the read took the array");
        assertTrue(read.getNow(null) == chunk, "the read's result is the fed array itself");
        // The reader holds nothing of it: what comes next is read from the reader's own buffer.
        feed(reader, "next");
        assertArrayEquals("next".getBytes(), reader.read(100).getNow(null));
        assertArrayEquals("0123456789".getBytes(), chunk, "nothing wrote into the given array");
    }

    private static String text(LoopFuture<byte[]> read) {
        byte[] b = read.getNow(null);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void bytesPutBackAreReadFirstAndADelimiterSplitBetweenThemAndTheFedOnesIsFound() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "\nHost: x\r\n\r\nrest");
        reader.unread("GET / HTTP/1.1\r".getBytes(StandardCharsets.UTF_8));
        assertEquals("GET / HTTP/1.1\r\n", text(reader.readUntil("\r\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("Host: x\r\n\r\n", text(reader.readUntil("\r\n\r\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("rest", text(reader.read(100)));
    }

    @Test
    void aReadWaitingWhenBytesArePutBackIsServedFromThem() {
        StreamReaderImpl reader = newReader(1024);
        LoopFuture<byte[]> exactly = reader.readExactly(6);
        reader.unread("abc".getBytes(StandardCharsets.UTF_8));
        assertEquals(null, text(exactly), "three of six");
        feed(reader, "defg");
        assertEquals("abcdef", text(exactly));
        reader.unread(new byte[0]);
        reader.unread("12".getBytes(StandardCharsets.UTF_8));
        assertEquals("12g", text(reader.read(100)));
    }

    @Test
    void bytesPutBackByAReadsDependentInsideAFeedComeBeforeTheRestOfThatFeed() {
        // The dependent runs while the reader serves from the feeder's own (lent) array: the bytes
        // must go in front without being written into that array.
        StreamReaderImpl reader = newReader(1024);
        byte[] fed = "first|second".getBytes(StandardCharsets.UTF_8);
        LoopFuture<byte[]> head = reader.readUntil("|".getBytes(StandardCharsets.UTF_8));
        head.thenAccept(bytes -> reader.unread("again:".getBytes(StandardCharsets.UTF_8)));
        reader.feed(ByteBuffer.wrap(fed));
        loop.runUntilIdle();
        assertEquals("first|", text(head));
        assertEquals("again:second", text(reader.read(100)));
        assertArrayEquals("first|second".getBytes(StandardCharsets.UTF_8), fed, "nothing wrote into the fed array");
    }

    private static ByteBuffer direct(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(b.length + 4).put(b).flip();
    }

    @Test
    void bytesFromADirectBufferReachEveryKindOfWaitingReadInOrder() {
        StreamReaderImpl reader = newReader(1024);
        LoopFuture<byte[]> some = reader.read(100); // takes the whole chunk: copied once, straight into its result
        LoopFuture<byte[]> exactly = reader.readExactly(3);
        LoopFuture<String> line = reader.readLine();
        ByteBuffer first = direct("0123");
        reader.feed(first);
        assertEquals(0, first.remaining(), "the feed consumed the buffer");
        assertArrayEquals("0123".getBytes(), some.getNow(null));
        assertFalse(exactly.isDone());
        reader.feed(direct("abcdef\nrest"));
        assertArrayEquals("abc".getBytes(), exactly.getNow(null));
        assertEquals("def", line.getNow(null));
        LoopFuture<byte[]> small = reader.read(2);
        assertArrayEquals("re".getBytes(), small.getNow(null));
        assertArrayEquals("st".getBytes(), reader.read(100).getNow(null));

        LoopFuture<byte[]> tooSmall = reader.read(2); // takes part: the rest is buffered
        reader.feed(direct("wxyz"));
        assertArrayEquals("wx".getBytes(), tooSmall.getNow(null));
        assertArrayEquals("yz".getBytes(), reader.read(100).getNow(null));

        LoopFuture<byte[]> cancelled = reader.read(100);
        LoopFuture<byte[]> after = reader.read(100);
        cancelled.cancel(false);
        reader.feed(direct("late"));
        assertArrayEquals("late".getBytes(), after.getNow(null), "a cancelled read is passed over");
    }

    @Test
    void aFeederKeepsItsArrayUnlessAReadTakesAllOfIt() {
        StreamReaderImpl reader = newReader(1024);
        byte[] chunk = "0123456789".getBytes(StandardCharsets.UTF_8);

        LoopFuture<byte[]> small = reader.read(4); // takes part of it: a copy
        assertFalse(reader.feedGivingUp(ByteBuffer.wrap(chunk)));
        assertArrayEquals("0123".getBytes(), small.getNow(null));
        assertArrayEquals("456789".getBytes(), reader.read(100).getNow(null));

        assertFalse(reader.feedGivingUp(ByteBuffer.wrap(chunk)), "no read waits: the bytes are buffered");
        assertArrayEquals("0123456789".getBytes(), reader.read(100).getNow(null));

        LoopFuture<byte[]> part = reader.read(100);
        assertFalse(reader.feedGivingUp(ByteBuffer.wrap(chunk, 2, 8)), "a part of the array is never given away");
        assertArrayEquals("23456789".getBytes(), part.getNow(null));

        feed(reader, "ab");
        LoopFuture<byte[]> after = reader.read(100);
        LoopFuture<byte[]> waiting = reader.read(100);
        assertArrayEquals("ab".getBytes(), after.getNow(null));
        assertTrue(reader.feedGivingUp(ByteBuffer.wrap(chunk)));
        assertTrue(waiting.getNow(null) == chunk);
        assertFalse(reader.feedGivingUp(ByteBuffer.wrap(chunk.clone())), "no read waits any more");
    }

    @Test
    void aReadTheBufferCanServeCompletesInTheCallThatMakesIt() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "one\ntwo|3456789");
        LoopFuture<String> line = reader.readLine();
        LoopFuture<byte[]> until = reader.readUntil("|".getBytes());
        LoopFuture<byte[]> exactly = reader.readExactly(3);
        LoopFuture<byte[]> some = reader.read(100);
        assertEquals("one", line.getNow(null));
        assertArrayEquals("two|".getBytes(), until.getNow(null));
        assertArrayEquals("345".getBytes(), exactly.getNow(null));
        assertArrayEquals("6789".getBytes(), some.getNow(null));
        assertFalse(line.cancel(false), "a read that completed at once has nothing left to cancel");
        assertFalse(reader.hasPendingReads());
    }

    /** Bytes allocated by this thread so far (com.sun.management, through reflection: this module does not read jdk.management). */
    private static long allocatedByThisThread() throws ReflectiveOperationException {
        Object threads = ManagementFactory.getThreadMXBean();
        Method allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        return (long) allocated.invoke(threads);
    }

    @Test
    void forEachLineHandsOutBufferedLinesWithoutAFuturePerLine() throws Exception {
        // Each line is a 15-byte String: 24 bytes of String and 32 of array. A future per line
        // on top (a readLine each) was most of the cost of forEachLine against BufferedReader.
        byte[] lines = "0123456789abcde\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        long[] count = new long[1];
        for (int warm = 0; warm < 3; warm++) {
            StreamReaderImpl reader = newReader(1 << 20);
            reader.feed(ByteBuffer.wrap(lines));
            reader.forEachLine(line -> count[0]++);
        }
        StreamReaderImpl reader = newReader(1 << 20);
        reader.feed(ByteBuffer.wrap(lines));
        long before = allocatedByThisThread();
        LoopFuture<Void> done = reader.forEachLine(line -> count[0]++);
        double perLine = (allocatedByThisThread() - before) / 20_000.0;
        assertEquals(80_000, count[0]);
        assertFalse(done.isDone(), "the stream has not ended");
        assertTrue(perLine <= 64, perLine + " bytes allocated per line handed out");
        reader.feedEof();
        assertTrue(done.isDone());
    }

    @Test
    void readIntoCopiesWhatIsBufferedToTheOffsetAndSaysHowMuch() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "abcdef");
        byte[] into = "..........".getBytes();
        assertEquals(4, reader.readInto(into, 3, 4).getNow(null));
        assertEquals("...abcd...", new String(into, StandardCharsets.UTF_8));
        assertEquals(2, reader.readInto(into, 0, 10).getNow(null), "at most what is buffered");
        assertEquals("ef.abcd...", new String(into, StandardCharsets.UTF_8));
    }

    @Test
    void readIntoWaitsInOrderBehindOtherReadsAndGivesMinusOneAtTheEnd() {
        StreamReaderImpl reader = newReader(1024);
        LoopFuture<String> line = reader.readLine();
        byte[] into = new byte[8];
        LoopFuture<Integer> first = reader.readInto(into, 0, 8);
        feed(reader, "head\ntail");
        assertEquals("head", line.getNow(null));
        assertEquals(4, first.getNow(null));
        assertEquals("tail", new String(into, 0, 4, StandardCharsets.UTF_8));
        LoopFuture<Integer> end = reader.readInto(into, 0, 8);
        assertFalse(end.isDone());
        reader.feedEof();
        assertEquals(-1, end.getNow(null));
    }

    @Test
    void readIntoRejectsARangeOutsideTheArrayAndAnEmptyOne() {
        StreamReaderImpl reader = newReader(1024);
        byte[] into = new byte[4];
        assertThrows(IndexOutOfBoundsException.class, () -> reader.readInto(into, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> reader.readInto(into, 0, 0));
    }

    @Test
    void aReadServedAtOnceKeepsNothingOfTheReaderAlive() {
        // A cancel hook on the future would hold the reader (and its buffer) for as long as the
        // future is held; a read that completed at once must not have one.
        Served served = readALineAndDropTheReader();
        long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        while (served.reader().get() != null && System.nanoTime() - deadline < 0) {
            System.gc();
        }
        assertNull(served.reader().get(), "the future of a read served at once keeps its reader alive");
        assertEquals("kept", served.line().join());
    }

    private record Served(LoopFuture<String> line, WeakReference<StreamReaderImpl> reader) {
    }

    private Served readALineAndDropTheReader() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "kept\n");
        return new Served(reader.readLine(), new WeakReference<>(reader));
    }

    @Test
    void aReadTheBufferCouldServeWaitsBehindAnEarlierPendingRead() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "01234");
        LoopFuture<byte[]> first = reader.readExactly(10);
        LoopFuture<byte[]> second = reader.read(3);
        assertFalse(first.isDone());
        assertFalse(second.isDone(), "the second read jumped the queue");
        feed(reader, "56789abcdef");
        assertArrayEquals("0123456789".getBytes(), first.getNow(null));
        assertArrayEquals("abc".getBytes(), second.getNow(null));
    }

    @Test
    void aReadMadeByTheDependentOfAServedReadCompletesAtOnceWhenNoReadWaits() {
        // A frame reader's body read is made in the callback of its header read. The header read
        // that waited is still at the head of the queue while its dependents run; the body read
        // must not queue behind it (a cancel hook and a trip through the queue for every frame).
        StreamReaderImpl reader = newReader(1024);
        LoopFuture<byte[]> header = reader.readExactly(4);
        List<LoopFuture<byte[]>> bodies = new ArrayList<>();
        List<Boolean> doneInTheCallback = new ArrayList<>();
        header.thenAccept(h -> {
            LoopFuture<byte[]> body = reader.readExactly(ByteBuffer.wrap(h).getInt());
            bodies.add(body);
            doneInTheCallback.add(body.isDone());
        });
        reader.feed(ByteBuffer.wrap(new byte[] {0, 0, 0, 3, 'a', 'b', 'c', 'd'}));
        assertEquals(List.of(true), doneInTheCallback, "the body read waited behind a read that had completed");
        assertArrayEquals(bytes("abc"), bodies.get(0).getNow(null));
        assertFalse(reader.hasPendingReads());
        assertArrayEquals(bytes("d"), reader.read(10).getNow(null));
    }

    @Test
    void aReadMadeByTheDependentOfAServedReadStillWaitsBehindTheReadsQueuedBeforeIt() {
        StreamReaderImpl reader = newReader(1024);
        LoopFuture<byte[]> first = reader.readExactly(2);
        LoopFuture<byte[]> second = reader.readExactly(2);
        List<LoopFuture<byte[]>> third = new ArrayList<>();
        List<Boolean> doneInTheCallback = new ArrayList<>();
        first.thenAccept(b -> {
            LoopFuture<byte[]> r = reader.readExactly(2);
            third.add(r);
            doneInTheCallback.add(r.isDone());
        });
        feed(reader, "aabbcc");
        assertEquals(List.of(false), doneInTheCallback, "a read jumped one queued before it");
        assertArrayEquals(bytes("aa"), first.getNow(null));
        assertArrayEquals(bytes("bb"), second.getNow(null));
        assertArrayEquals(bytes("cc"), third.get(0).getNow(null));
        assertFalse(reader.hasPendingReads());
    }

    @Test
    void aReadBehindACancelledOneWhoseHookHasNotRunYetTakesTheBytesInOrder() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "abcd");
        LoopFuture<byte[]> waiting = reader.readExactly(10);
        LoopFuture<byte[]> behind = reader.readExactly(1);
        assertTrue(waiting.cancel(false));
        // Whether or not the cancelled read has left the queue yet, a read made now comes after
        // the one still waiting behind it.
        LoopFuture<byte[]> next = reader.readExactly(2);
        loop.runUntilIdle();
        assertArrayEquals(bytes("a"), behind.getNow(null));
        assertArrayEquals(bytes("bc"), next.getNow(null));
        LoopFuture<byte[]> cancelledAlone = reader.readExactly(5);
        assertTrue(cancelledAlone.cancel(false));
        assertArrayEquals(bytes("d"), reader.readExactly(1).getNow(null), "a cancelled read kept the next one waiting");
        assertTrue(reader.readExactly(1).cancel(false), "a read that has to wait can be cancelled");
        loop.runUntilIdle();
        assertFalse(reader.hasPendingReads());
    }

    @Test
    void aReadMadeBeforeTheHookOfAReadCancelledElsewhereRanSearchesFromTheStart() throws Exception {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "a\nb\n");
        LoopFuture<byte[]> untilX = reader.readUntil(bytes("X")); // searches all four bytes, waits
        Thread canceller = Thread.ofPlatform().name("canceller").start(() -> untilX.cancel(false));
        canceller.join(TestTimeouts.TIMEOUT.toMillis());
        assertTrue(untilX.isCancelled());
        // Its hook waits in the loop's queue: the cancelled read (and its search) is still queued.
        LoopFuture<String> line = reader.readLine();
        loop.runUntilIdle();
        assertEquals("a", line.getNow(null), "the line was searched for from where the cancelled read stopped");
        assertEquals("b", reader.readLine().getNow(null));
        assertFalse(reader.hasPendingReads());
    }

    @Test
    void pollExactlyTakesBufferedBytesAtOnceOrNothing() {
        StreamReaderImpl reader = newReader(1024);
        assertNull(reader.pollExactly(1), "nothing is buffered");
        feed(reader, "abcde");
        assertArrayEquals(bytes("abc"), reader.pollExactly(3));
        assertNull(reader.pollExactly(3), "two bytes are buffered, three were asked for");
        assertArrayEquals(new byte[0], reader.pollExactly(0));
        assertArrayEquals(bytes("de"), reader.readExactly(2).getNow(null), "a poll that gave null took bytes");
        assertThrows(IllegalArgumentException.class, () -> reader.pollExactly(-1));
        feed(reader, "xy");
        reader.feedEof();
        assertNull(reader.pollExactly(3), "the stream ended short: readExactly says how");
        assertInstanceOf(IncompleteReadException.class, reader.readExactly(3).exceptionNow());
    }

    @Test
    void pollExactlyNeverJumpsAWaitingReadButFollowsOneThatIsDone() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "ab");
        LoopFuture<byte[]> waiting = reader.readExactly(4);
        assertNull(reader.pollExactly(1), "a poll jumped a waiting read");
        List<byte[]> polled = new ArrayList<>();
        waiting.thenAccept(b -> polled.add(reader.pollExactly(2)));
        feed(reader, "cdef");
        assertArrayEquals(bytes("abcd"), waiting.getNow(null));
        assertEquals(1, polled.size());
        assertArrayEquals(bytes("ef"), polled.get(0), "a poll in the dependent of a read that is done found nothing");
        assertFalse(reader.hasPendingReads());
    }

    @Test
    void aCancelledWaitingReadLeavesItsBytesAndItsSearchToTheNextRead() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "ab\ncd");
        LoopFuture<byte[]> untilX = reader.readUntil("X".getBytes()); // searches all five bytes, waits
        assertTrue(reader.hasPendingReads());
        assertTrue(untilX.cancel(false));
        loop.runUntilIdle();
        assertFalse(reader.hasPendingReads(), "the cancelled read is still queued");
        assertEquals("ab", reader.readLine().getNow(null), "the next read did not search from the start");
    }

    @Test
    void aReadThatFailsAtOnceLeavesItsSearchBehindIt() {
        StreamReaderImpl reader = newReader(8);
        feed(reader, "ab\ncdefgh"); // nine bytes without an X: over the limit of eight
        LoopFuture<byte[]> untilX = reader.readUntil("X".getBytes());
        assertInstanceOf(LimitOverrunException.class, untilX.exceptionNow());
        assertEquals("ab", reader.readLine().getNow(null), "the next read did not search from the start");
    }

    @Test
    void bytesFedToAWaitingReadAreTheReadersOwnOnceFeedReturns() {
        // Reads that wait are served straight from the array fed; what they leave must be copied
        // before feed returns, as the caller (a pipe's pump, a socket's read buffer) reuses the array.
        StreamReaderImpl reader = newReader(1024);
        LoopFuture<byte[]> first = reader.read(3);
        byte[] chunk = "abcdef".getBytes(StandardCharsets.UTF_8);
        reader.feed(ByteBuffer.wrap(chunk));
        Arrays.fill(chunk, (byte) 'x');
        assertArrayEquals("abc".getBytes(), first.getNow(null));
        assertArrayEquals("def".getBytes(), reader.read(100).getNow(null));
    }

    @Test
    void aFeedFromTheDependentOfAReadComesAfterTheBytesFedBeforeIt() {
        StreamReaderImpl reader = newReader(1024);
        reader.readExactly(2).thenAccept(b -> feed(reader, "XY"));
        LoopFuture<byte[]> two = reader.readExactly(2);
        byte[] chunk = "abcd".getBytes(StandardCharsets.UTF_8);
        reader.feed(ByteBuffer.wrap(chunk, 0, 4));
        assertArrayEquals("abcd".getBytes(), chunk, "the reader wrote into the array it was fed");
        Arrays.fill(chunk, (byte) 'x');
        assertArrayEquals("cd".getBytes(), two.getNow(null));
        assertArrayEquals("XY".getBytes(), reader.read(100).getNow(null));
    }

    // ---- the edges of each rule (each test kills a mutant PIT made of the reader; docs/MUTATION.md) ----

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pattern(int n, int offset) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + (i + offset) % 26);
        }
        return b;
    }

    /** A transport that records the reader's pauseReading / resumeReading calls; nothing else is used. */
    private static Transport recordingTransport(List<String> calls) {
        return (Transport) Proxy.newProxyInstance(Transport.class.getClassLoader(), new Class<?>[] {Transport.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "pauseReading", "resumeReading" -> {
                        calls.add(method.getName());
                        yield null;
                    }
                    case "toString" -> "recording transport";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void everyReadRefusesACallerOffTheLoopThread() throws Exception {
        StreamReaderImpl reader = newReader(1024);
        List<Executable> calls = List.of(() -> reader.read(1), () -> reader.readExactly(1), () -> reader.pollExactly(1),
                () -> reader.readUntil(bytes("|")), () -> reader.readLine(), () -> reader.checkInLoop("a test"));
        for (Executable call : calls) {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            Thread.ofPlatform().name("not-the-loop").start(() -> {
                try {
                    call.execute();
                    thrown.complete(null);
                } catch (Throwable e) {
                    thrown.complete(e);
                }
            });
            Throwable e = thrown.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertInstanceOf(IllegalStateException.class, e, "a read made off the loop thread was accepted");
            assertTrue(e.getMessage().contains("not-the-loop"), e.getMessage());
        }
        assertFalse(reader.hasPendingReads());
    }

    @Test
    void readAsksForAtLeastOneByte() {
        StreamReaderImpl reader = newReader(1024);
        assertThrows(IllegalArgumentException.class, () -> reader.read(0));
        assertThrows(IllegalArgumentException.class, () -> reader.readExactly(-1));
        assertArrayEquals(new byte[0], reader.readExactly(0).getNow(null), "readExactly(0) is served at once");
        assertFalse(reader.read(1).isDone());
    }

    @Test
    void noKindOfReadJumpsAnEarlierPendingRead() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "ab|c\n");
        LoopFuture<byte[]> first = reader.readExactly(10);
        LoopFuture<byte[]> exactly = reader.readExactly(2);
        LoopFuture<byte[]> until = reader.readUntil(bytes("|"));
        LoopFuture<String> line = reader.readLine();
        assertFalse(exactly.isDone() || until.isDone() || line.isDone(), "a read jumped the pending one");
        feed(reader, "0123|ab|cd\nrest");
        assertArrayEquals(bytes("ab|c\n0123|"), first.getNow(null));
        assertArrayEquals(bytes("ab"), exactly.getNow(null));
        assertArrayEquals(bytes("|"), until.getNow(null));
        assertEquals("cd", line.getNow(null));
    }

    @Test
    void oneFeedServesEveryQueuedReadItCan() {
        // A queued read that completes must not stop the round: the reads behind it are served too.
        StreamReaderImpl reader = newReader(1024);
        LoopFuture<byte[]> some = reader.read(2);
        LoopFuture<byte[]> exactly = reader.readExactly(2);
        LoopFuture<byte[]> until = reader.readUntil(bytes("|"));
        LoopFuture<String> line = reader.readLine();
        LoopFuture<byte[]> rest = reader.read(100);
        feed(reader, "abcde|f\ngh");
        assertArrayEquals(bytes("ab"), some.getNow(null));
        assertArrayEquals(bytes("cd"), exactly.getNow(null));
        assertArrayEquals(bytes("e|"), until.getNow(null));
        assertEquals("f", line.getNow(null));
        assertArrayEquals(bytes("gh"), rest.getNow(null));
        assertFalse(reader.hasPendingReads());
    }

    @Test
    void readsThatFailDoNotStopTheReadsBehindThem() {
        StreamReaderImpl reader = newReader(4);
        LoopFuture<byte[]> untilX = reader.readUntil(bytes("X")); // five bytes, no X: over the limit, kept
        LoopFuture<String> openLine = reader.readLine();           // five bytes, no line end: dropped
        LoopFuture<byte[]> none = reader.readExactly(0);           // needs no byte: served in the same round
        LoopFuture<byte[]> after = reader.read(100);
        feed(reader, "abcde");
        assertInstanceOf(LimitOverrunException.class, untilX.exceptionNow());
        LimitOverrunException open = assertInstanceOf(LimitOverrunException.class, openLine.exceptionNow());
        assertEquals(5, open.consumed());
        assertArrayEquals(new byte[0], none.getNow(null), "the round stopped at the refused line");
        assertFalse(after.isDone(), "the bytes of the refused line were not discarded");
        feed(reader, "ok");
        assertArrayEquals(bytes("ok"), after.getNow(null));
        LoopFuture<String> longLine = reader.readLine();
        feed(reader, "abcd\nz\n");
        assertInstanceOf(LimitOverrunException.class, longLine.exceptionNow(), "a line of five bytes passed a limit of 4");
        assertEquals("z", reader.readLine().getNow(null));
    }

    @Test
    void readsThatMeetTheEndDoNotStopTheReadsBehindThem() {
        StreamReaderImpl reader = newReader(1024);
        LoopFuture<byte[]> untilX = reader.readUntil(bytes("X"));
        LoopFuture<byte[]> exactly = reader.readExactly(5);
        LoopFuture<String> line = reader.readLine();
        LoopFuture<String> lastLine = reader.readLine();
        LoopFuture<byte[]> atEnd = reader.read(100);
        feed(reader, "ab");
        reader.feedEof();
        assertInstanceOf(IncompleteReadException.class, untilX.exceptionNow());
        assertInstanceOf(IncompleteReadException.class, exactly.exceptionNow());
        assertNull(line.getNow("pending"));
        assertNull(lastLine.getNow("pending"));
        assertArrayEquals(new byte[0], atEnd.getNow(null));
    }

    @Test
    void theLastUnterminatedLineIsServedAndTheReadsBehindItToo() {
        StreamReaderImpl reader = newReader(1024);
        LoopFuture<String> line = reader.readLine();
        LoopFuture<String> after = reader.readLine();
        feed(reader, "tail");
        reader.feedEof();
        assertEquals("tail", line.getNow(null));
        assertNull(after.getNow("pending"));
    }

    @Test
    void aDelimiterAtTheFirstByteOfTheBufferIsFound() {
        StreamReaderImpl fresh = newReader(1024);
        feed(fresh, "|x");
        assertArrayEquals(bytes("|"), fresh.readUntil(bytes("|")).getNow(null), "a delimiter at index 0 was not found");
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "\n|x");
        assertEquals("", reader.readLine().getNow(null), "an empty first line was not found");
        assertArrayEquals(bytes("|"), reader.readUntil(bytes("|")).getNow(null));
        feed(reader, "\r\n");
        assertEquals("x", reader.readLine().getNow(null));
        feed(reader, "\n");
        assertEquals("", reader.readLine().getNow(null));
    }

    @Test
    void aLineOrChunkOfExactlyTheLimitIsAccepted() {
        StreamReaderImpl reader = newReader(8);
        feed(reader, "1234567\n");
        assertEquals("1234567", reader.readLine().getNow(null));
        feed(reader, "abcdefg|");
        assertArrayEquals(bytes("abcdefg|"), reader.readUntil(bytes("|")).getNow(null));
        feed(reader, "12345678"); // the limit, with no line end and no delimiter yet: the reads wait
        LoopFuture<String> line = reader.readLine();
        assertFalse(line.isDone(), "eight bytes without a line end were refused under a limit of eight");
        feed(reader, "\n");
        assertInstanceOf(LimitOverrunException.class, line.exceptionNow());
        feed(reader, "12345678");
        LoopFuture<byte[]> until = reader.readUntil(bytes("|"));
        assertFalse(until.isDone(), "eight bytes without a delimiter were refused under a limit of eight");
        feed(reader, "9");
        assertInstanceOf(LimitOverrunException.class, until.exceptionNow());
    }

    @Test
    void aResumedSearchDoesNotLookAtBytesAlreadyTaken() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "x|abc");
        assertArrayEquals(bytes("x|"), reader.readUntil(bytes("|")).getNow(null));
        LoopFuture<byte[]> until = reader.readUntil(bytes("|")); // searches "abc" and waits
        assertFalse(until.isDone());
        feed(reader, "d|");
        assertArrayEquals(bytes("abcd|"), until.getNow(null));
    }

    @Test
    void theReaderPausesPastTwiceItsLimitAndResumesAtTheLimit() {
        List<String> calls = new ArrayList<>();
        StreamReaderImpl reader = newReader(4);
        reader.setTransport(recordingTransport(calls));
        feed(reader, "12345678");
        assertEquals(List.of(), calls, "paused at twice the limit, not past it");
        feed(reader, "9");
        assertEquals(List.of("pauseReading"), calls);
        assertArrayEquals(bytes("1"), reader.read(1).getNow(null));
        assertEquals(List.of("pauseReading"), calls, "resumed with 8 bytes buffered, over the limit of 4");
        assertArrayEquals(bytes("2345"), reader.readExactly(4).getNow(null));
        assertEquals(List.of("pauseReading", "resumeReading"), calls, "not resumed at the limit");
    }

    @Test
    void eachKindOfReadServedAtOnceResumesAPausedTransport() {
        for (int kind = 0; kind < 4; kind++) {
            List<String> calls = new ArrayList<>();
            StreamReaderImpl reader = newReader(4);
            reader.setTransport(recordingTransport(calls));
            feed(reader, "ab\ncd\nefg");
            assertEquals(List.of("pauseReading"), calls);
            for (int i = 0; i < 2; i++) {
                LoopFuture<?> read = switch (kind) {
                    case 0 -> reader.read(3);
                    case 1 -> reader.readExactly(3);
                    case 2 -> reader.readUntil(bytes("\n"));
                    default -> reader.readLine();
                };
                assertTrue(read.isDone());
                assertEquals(i == 0 ? List.of("pauseReading") : List.of("pauseReading", "resumeReading"), calls,
                        "read kind " + kind + ", with " + (6 - 3 * i) + " bytes left under a limit of 4");
            }
        }
    }

    @Test
    void aWaitingReadIsServedFromAFedBufferAtItsPosition() {
        StreamReaderImpl reader = newReader(1024);
        LoopFuture<byte[]> first = reader.read(3);
        ByteBuffer data = ByteBuffer.wrap(bytes("skipABCDEF"));
        data.position(4);
        reader.feed(data);
        assertFalse(data.hasRemaining());
        assertArrayEquals(bytes("ABC"), first.getNow(null));
        assertArrayEquals(bytes("DEF"), reader.read(100).getNow(null));
    }

    @Test
    void whatWaitingReadsLeaveOfALargeFeedIsKept() {
        StreamReaderImpl reader = newReader(1 << 16);
        LoopFuture<byte[]> first = reader.read(3);
        byte[] burst = pattern(5000, 0);
        reader.feed(ByteBuffer.wrap(burst));
        assertArrayEquals(Arrays.copyOfRange(burst, 0, 3), first.getNow(null));
        assertArrayEquals(Arrays.copyOfRange(burst, 3, 5000), reader.readExactly(4997).getNow(null));
    }

    @Test
    void theBufferKeepsItsBytesWhenItMovesThemDownAndWhenItGrows() {
        StreamReaderImpl reader = newReader(1 << 16);
        byte[] first = pattern(1000, 0);
        reader.feed(ByteBuffer.wrap(first));
        assertArrayEquals(Arrays.copyOfRange(first, 0, 900), reader.readExactly(900).getNow(null));
        byte[] second = pattern(924, 7); // 100 unread + 924 fill the 1,024 bytes exactly once moved down
        reader.feed(ByteBuffer.wrap(second));
        assertEquals(1024, reader.capacity(), "the buffer grew where moving its bytes down was enough");
        assertArrayEquals(Arrays.copyOfRange(first, 900, 1000), reader.readExactly(100).getNow(null));
        assertArrayEquals(Arrays.copyOfRange(second, 0, 100), reader.readExactly(100).getNow(null));
        byte[] third = pattern(1000, 3); // 824 unread + 1,000: more than 1,024 bytes, the buffer must grow
        reader.feed(ByteBuffer.wrap(third));
        assertEquals(2048, reader.capacity());
        assertArrayEquals(Arrays.copyOfRange(second, 100, 924), reader.readExactly(824).getNow(null));
        assertArrayEquals(third, reader.readExactly(1000).getNow(null));
    }

    @Test
    void aFeedThatFitsExactlyDoesNotGrowTheBuffer() {
        StreamReaderImpl reader = newReader(1 << 16);
        reader.feed(ByteBuffer.wrap(pattern(1024, 0)));
        assertEquals(1024, reader.capacity());
        assertArrayEquals(pattern(1024, 0), reader.readExactly(1024).getNow(null));
    }

    @Test
    void theBufferShrinksWhenEmptiedOnlyPastFourTimesTheLimit() {
        StreamReaderImpl reader = newReader(1024); // keeps up to max(1,024, 4 x 1,024) = 4,096 bytes
        reader.feed(ByteBuffer.wrap(pattern(4096, 0)));
        assertEquals(4096, reader.capacity());
        reader.readExactly(4096).join();
        assertEquals(4096, reader.capacity(), "a buffer of four times the limit was given back");
        reader.feed(ByteBuffer.wrap(pattern(5000, 0)));
        assertTrue(reader.capacity() > 4096);
        reader.readExactly(4999).join();
        assertTrue(reader.capacity() > 4096, "the buffer shrank with a byte still unread");
        assertArrayEquals(pattern(1, 4999), reader.read(10).getNow(null));
        assertEquals(1024, reader.capacity(), "the burst's buffer was kept once emptied");
    }

    @Test
    void atEofOnlyOnceTheEndCameAndEveryByteWasRead() {
        StreamReaderImpl reader = newReader(1024);
        assertEquals(1024, reader.limit());
        assertFalse(reader.atEof());
        feed(reader, "ab");
        reader.feedEof();
        assertFalse(reader.atEof(), "at EOF with two bytes unread");
        reader.read(100).join();
        assertTrue(reader.atEof());
    }

    @Test
    void takeBufferedHandsOverEveryUnreadByte() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "hello, TLS");
        assertArrayEquals(bytes("hel"), reader.readExactly(3).getNow(null));
        assertArrayEquals(bytes("lo, TLS"), reader.takeBuffered());
        assertFalse(reader.read(1).isDone(), "bytes taken for the upgrade were left in the reader");
    }

    @Test
    void cancellingTheHeadReadServesTheReadsBehindIt() {
        StreamReaderImpl reader = newReader(1024);
        feed(reader, "abc");
        LoopFuture<byte[]> head = reader.readExactly(10);
        LoopFuture<byte[]> behind = reader.read(2);
        assertFalse(behind.isDone());
        assertTrue(head.cancel(false));
        loop.runUntilIdle();
        assertArrayEquals(bytes("ab"), behind.getNow(null), "the read behind a cancelled one still waits");
    }
}
