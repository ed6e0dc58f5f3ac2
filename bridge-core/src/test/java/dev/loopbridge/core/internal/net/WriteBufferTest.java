package dev.loopbridge.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The write buffer on its own, written out to a channel that takes at most a set number of bytes
 * per call (a socket whose send buffer fills). Test thread.
 */
class WriteBufferTest {

    /** A channel that takes up to {@code capacity} bytes per write and records what it was given. */
    private static final class Socket implements GatheringByteChannel {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<Integer> buffersPerWrite = new ArrayList<>();
        final List<ByteBuffer> given = new ArrayList<>();
        int capacity;

        Socket(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            buffersPerWrite.add(length);
            given.addAll(Arrays.asList(srcs).subList(offset, offset + length));
            long wrote = 0;
            for (int i = offset; i < offset + length && wrote < capacity; i++) {
                ByteBuffer b = srcs[i];
                while (b.hasRemaining() && wrote < capacity) {
                    received.write(b.get());
                    wrote++;
                }
            }
            return wrote;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static byte[] pattern(int n, int offset) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + offset);
        }
        return b;
    }

    @Test
    void smallWritesShareAChunkAndComeOutInOrder() {
        WriteBuffer buffer = new WriteBuffer();
        assertTrue(buffer.isEmpty());
        ByteBuffer a = ByteBuffer.wrap(pattern(100, 0));
        buffer.append(a);
        assertFalse(a.hasRemaining(), "append leaves the caller's buffer consumed");
        buffer.append(ByteBuffer.wrap(pattern(50, 1), 10, 40)); // from its position to its limit
        assertEquals(140, buffer.size());
        assertFalse(buffer.isEmpty());
        ByteBuffer only = buffer.pollFirst();
        assertNull(buffer.pollFirst(), "two small writes took two chunks");
        assertEquals(0, buffer.size());
        byte[] out = new byte[only.remaining()];
        only.get(out);
        byte[] expected = new byte[140];
        System.arraycopy(pattern(100, 0), 0, expected, 0, 100);
        System.arraycopy(pattern(50, 1), 10, expected, 100, 40);
        assertArrayEquals(expected, out);
    }

    @Test
    void aWriteThatFillsTheLastChunkExactlyStaysInIt() {
        WriteBuffer buffer = new WriteBuffer();
        buffer.append(ByteBuffer.wrap(pattern(16 * 1024 - 10, 0)));
        buffer.append(ByteBuffer.wrap(pattern(10, 3)));
        assertEquals(16 * 1024, buffer.pollFirst().remaining());
        assertNull(buffer.pollFirst());
        buffer.append(ByteBuffer.wrap(pattern(16 * 1024 - 10, 0)));
        buffer.append(ByteBuffer.wrap(pattern(11, 3)));
        assertEquals(16 * 1024 - 10, buffer.pollFirst().remaining(), "a write that does not fit went into the chunk");
        assertEquals(11, buffer.pollFirst().remaining());
        assertEquals(0, buffer.size());
    }

    @Test
    void aFullSocketTakesWhatItCanAndTheRestWaits() throws Exception {
        WriteBuffer buffer = new WriteBuffer();
        byte[] data = pattern(40_000, 5);
        buffer.append(ByteBuffer.wrap(data, 0, 20_000));
        buffer.append(ByteBuffer.wrap(data, 20_000, 20_000));
        Socket socket = new Socket(25_000);
        assertEquals(25_000, buffer.writeTo(socket));
        assertEquals(1, socket.buffersPerWrite.size(), "wrote again to a socket that took less than it was given");
        assertEquals(15_000, buffer.size());
        socket.capacity = 1_000_000;
        assertEquals(15_000, buffer.writeTo(socket));
        assertTrue(buffer.isEmpty());
        assertArrayEquals(data, socket.received.toByteArray());
        assertEquals(0, buffer.writeTo(socket), "an empty buffer wrote something");
    }

    @Test
    void aGatheringWriteTakesAtMostSixteenChunksAndGoesOnWhileTheSocketTakesAll() throws Exception {
        WriteBuffer buffer = new WriteBuffer();
        byte[] data = pattern(20 * 20_000, 1);
        for (int i = 0; i < 20; i++) {
            buffer.append(ByteBuffer.wrap(data, i * 20_000, 20_000)); // over the chunk size: a chunk each
        }
        Socket socket = new Socket(Integer.MAX_VALUE);
        assertEquals(data.length, buffer.writeTo(socket));
        assertEquals(List.of(16, 4), socket.buffersPerWrite);
        assertArrayEquals(data, socket.received.toByteArray());
        assertEquals(0, buffer.size());
    }

    @Test
    void sentChunksAreFilledAgainAFewAtATimeAndNotTheHugeOnes() throws Exception {
        WriteBuffer buffer = new WriteBuffer();
        List<ByteBuffer> first = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            buffer.append(ByteBuffer.wrap(pattern(20_000, i)));
        }
        for (int i = 0; i < 5; i++) {
            first.add(buffer.pollFirst());
        }
        for (ByteBuffer chunk : first) {
            buffer.recycle(chunk);
        }
        List<ByteBuffer> again = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            buffer.append(ByteBuffer.wrap(pattern(20_000, i)));
            again.add(buffer.pollFirst());
        }
        for (int i = 0; i < 4; i++) {
            assertSame(first.get(i), again.get(i), "spare " + i + " was not reused");
            assertEquals(0, again.get(i).position());
            assertEquals(20_000, again.get(i).remaining());
        }
        assertNotSame(first.get(4), again.get(4), "more than four spares were kept");

        ByteBuffer huge = ByteBuffer.allocate(256 * 1024 + 1);
        ByteBuffer largest = ByteBuffer.allocate(256 * 1024);
        WriteBuffer other = new WriteBuffer();
        other.recycle(huge);
        other.recycle(largest);
        other.append(ByteBuffer.wrap(pattern(200_000, 0)));
        assertSame(largest, other.pollFirst(), "a chunk of 256 KiB was not kept");
        other.append(ByteBuffer.wrap(pattern(200_000, 0)));
        assertNotSame(huge, other.pollFirst(), "a chunk over 256 KiB was kept");
    }

    @Test
    void aSpareTooSmallForAWriteIsPassedOver() {
        WriteBuffer buffer = new WriteBuffer();
        ByteBuffer small = ByteBuffer.allocate(100);
        buffer.recycle(small);
        buffer.append(ByteBuffer.wrap(pattern(101, 0)));
        ByteBuffer chunk = buffer.pollFirst();
        assertNotSame(small, chunk);
        assertEquals(16 * 1024, chunk.capacity(), "a new chunk is at least 16 KiB");
        buffer.append(ByteBuffer.wrap(pattern(100, 0)));
        assertSame(small, buffer.pollFirst(), "a spare of exactly the size needed was passed over");
    }

    @Test
    void drainHandsOverEverythingInOrderAndEmptiesTheBuffer() throws Exception {
        WriteBuffer buffer = new WriteBuffer();
        byte[] data = pattern(50_000, 9);
        buffer.append(ByteBuffer.wrap(data, 0, 30_000));
        buffer.append(ByteBuffer.wrap(data, 30_000, 20_000));
        ByteBuffer all = buffer.drain();
        assertEquals(0, all.position());
        byte[] out = new byte[all.remaining()];
        all.get(out);
        assertArrayEquals(data, out);
        assertTrue(buffer.isEmpty());
        assertNull(buffer.pollFirst());
        Socket socket = new Socket(Integer.MAX_VALUE);
        assertEquals(0, buffer.writeTo(socket));
    }

    @Test
    void clearDropsTheBytesAndTheSpares() {
        WriteBuffer buffer = new WriteBuffer();
        ByteBuffer spare = ByteBuffer.allocate(16 * 1024);
        buffer.append(ByteBuffer.wrap(pattern(10, 0)));
        buffer.recycle(spare);
        buffer.clear();
        assertEquals(0, buffer.size());
        assertNull(buffer.pollFirst());
        buffer.append(ByteBuffer.wrap(pattern(10, 0)));
        assertNotSame(spare, buffer.pollFirst(), "a spare outlived clear()");
    }

    @Test
    void aChunkTheSocketTookIsFilledAgainByTheNextWrite() throws Exception {
        WriteBuffer buffer = new WriteBuffer();
        buffer.append(ByteBuffer.wrap(pattern(100, 0)));
        Socket socket = new Socket(Integer.MAX_VALUE);
        assertEquals(100, buffer.writeTo(socket));
        ByteBuffer sent = socket.given.get(0);
        buffer.append(ByteBuffer.wrap(pattern(50, 2)));
        ByteBuffer next = buffer.pollFirst();
        assertSame(sent, next, "a sent chunk was not kept for the next write");
        assertEquals(0, next.position());
        assertEquals(50, next.remaining());
    }

    // ---- the reuse of sent chunks on a pipe: a steady stream allocates nothing, spares stay bounded ----

    private static final int WRITE = 64 * 1024;

    /** Appends {@code n} writes of 64 KiB (a chunk each) and takes them all out, as a pump does. */
    private static List<ByteBuffer> writeAndTake(WriteBuffer buffer, int n) {
        for (int i = 0; i < n; i++) {
            buffer.append(ByteBuffer.allocate(WRITE));
        }
        List<ByteBuffer> taken = new ArrayList<>();
        for (ByteBuffer b; (b = buffer.pollFirst()) != null; ) {
            taken.add(b);
        }
        assertEquals(n, taken.size(), "one chunk per 64 KiB write");
        return taken;
    }

    private static int reused(List<ByteBuffer> before, List<ByteBuffer> after) {
        Set<ByteBuffer> old = Collections.newSetFromMap(new IdentityHashMap<>());
        old.addAll(before);
        return (int) after.stream().filter(old::contains).count();
    }

    @Test
    void aPipesQueueReusesEveryChunkThatWasOutAtOnce() {
        WriteBuffer queue = WriteBuffer.forPipe(768 * 1024);
        List<ByteBuffer> first = writeAndTake(queue, 12); // a high mark's worth plus a pump's batch
        first.forEach(queue::recycle);
        List<ByteBuffer> second = writeAndTake(queue, 12);
        assertEquals(12, reused(first, second), "chunks made anew while as many were given back");
    }

    @Test
    void aPipesQueueKeepsNoMoreSpareBytesThanAsked() {
        WriteBuffer queue = WriteBuffer.forPipe(128 * 1024);
        List<ByteBuffer> first = writeAndTake(queue, 4);
        first.forEach(queue::recycle);
        assertEquals(2, reused(first, writeAndTake(queue, 4)), "128 KiB of spares are two 64 KiB chunks");
    }

    @Test
    void aSocketsBufferKeepsAFewSpares() {
        WriteBuffer buffer = new WriteBuffer();
        List<ByteBuffer> first = writeAndTake(buffer, 12);
        first.forEach(buffer::recycle);
        assertEquals(4, reused(first, writeAndTake(buffer, 12)));
    }
}
