package dev.loopbridge.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The write queue's reuse of sent chunks: a steady stream allocates nothing, and spares stay bounded. */
class WriteBufferTest {

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
