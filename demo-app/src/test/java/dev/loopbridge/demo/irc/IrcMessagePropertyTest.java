package dev.loopbridge.demo.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Property tests of the IRC codec: seeded random inputs, many iterations, so a failure names its
 * seed and iteration and repeats exactly.
 */
class IrcMessagePropertyTest {

    private static final long SEED = 0x10095EEDL;
    private static final int ITERATIONS = 20_000;

    @Test
    void everyWellFormedMessageSurvivesSerializeThenParse() {
        Random random = new Random(SEED);
        for (int i = 0; i < ITERATIONS; i++) {
            IrcMessage message = randomMessage(random);
            String wire = message.toWire();
            assertEquals(message, IrcMessage.parse(wire).orElseThrow(), "seed " + SEED + " iteration " + i + ": " + wire);
        }
    }

    @Test
    void anyByteSequenceIsFramedAndParsedWithoutThrowing() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] bytes = randomBytes(random);
            List<String> lines = new ArrayList<>();
            LineFramer framer = new LineFramer(600, line -> lines.add(line.text()));
            framer.feed(bytes);
            framer.feed(new byte[] {'\n'});
            for (String line : lines) {
                IrcMessage.parse(line).ifPresent(parsed -> {
                    // Whatever parsed is a message: if it can be written, it reads back the same.
                    String wire;
                    try {
                        wire = parsed.toWire();
                    } catch (IllegalArgumentException unwritable) {
                        return;
                    }
                    assertEquals(parsed, IrcMessage.parse(wire).orElseThrow());
                });
            }
        }
    }

    @Test
    void tagValuesRoundTripThroughEscaping() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < ITERATIONS; i++) {
            String value = randomText(random, 20, true).replace("\0", "");
            IrcMessage message = IrcMessage.of("TAGMSG", "#c").withTag("+example.com/k", value);
            String wire = message.toWire();
            assertFalse(wire.contains("\r") || wire.contains("\n"), wire);
            assertEquals(value, IrcMessage.parse(wire).orElseThrow().tags().get("+example.com/k"));
        }
    }

    @Test
    void textWithLineBreaksNeverReachesTheWire() {
        Random random = new Random(SEED + 3);
        for (int i = 0; i < ITERATIONS; i++) {
            String text = randomText(random, 40, true);
            String cleaned = IrcText.clean(text);
            String wire = IrcMessage.of("PRIVMSG", "#c", cleaned).toWire();
            assertFalse(wire.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0), wire);
            if (!cleaned.equals(text)) {
                String raw = text;
                assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("PRIVMSG", "#c", raw).toWire());
            }
        }
    }

    @Test
    void splitPiecesFitTheBudgetKeepEveryCharacterAndNeverCutOne() {
        Random random = new Random(SEED + 4);
        for (int i = 0; i < ITERATIONS / 4; i++) {
            String text = randomText(random, 1500, false);
            int budget = 4 + random.nextInt(400);
            List<String> pieces = IrcText.split(text, budget);
            assertEquals(text, String.join("", pieces), "seed " + SEED + " iteration " + i);
            for (String piece : pieces) {
                assertTrue(IrcText.utf8Length(piece) <= budget, piece);
                assertEquals(IrcText.utf8Length(piece), piece.getBytes(StandardCharsets.UTF_8).length);
                if (!piece.isEmpty()) {
                    assertFalse(Character.isLowSurrogate(piece.charAt(0)), "a piece starts inside a character");
                    assertFalse(Character.isHighSurrogate(piece.charAt(piece.length() - 1)), "a piece ends inside a character");
                }
            }
        }
    }

    @Test
    void invalidUtf8IsReplacedAndTheLineKept() {
        byte[] line = {'P', 'R', 'I', 'V', 'M', 'S', 'G', ' ', '#', 'c', ' ', ':', (byte) 0xff, 'o', 'k', (byte) 0xc3, '\r', '\n'};
        List<LineFramer.Line> lines = new ArrayList<>();
        new LineFramer(512, lines::add).feed(line);
        assertEquals(1, lines.size());
        IrcMessage message = IrcMessage.parse(lines.get(0).text()).orElseThrow();
        assertEquals("\uFFFDok\uFFFD", message.last());
    }

    @Test
    void overlongLinesAreCutAtTheLimitAndFlagged() {
        List<LineFramer.Line> lines = new ArrayList<>();
        LineFramer framer = new LineFramer(512, lines::add);
        framer.feed(("PRIVMSG #c :" + "x".repeat(2000) + "\r\nPING :ok\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).truncated());
        assertEquals(512, lines.get(0).text().length());
        assertEquals("PING :ok", lines.get(1).text());
        assertFalse(lines.get(1).truncated());
    }

    @Test
    void lenientParsingOfWhatRealServersSend() {
        IrcMessage m = IrcMessage.parse("@time=2024-01-01T00:00:00Z;msgid=a\\sb;flag :nick!u@h  privmsg  #c  :hi there").orElseThrow();
        assertEquals(Map.of("time", "2024-01-01T00:00:00Z", "msgid", "a b", "flag", ""), m.tags());
        assertEquals("nick", m.sourceNick());
        assertEquals("PRIVMSG", m.command());
        assertEquals(List.of("#c", "hi there"), m.params());
        assertTrue(IrcMessage.parse("").isEmpty());
        assertTrue(IrcMessage.parse(":only.a.source").isEmpty());
        assertTrue(IrcMessage.parse("@a=b").isEmpty());
        assertEquals(List.of("a", ""), IrcMessage.parse("CMD a :").orElseThrow().params());
    }

    private static IrcMessage randomMessage(Random random) {
        Map<String, String> tags = new LinkedHashMap<>();
        int tagCount = random.nextInt(4) == 0 ? random.nextInt(4) : 0;
        for (int t = 0; t < tagCount; t++) {
            tags.put((random.nextBoolean() ? "+" : "") + randomWord(random, "abcdefghij-/.0123"),
                    random.nextBoolean() ? "" : randomText(random, 12, true).replace("\0", ""));
        }
        String source = random.nextBoolean() ? null : randomWord(random, "abcNICK!~u@h.example[]");
        String command = random.nextInt(3) == 0 ? String.valueOf(100 + random.nextInt(900))
                : randomWord(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        List<String> params = new ArrayList<>();
        int count = random.nextInt(6);
        for (int p = 0; p < count; p++) {
            boolean last = p == count - 1;
            if (last) {
                params.add(IrcText.clean(randomText(random, 30, false)));
            } else {
                String word = randomWord(random, "#abc:é😀,!@*0");
                params.add(word.startsWith(":") ? "x" + word : word);
            }
        }
        return new IrcMessage(tags, source, command, params);
    }

    private static String randomWord(Random random, String alphabet) {
        int[] cps = alphabet.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(10);
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return out.toString();
    }

    /** Text mixing ASCII, spaces, colons, multi-byte characters, emoji and (optionally) CR, LF, NUL, ';', '\'. */
    private static String randomText(Random random, int maxLength, boolean breaks) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(breaks ? 8 : 6);
            switch (kind) {
                case 0, 1 -> out.append((char) ('a' + random.nextInt(26)));
                case 2 -> out.append(' ');
                case 3 -> out.append(":;\\=@".charAt(random.nextInt(5)));
                case 4 -> out.append("éß€中".charAt(random.nextInt(4)));
                case 5 -> out.appendCodePoint(0x1F600 + random.nextInt(50));
                default -> out.append("\r\n\0".charAt(random.nextInt(3)));
            }
        }
        return out.toString();
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(700)];
        random.nextBytes(bytes);
        // Bias towards bytes that matter to the parser.
        for (int i = 0; i < bytes.length; i += 1 + random.nextInt(8)) {
            bytes[i] = (byte) " :@;=\\\r\n!".charAt(random.nextInt(9));
        }
        return bytes;
    }
}
