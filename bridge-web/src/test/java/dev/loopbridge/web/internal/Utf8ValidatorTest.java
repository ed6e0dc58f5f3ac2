package dev.loopbridge.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * The validator against the JDK's strict UTF-8 decoder, which refuses overlong forms, surrogates
 * and code points past U+10FFFF: every pair of first two bytes, with continuations at both ends of
 * their range and a non-continuation, whole and split at every point.
 */
class Utf8ValidatorTest {

    private static final int[] TAILS = {0x80, 0xBF, 0x41, 0xC0};

    private static boolean jdkAccepts(byte[] b) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            d.decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean splitAccepts(byte[] b, int at) {
        Utf8Validator v = new Utf8Validator();
        return v.update(b, 0, at) && v.update(b, at, b.length - at) && v.isComplete();
    }

    @Test
    void acceptsExactlyWhatTheJdksStrictDecoderAccepts() {
        for (int b0 = 0; b0 < 256; b0++) {
            for (int b1 = 0; b1 < 256; b1++) {
                check(new byte[] {(byte) b0, (byte) b1});
                for (int t2 : TAILS) {
                    check(new byte[] {(byte) b0, (byte) b1, (byte) t2});
                    for (int t3 : TAILS) {
                        check(new byte[] {(byte) b0, (byte) b1, (byte) t2, (byte) t3});
                    }
                }
            }
            check(new byte[] {(byte) b0});
        }
    }

    private static void check(byte[] b) {
        boolean expected = jdkAccepts(b);
        assertEquals(expected, Utf8Validator.isValid(b, 0, b.length), () -> HexFormat.ofDelimiter(" ").formatHex(b));
        for (int at = 1; at < b.length; at++) {
            int split = at;
            assertEquals(expected, splitAccepts(b, at), () -> HexFormat.ofDelimiter(" ").formatHex(b) + " split at " + split);
        }
    }

    @Test
    void anInvalidByteIsFoundBeforeTheSequenceEnds() {
        Utf8Validator v = new Utf8Validator();
        assertTrue(v.update(new byte[] {(byte) 0xE2}, 0, 1));
        assertFalse(v.isComplete(), "inside a three-byte sequence");
        assertFalse(v.update(new byte[] {0x41}, 0, 1), "an ASCII byte where a continuation must be");
        v.reset();
        assertTrue(v.update(new byte[] {0x41}, 0, 1), "after reset, a new message");
        assertTrue(v.isComplete());
    }
}
