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
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LimitOverrunException;
import dev.loopbridge.core.LoopFuture;
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
}
