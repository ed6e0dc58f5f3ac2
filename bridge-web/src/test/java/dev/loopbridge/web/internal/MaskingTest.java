package dev.loopbridge.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Masking eight bytes at a time gives what masking byte by byte gives, at every offset, length and
 * phase, into an array or into a direct buffer.
 */
class MaskingTest {

    @Test
    void theWideMaskEqualsTheBytewiseOneForEveryOffsetLengthAndPhase() {
        Random random = new Random(5);
        byte[] mask = new byte[4];
        for (int round = 0; round < 2000; round++) {
            random.nextBytes(mask);
            byte[] src = new byte[random.nextInt(100)];
            random.nextBytes(src);
            int off = src.length == 0 ? 0 : random.nextInt(src.length);
            int len = random.nextInt(src.length - off + 1);
            int phase = random.nextInt(4);
            byte[] expected = src.clone();
            int p = phase;
            for (int i = off; i < off + len; i++) {
                expected[i] ^= mask[p];
                p = (p + 1) & 3;
            }
            byte[] inPlace = src.clone();
            assertEquals(p, Masking.apply(inPlace, off, inPlace, off, len, mask, phase));
            assertArrayEquals(expected, inPlace, "round " + round);
            byte[] copy = new byte[len + 3];
            Masking.apply(src, off, copy, 3, len, mask, phase);
            for (int i = 0; i < len; i++) {
                assertEquals(expected[off + i], copy[3 + i]);
            }
        }
    }

    @Test
    void maskingIntoADirectBufferInPiecesEqualsMaskingTheWholeArray() {
        Random random = new Random(6);
        byte[] mask = new byte[4];
        ByteBuffer out = ByteBuffer.allocateDirect(400);
        for (int round = 0; round < 2000; round++) {
            random.nextBytes(mask);
            byte[] src = new byte[random.nextInt(300)];
            random.nextBytes(src);
            byte[] expected = new byte[src.length];
            Masking.apply(src, 0, expected, 0, src.length, mask, 0);
            out.clear().position(random.nextInt(8)); // a header before the payload
            int start = out.position();
            int phase = 0;
            for (int done = 0; done < src.length; ) {
                int n = Math.min(src.length - done, 1 + random.nextInt(40));
                phase = Masking.apply(src, done, out, n, mask, phase);
                done += n;
                assertEquals(start + done, out.position(), "the position moves past what was written");
            }
            byte[] got = new byte[src.length];
            out.get(start, got);
            assertArrayEquals(expected, got, "round " + round);
        }
    }

    @Test
    void withoutAMaskTheBytesAreCopiedAsTheyAre() {
        byte[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
        ByteBuffer out = ByteBuffer.allocateDirect(32);
        assertEquals(3, Masking.apply(src, 2, out, 16, null, 3));
        byte[] got = new byte[16];
        out.get(0, got);
        assertArrayEquals(java.util.Arrays.copyOfRange(src, 2, 18), got);
    }
}
