package dev.loopbridge.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;

import dev.loopbridge.web.Message;

/**
 * The frame parser against random input, fed in random chunks: valid streams give back exactly
 * the messages that were encoded; streams with one known violation end with that violation's
 * close code; random bytes, truncated and corrupted streams never make it throw and end, if they
 * end, with a code a protocol failure may carry. Seeds are fixed so a failure repeats.
 */
class FrameParserFuzzTest {

    private static final int LIMIT = 4096;

    private static void feedInRandomChunks(FrameParser parser, byte[] input, Random random) {
        int pos = 0;
        while (pos < input.length) {
            int n = Math.min(input.length - pos, random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(300));
            parser.feed(input, pos, n);
            pos += n;
        }
    }

    private static byte[] randomPayload(Random random, boolean text, int size) {
        if (!text) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            return b;
        }
        StringBuilder s = new StringBuilder();
        while (s.toString().getBytes(StandardCharsets.UTF_8).length < size) {
            int kind = random.nextInt(4);
            s.appendCodePoint(kind == 0 ? 'a' + random.nextInt(26) : kind == 1 ? 0xE9 : kind == 2 ? 0x20AC : 0x1F600);
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Encodes {@code payload} as one message in random fragments (split anywhere, even inside a
     * UTF-8 sequence), with random pings between them.
     */
    private static void writeMessage(ByteArrayOutputStream out, Random random, boolean server, int opcode, byte[] payload,
            boolean compress, MessageDeflater deflater) {
        byte[] body = compress ? deflater.compress(payload, 0, payload.length) : payload;
        int pos = 0;
        boolean first = true;
        do {
            int n = Math.min(body.length - pos, random.nextInt(3) == 0 ? body.length : random.nextInt(200));
            boolean fin = pos + n == body.length;
            out.writeBytes(FrameWriter.encode(first ? opcode : 0, fin, first && compress, body, pos, n, mask(random, server)));
            if (!fin && random.nextBoolean()) {
                byte[] ping = new byte[random.nextInt(126)];
                out.writeBytes(FrameWriter.encode(9, true, false, ping, 0, ping.length, mask(random, server)));
            }
            pos += n;
            first = false;
        } while (pos < body.length);
    }

    private static byte[] mask(Random random, boolean server) {
        if (!server) {
            return null;
        }
        byte[] m = new byte[4];
        random.nextBytes(m);
        return m;
    }

    @Test
    void validStreamsGiveBackEveryMessageWhateverTheChunkingFragmentationAndCompression() {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            boolean server = random.nextBoolean();
            boolean deflate = random.nextBoolean();
            MessageDeflater deflater = new MessageDeflater(false);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Message> sent = new ArrayList<>();
            for (int m = random.nextInt(8); m >= 0; m--) {
                boolean text = random.nextBoolean();
                int size = random.nextInt(5) == 0 ? LIMIT : random.nextInt(600);
                byte[] payload = randomPayload(random, text, size);
                if (payload.length > LIMIT) {
                    payload = randomPayload(random, false, LIMIT);
                    text = false;
                }
                sent.add(text ? new Message.Text(new String(payload, StandardCharsets.UTF_8)) : new Message.Binary(payload));
                writeMessage(out, random, server, text ? 1 : 2, payload, deflate && random.nextBoolean(), deflater);
            }
            ParserEvents events = new ParserEvents();
            FrameParser parser = new FrameParser(server, LIMIT, deflate ? new Inflater(true) : null, false, events);
            feedInRandomChunks(parser, out.toByteArray(), random);
            assertEquals(sent, events.messages, "seed " + seed + ": " + events.events);
            assertEquals(0, events.failureCode, "seed " + seed);
        }
    }

