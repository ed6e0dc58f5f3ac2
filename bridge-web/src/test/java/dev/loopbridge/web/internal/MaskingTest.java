package dev.loopbridge.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Masking eight bytes at a time gives what masking byte by byte gives, at every offset, length and phase. */
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
}
