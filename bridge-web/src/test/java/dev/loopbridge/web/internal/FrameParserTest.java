package dev.loopbridge.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopbridge.web.Message;

/**
 * The frame parser against hand-made frames, each test fed whole and one byte at a time (every
 * split of the input must give the same events).
 */
class FrameParserTest {

    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private static byte[] frame(int opcode, boolean fin, byte[] payload, boolean masked) {
        return FrameWriter.encode(opcode, fin, false, payload, 0, payload.length, masked ? MASK : null);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Parses {@code input} as a client (server frames unmasked) or server would, fed whole or bytewise. */
    private static ParserEvents parse(boolean server, int limit, byte[] input, boolean bytewise) {
        ParserEvents events = new ParserEvents();
        FrameParser parser = new FrameParser(server, limit, null, false, events);
        if (bytewise) {
            for (int i = 0; i < input.length; i++) {
                parser.feed(input, i, 1);
            }
        } else {
            parser.feed(input, 0, input.length);
        }
        assertEquals(0, events.reportsAfterEnd, "events after the close or failure: " + events.events);
        return events;
    }

    private static List<String> client(byte[] input, boolean bytewise) {
        return parse(false, 1 << 20, input, bytewise).events;
    }

    private static List<String> server(byte[] input, boolean bytewise) {
        return parse(true, 1 << 20, input, bytewise).events;
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void unmaskedTextFromServerAndMaskedTextFromClientAreMessages(boolean bytewise) {
        assertEquals(List.of("text hello"), client(frame(1, true, text("hello"), false), bytewise));
        assertEquals(List.of("text héllo €"), server(frame(1, true, text("héllo €"), true), bytewise));
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void theWrongMaskBitIsAProtocolError(boolean bytewise) {
        assertEquals(List.of("fail 1002"), server(frame(1, true, text("hi"), false), bytewise));
        assertEquals(List.of("fail 1002"), client(frame(1, true, text("hi"), true), bytewise));
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void sixteenAndSixtyFourBitLengthsCarryTheirPayloads(boolean bytewise) {
        byte[] small = new byte[125];
        byte[] medium = new byte[126];
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) 7);
        byte[] input = concat(frame(2, true, small, true), frame(2, true, medium, true), frame(2, true, big, true));
        assertEquals(10, frame(2, true, big, false).length - big.length, "64-bit length form");
        assertEquals(List.of("binary 125", "binary 126", "binary 70000"), server(input, bytewise));
        ParserEvents e = parse(true, 1 << 20, input, bytewise);
        assertArrayEquals(big, ((Message.Binary) e.messages.get(2)).data());
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void controlFramesBetweenFragmentsArriveFirst(boolean bytewise) {
        byte[] input = concat(frame(1, false, text("Hel"), false), frame(9, true, new byte[] {1, 2}, false),
                frame(0, false, text("lo, "), false), frame(10, true, new byte[0], false),
                frame(0, true, text("world"), false));
        assertEquals(List.of("ping 0102", "pong ", "text Hello, world"), client(input, bytewise));
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void fragmentationErrorsAreProtocolErrors(boolean bytewise) {
        assertEquals(List.of("fail 1002"), client(frame(0, true, text("orphan"), false), bytewise));
        assertEquals(List.of("fail 1002"), client(concat(frame(1, false, text("a"), false),
                frame(2, true, text("b"), false)), bytewise));
        assertEquals(List.of("fail 1002"), client(frame(9, false, text("ping"), false), bytewise));
        assertEquals(List.of("fail 1002"), client(frame(9, true, new byte[126], false), bytewise));
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void reservedBitsAndOpcodesAreProtocolErrors(boolean bytewise) {
        for (int op : new int[] {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
            assertEquals(List.of("fail 1002"), client(frame(op, true, new byte[0], false), bytewise), "opcode " + op);
        }
        for (int rsv : new int[] {0x40, 0x20, 0x10}) {
            byte[] f = frame(1, true, text("x"), false);
            f[0] |= (byte) rsv;
            assertEquals(List.of("fail 1002"), client(f, bytewise), "reserved bit " + Integer.toHexString(rsv));
        }
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void aSixtyFourBitLengthWithItsTopBitSetIsAProtocolError(boolean bytewise) {
        byte[] f = {(byte) 0x82, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1};
        assertEquals(List.of("fail 1002"), client(f, bytewise));
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void closeFramesAreValidated(boolean bytewise) {
        assertEquals(List.of("close 1000 bye"), client(frame(8, true, FrameWriter.closePayload(1000, text("bye")), false), bytewise));
        assertEquals(List.of("close 1005 "), client(frame(8, true, new byte[0], false), bytewise));
        assertEquals(List.of("close 4999 "), client(frame(8, true, FrameWriter.closePayload(4999, new byte[0]), false), bytewise));
        assertEquals(List.of("fail 1002"), client(frame(8, true, new byte[] {3}, false), bytewise));
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1012, 1015, 2999, 5000, 65535}) {
            assertEquals(List.of("fail 1002"), client(frame(8, true, FrameWriter.closePayload(code, new byte[0]), false),
                    bytewise), "code " + code);
        }
        assertEquals(List.of("fail 1007"), client(frame(8, true, FrameWriter.closePayload(1000,
                new byte[] {(byte) 0xC3}), false), bytewise));
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void aCloseFrameEndsTheParsing(boolean bytewise) {
        byte[] input = concat(frame(8, true, FrameWriter.closePayload(1001, new byte[0]), false),
                frame(1, true, text("after"), false));
        assertEquals(List.of("close 1001 "), client(input, bytewise));
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void utf8IsCheckedAcrossFragmentsAndFailsFast(boolean bytewise) {
        byte[] euro = text("€");  // E2 82 AC, split across three fragments
        byte[] valid = concat(frame(1, false, new byte[] {euro[0]}, false), frame(0, false, new byte[] {euro[1]}, false),
                frame(0, true, new byte[] {euro[2]}, false));
        assertEquals(List.of("text €"), client(valid, bytewise));
        // Fails at the first fragment already: the final one never comes.
        assertEquals(List.of("fail 1007"), client(frame(1, false, new byte[] {'a', (byte) 0xFF}, false), bytewise));
        assertEquals(List.of("fail 1007"), client(frame(1, true, new byte[] {(byte) 0xE2, (byte) 0x82}, false), bytewise));
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0x80})) {
            assertEquals(List.of("fail 1007"), client(frame(1, true, bad, false), bytewise), Arrays.toString(bad));
        }
        assertEquals(List.of("text \uD83D\uDE00"), client(frame(1, true, text("\uD83D\uDE00"), false), bytewise));
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void aMessageOfExactlyTheLimitPassesAndOneByteMoreIsTooBig(boolean bytewise) {
        assertEquals(List.of("binary 100"), parse(false, 100, frame(2, true, new byte[100], false), bytewise).events);
        assertEquals(List.of("fail 1009"), parse(false, 100, frame(2, true, new byte[101], false), bytewise).events);
        byte[] fragmented = concat(frame(2, false, new byte[60], false), frame(0, true, new byte[41], false));
        assertEquals(List.of("fail 1009"), parse(false, 100, fragmented, bytewise).events);
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void compressedMessagesAreInflatedWithContextAcrossMessages(boolean bytewise) {
        MessageDeflater deflater = new MessageDeflater(false);
        byte[] input = new byte[0];
        String sentence = "the same words again and again ".repeat(20);
        for (int i = 0; i < 3; i++) {
            byte[] raw = text(sentence + i);
            byte[] z = deflater.compress(raw, 0, raw.length);
            if (i > 0) {
                assertTrue(z.length < 20, "the second message reuses the window: " + z.length + " bytes");
            }
            input = concat(input, FrameWriter.encode(1, true, true, z, 0, z.length, null));
        }
        ParserEvents e = new ParserEvents();
        // The sessions' parser: it makes its inflater with the first compressed message.
        FrameParser parser = new FrameParser(false, 1 << 20, true, false, e);
        if (bytewise) {
            for (int i = 0; i < input.length; i++) {
                parser.feed(input, i, 1);
            }
        } else {
            parser.feed(input, 0, input.length);
        }
        assertEquals(List.of("text " + sentence + 0, "text " + sentence + 1, "text " + sentence + 2), e.events);
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void aCompressedBombStopsAtTheLimitBeforeItsEnd(boolean bytewise) {
        byte[] zeros = new byte[16 << 20];
        byte[] z = new MessageDeflater(true).compress(zeros, 0, zeros.length);
        assertTrue(z.length < 20_000, "16 MiB of zeros deflate to " + z.length + " bytes");
        byte[] input = FrameWriter.encode(2, true, true, z, 0, z.length, null);
        ParserEvents e = new ParserEvents();
        FrameParser parser = new FrameParser(false, 64 * 1024, new Inflater(true), true, e);
        int fed = 0;
        int step = bytewise ? 1 : 1024;
        while (fed < input.length && e.events.isEmpty()) {
            int n = Math.min(step, input.length - fed);
            parser.feed(input, fed, n);
            fed += n;
        }
        assertEquals(List.of("fail 1009"), e.events);
        assertTrue(fed < input.length / 8, "failed after " + fed + " of " + input.length + " bytes");
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void rsv1WithoutAgreedCompressionOrOnAContinuationIsAProtocolError(boolean bytewise) {
        byte[] z = new MessageDeflater(false).compress(text("abc"), 0, 3);
        assertEquals(List.of("fail 1002"), client(FrameWriter.encode(1, true, true, z, 0, z.length, null), bytewise));
        ParserEvents e = new ParserEvents();
        FrameParser parser = new FrameParser(false, 1 << 20, new Inflater(true), false, e);
        byte[] input = concat(FrameWriter.encode(1, false, true, z, 0, z.length, null),
                FrameWriter.encode(0, true, true, new byte[0], 0, 0, null));
        parser.feed(input, 0, input.length);
        assertEquals(List.of("fail 1002"), e.events);
    }

    /**
     * Found by FrameParserJazzerTest: a compressed text message with an invalid byte before the
     * limit and more after it ended with 1009 when it arrived in one piece (the inflater handed
     * both over at once) and with 1007 when it arrived a byte at a time.
     */
    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void aCompressedTextMessageInvalidBeforeTheLimitAndOverItIsInvalidDataHoweverItArrives(boolean bytewise) {
        byte[] raw = concat(text("ab"), new byte[] {(byte) 0xFF}, text("c".repeat(100)));
        byte[] z = new MessageDeflater(false).compress(raw, 0, raw.length);
        byte[] input = FrameWriter.encode(1, true, true, z, 0, z.length, null);
        ParserEvents e = new ParserEvents();
        FrameParser parser = new FrameParser(false, 10, new Inflater(true), true, e);
        for (int fed = 0; fed < input.length; fed += bytewise ? 1 : input.length) {
            parser.feed(input, fed, bytewise ? 1 : input.length);
        }
        assertEquals(List.of("fail 1007"), e.events);
    }

    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void rsv1OnAControlFrameIsAProtocolError(boolean bytewise) {
        ParserEvents e = new ParserEvents();
        FrameParser parser = new FrameParser(false, 1 << 20, new Inflater(true), false, e);
        byte[] ping = frame(9, true, text("x"), false);
        ping[0] |= 0x40;  // RSV1, which permessage-deflate defines for data frames only
        for (int fed = 0; fed < ping.length; fed += bytewise ? 1 : ping.length) {
            parser.feed(ping, fed, bytewise ? 1 : ping.length);
        }
        assertEquals(List.of("fail 1002"), e.events);
    }

    /** Senders must use the shortest form (RFC 6455 5.2); the parser reads a longer one as it says. */
    @ParameterizedTest(name = "bytewise={0}")
    @ValueSource(booleans = {false, true})
    void aSmallLengthInTheEightByteFormIsRead(boolean bytewise) {
        byte[] empty = {(byte) 0x82, 127, 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(List.of("binary 0"), client(empty, bytewise));
        byte[] three = {(byte) 0x82, 127, 0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};
        assertEquals(List.of("binary 3"), client(three, bytewise));
    }

    @Test
    void theWriterUsesTheShortestLengthFormAndTheParserReadsEveryForm() {
        for (int len : new int[] {0, 125, 126, 65_535, 65_536, 70_000}) {
            byte[] payload = new byte[len];
            for (int i = 0; i < len; i++) {
                payload[i] = (byte) (i * 31);
            }
            byte[] f = FrameWriter.encode(2, true, false, payload, 0, len, null);
            int header = len < 126 ? 2 : len <= 0xFFFF ? 4 : 10;
            assertEquals(header + len, f.length, "a frame of " + len + " bytes");
            ParserEvents e = parse(false, 1 << 20, f, false);
            assertEquals(List.of("binary " + len), e.events);
            assertArrayEquals(payload, ((Message.Binary) e.messages.get(0)).data());
        }
    }
}