    /** A stream of valid messages, then one violation of a kind whose close code is known. */
    @Test
    void eachKindOfViolationEndsWithItsCloseCode() {
        for (int seed = 0; seed < 600; seed++) {
            Random random = new Random(seed);
            boolean server = random.nextBoolean();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MessageDeflater deflater = new MessageDeflater(false);
            for (int m = random.nextInt(3); m > 0; m--) {
                writeMessage(out, random, server, 2, randomPayload(random, false, random.nextInt(100)), false, deflater);
            }
            int kind = random.nextInt(9);
            int expected = switch (kind) {
                case 0 -> { // wrong mask bit
                    out.writeBytes(FrameWriter.encode(2, true, false, new byte[3], 0, 3, mask(random, !server)));
                    yield 1002;
                }
                case 1 -> { // reserved opcode
                    int op = new int[] {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}[random.nextInt(10)];
                    out.writeBytes(FrameWriter.encode(op, true, false, new byte[2], 0, 2, mask(random, server)));
                    yield 1002;
                }
                case 2 -> { // RSV2 or RSV3
                    byte[] f = FrameWriter.encode(1, true, false, new byte[2], 0, 2, mask(random, server));
                    f[0] |= (byte) (random.nextBoolean() ? 0x20 : 0x10);
                    out.writeBytes(f);
                    yield 1002;
                }
                case 3 -> { // oversized or fragmented control frame
                    boolean big = random.nextBoolean();
                    byte[] p = new byte[big ? 126 + random.nextInt(1000) : 5];
                    out.writeBytes(FrameWriter.encode(9 + random.nextInt(2), !big ? false : true, false, p, 0, p.length,
                            mask(random, server)));
                    yield 1002;
                }
                case 4 -> { // a 64-bit length with the top bit set
                    out.writeBytes(new byte[] {(byte) 0x82, (byte) ((server ? 0x80 : 0) | 127),
                            (byte) (0x80 | random.nextInt(128)), 0, 0, 0, 0, 0, 0, 1});
                    if (server) {
                        out.writeBytes(mask(random, true));  // the header is whole only with its mask
                    }
                    yield 1002;
                }
                case 5 -> { // invalid UTF-8, perhaps split across fragments
                    byte[] bad = randomPayload(random, true, random.nextInt(50));
                    byte[] withBad = new byte[bad.length + 1];
                    System.arraycopy(bad, 0, withBad, 0, bad.length);
                    withBad[bad.length] = (byte) (0xF8 + random.nextInt(8));
                    writeMessage(out, random, server, 1, withBad, false, deflater);
                    yield 1007;
                }
                case 6 -> { // over the limit, announced in one frame or reached by fragments
                    byte[] p = new byte[LIMIT + 1 + random.nextInt(100)];
                    writeMessage(out, random, server, 2, p, false, deflater);
                    yield 1009;
                }
                case 7 -> { // a bad close code
                    int code = new int[] {0, 999, 1004, 1005, 1006, 1016, 2000, 2999, 5000}[random.nextInt(9)];
                    byte[] p = FrameWriter.closePayload(code, new byte[0]);
                    out.writeBytes(FrameWriter.encode(8, true, false, p, 0, p.length, mask(random, server)));
                    yield 1002;
                }
                default -> { // a continuation with nothing to continue
                    out.writeBytes(FrameWriter.encode(0, true, false, new byte[4], 0, 4, mask(random, server)));
                    yield 1002;
                }
            };
            ParserEvents events = new ParserEvents();
            FrameParser parser = new FrameParser(server, LIMIT, null, false, events);
            feedInRandomChunks(parser, out.toByteArray(), random);
            assertEquals(expected, events.failureCode, "seed " + seed + ", violation " + kind + ": " + events.events);
            assertEquals(0, events.reportsAfterEnd, "seed " + seed);
        }
    }

    @Test
    void randomTruncatedAndCorruptedStreamsNeverThrowAndFailOnlyWithProtocolCodes() {
        Set<Integer> failureCodes = Set.of(1002, 1007, 1009);
        for (int seed = 0; seed < 3000; seed++) {
            Random random = new Random(seed);
            boolean server = random.nextBoolean();
            boolean deflate = random.nextBoolean();
            byte[] input;
            if (seed % 3 == 0) {
                input = new byte[random.nextInt(2000)];
                random.nextBytes(input);
            } else {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                MessageDeflater deflater = new MessageDeflater(false);
                for (int m = 1 + random.nextInt(4); m > 0; m--) {
                    boolean text = random.nextBoolean();
                    writeMessage(out, random, server, text ? 1 : 2, randomPayload(random, text, random.nextInt(LIMIT)),
                            deflate && random.nextBoolean(), deflater);
                }
                input = out.toByteArray();
                for (int flips = random.nextInt(4); flips > 0; flips--) {
                    input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
                }
                if (random.nextBoolean()) {
                    input = java.util.Arrays.copyOf(input, random.nextInt(input.length + 1));
                }
            }
            ParserEvents events = new ParserEvents();
            FrameParser parser = new FrameParser(server, LIMIT, deflate ? new Inflater(true) : null, false, events);
            feedInRandomChunks(parser, input, random);  // an exception fails the test with its seed in the trace
            if (events.failureCode != 0) {
                assertTrue(failureCodes.contains(events.failureCode), "seed " + seed + ": " + events.events);
            }
            assertEquals(0, events.reportsAfterEnd, "seed " + seed);
        }
    }
}
