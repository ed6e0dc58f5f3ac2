package dev.loopbridge.demo.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The edges of the IRC codec that the property tests reach only by chance: each character class
 * boundary of {@link IrcText}, each refusal of {@link IrcMessage#toWire()}, the accessors' empty
 * cases, and a {@link LineFramer} line growing past its first buffer.
 */
class IrcEdgesTest {

    @Test
    void utf8LengthCountsEachEncodingWidthAtItsBoundaries() {
        assertEquals(0, IrcText.utf8Length(""));
        assertEquals(1, IrcText.utf8Length("\u007f"));
        assertEquals(2, IrcText.utf8Length("\u0080"));
        assertEquals(2, IrcText.utf8Length("\u07ff"));
        assertEquals(3, IrcText.utf8Length("\u0800"));
        assertEquals(3, IrcText.utf8Length("\uffff"));
        assertEquals(4, IrcText.utf8Length("\ud83d\ude00"));
        assertEquals(1, IrcText.utf8Length("\ud83d"), "a lone high surrogate");
        assertEquals(1, IrcText.utf8Length("\ude00"), "a lone low surrogate");
        assertEquals(2, IrcText.utf8Length("\ud83dx"), "a high surrogate before a non-surrogate");
        for (String s : List.of("a\u00e9\u20ac\ud83d\ude00z", "\u0000\u0080\u0800")) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, IrcText.utf8Length(s), s);
        }
    }

    @Test
    void foldMapsAsciiLettersAndTheFourRfc1459PairsOnly() {
        assertEquals("abcz{}|^", IrcText.fold("ABCZ[]\\~"));
        assertEquals("@`{}|^az09 \u00c9", IrcText.fold("@`{}|^az09 \u00c9"), "everything else unchanged");
    }

    @Test
    void channelsStartWithOneOfFourCharacters() {
        for (String c : List.of("#a", "&a", "+a", "!a", "#")) {
            assertTrue(IrcText.isChannel(c), c);
        }
        for (String n : List.of("", "a", "@a", "a#")) {
            assertFalse(IrcText.isChannel(n), n);
        }
    }

    @Test
    void cleanReplacesEachBreakWithASpaceAndReturnsCleanTextAsItIs() {
        String clean = "no breaks here";
        assertSame(clean, IrcText.clean(clean));
        assertEquals("a b c d", IrcText.clean("a\rb\nc\0d"));
    }

    @Test
    void splitPrefersASpaceInTheSecondHalfOfAPiece() {
        assertThrows(IllegalArgumentException.class, () -> IrcText.split("x", 3));
        assertEquals(List.of("abcd"), IrcText.split("abcd", 4));
        assertEquals(List.of(""), IrcText.split("", 4));
        // The space at byte 6 of 10 is past half: the piece ends after it.
        assertEquals(List.of("aaaaa ", "bbbbbbbb"), IrcText.split("aaaaa bbbbbbbb", 10));
        // The space at byte 5 of 10 is exactly half: not used, the piece is cut at 10 bytes.
        assertEquals(List.of("aaaa bbbbb", "bbb"), IrcText.split("aaaa bbbbbbbb", 10));
        // A space in the first half only: cut at the budget.
        assertEquals(List.of("a bbbbbbbb", "bb"), IrcText.split("a bbbbbbbbbb", 10));
        assertEquals(List.of("\ud83d\ude00", "\ud83d\ude00"), IrcText.split("\ud83d\ude00\ud83d\ude00", 5),
                "a surrogate pair is 4 bytes and stays whole");
        assertEquals(List.of("\u00e9\u00e9", "\u00e9"), IrcText.split("\u00e9\u00e9\u00e9", 4));
    }

    @Test
    void theAccessorsAnswerForMissingParts() {
        IrcMessage m = IrcMessage.of("PING");
        assertEquals("", m.param(0));
        assertEquals("", m.param(-1));
        assertEquals("", m.last());
        assertEquals("", m.sourceNick());
        IrcMessage two = IrcMessage.of("CMD", "a", "b");
        assertEquals("a", two.param(0));
        assertEquals("b", two.param(1));
        assertEquals("", two.param(2));
        assertEquals("b", two.last());
        assertEquals("nick", IrcMessage.from("nick!user@host", "X").sourceNick());
        assertEquals("nick", IrcMessage.from("nick@host", "X").sourceNick());
        assertEquals("irc.server", IrcMessage.from("irc.server", "X").sourceNick());
        assertEquals("", IrcMessage.from("!user@host", "X").sourceNick(), "an empty nick before the '!'");
        assertEquals("", IrcMessage.from("@host", "X").sourceNick(), "an empty nick before the '@'");
        assertEquals(two.toWire(), two.toString());
        assertSame(m, m.withoutTags());
        IrcMessage tagged = m.withTag("k", "v");
        assertEquals(Map.of("k", "v"), tagged.tags());
        assertEquals(Map.of(), tagged.withoutTags().tags());
        assertEquals("PING", IrcMessage.of("ping").command(), "commands are upper-cased");
        assertTrue(IrcMessage.parse("PRIV-MSG x").isEmpty(), "a line whose command is not a word holds no message");
    }

    @Test
    void commandsAreLettersOrDigitsOnly() {
        for (String bad : List.of("", "PRIV-MSG", "A B", "Ä", "@", "[", "`", "{", "/", ":")) {
            assertThrows(IllegalArgumentException.class, () -> IrcMessage.of(bad), bad);
        }
        for (String good : List.of("AZaz09", "001", "z", "Z", "0", "9")) {
            assertEquals(good.toUpperCase(), IrcMessage.of(good).command());
        }
    }

    @Test
    void theWireFormRefusesWhatWouldChangeTheMessage() {
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.from("", "X").toWire());
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.from("a b", "X").toWire());
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.from(":a", "X").toWire());
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.from(" a", "X").toWire());
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.from("a\rb", "X").toWire(), "a break in the source");
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", " a", "last").toWire());
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", "", "last").toWire());
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", "a b", "last").toWire());
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", ":a", "last").toWire());
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", "a\rb").toWire());
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", "a\nb").toWire());
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", "a\0b").toWire());
        assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X").withTag("k", "a\0b").toWire());
        assertEquals("X a :", IrcMessage.of("X", "a", "").toWire());
        assertEquals("X a ::b", IrcMessage.of("X", "a", ":b").toWire());
        assertEquals("X a b", IrcMessage.of("X", "a", "b").toWire());
        assertEquals(":n!u@h X", IrcMessage.from("n!u@h", "X").toWire());
    }

    @Test
    void tagKeysAndValuesOnTheWire() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("+draft/x.y-z", "");
        tags.put("k9", "a;b c\\d\re\nf");
        IrcMessage m = new IrcMessage(tags, null, "X", List.of());
        assertEquals("@+draft/x.y-z;k9=a\\:b\\sc\\\\d\\re\\nf X", m.toWire());
        assertEquals(m, IrcMessage.parse(m.toWire()).orElseThrow());
        for (String bad : List.of("", "a+b", "a b", "\u00e9", "a=b", "a_b")) {
            assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X").withTag(bad, "v").toWire(), bad);
        }
        assertEquals("ab", IrcMessage.unescapeTagValue("a\\b"), "an unknown escape drops its backslash");
        assertEquals("a", IrcMessage.unescapeTagValue("a\\"), "a trailing backslash is dropped");
        assertEquals("; \r\n\\", IrcMessage.unescapeTagValue("\\:\\s\\r\\n\\\\"));
        assertEquals(Map.of("a", "", "b", "1"), IrcMessage.parse("@a;;=x;b=1 X").orElseThrow().tags(),
                "empty parts and an empty key are skipped");
    }

    @Test
    void parsingSkipsRunsOfSpacesEverywhere() {
        IrcMessage m = IrcMessage.parse("@a=1   :src   CMD   p1   p2   :trail  ing ").orElseThrow();
        assertEquals(Map.of("a", "1"), m.tags());
        assertEquals("src", m.source());
        assertEquals(List.of("p1", "p2", "trail  ing "), m.params());
        assertEquals(List.of("p"), IrcMessage.parse("CMD p   ").orElseThrow().params());
    }

    @Test
    void everyEndingIsSeenRightAfterALoneCrAndNulsCountOnTheWire() {
        List<LineFramer.Line> lines = new ArrayList<>();
        LineFramer framer = new LineFramer(512, lines::add);
        framer.feed("a\rb\nc\r\0\nd\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(new LineFramer.Line("a", 2, false, false), new LineFramer.Line("b", 2, false, false),
                new LineFramer.Line("c", 2, false, false), new LineFramer.Line("", 2, false, true),
                new LineFramer.Line("d", 2, false, false)), lines);
        lines.clear();
        framer.feed("x\0\0y\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(new LineFramer.Line("xy", 6, false, true)), lines, "the two NULs count in bytes");
    }

    @Test
    void aLineThatOverflowsInItsSecondReadIsCutAtTheLimit() {
        List<LineFramer.Line> lines = new ArrayList<>();
        LineFramer framer = new LineFramer(1000, lines::add);
        framer.feed("s".repeat(300).getBytes(StandardCharsets.US_ASCII));
        framer.feed(("t".repeat(800) + "\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(new LineFramer.Line("s".repeat(300) + "t".repeat(700), 1001, true, false)), lines);
        lines.clear();
        LineFramer fresh = new LineFramer(1000, lines::add);
        fresh.feed(("u".repeat(600) + "\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(new LineFramer.Line("u".repeat(600), 601, false, false)), lines,
                "one read of more than twice the first buffer");
    }

    @Test
    void aLongLineGrowsTheFramersBufferAndStopsAtTheLimit() {
        List<LineFramer.Line> lines = new ArrayList<>();
        assertThrows(IllegalArgumentException.class, () -> new LineFramer(0, lines::add));
        LineFramer one = new LineFramer(1, lines::add);
        one.feed("ab\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(new LineFramer.Line("a", 2, true, false), lines.remove(0));
        LineFramer framer = new LineFramer(1000, lines::add);
        String line = "y".repeat(300) + "z".repeat(400);
        framer.feed(line.substring(0, 300).getBytes(StandardCharsets.US_ASCII));
        assertTrue(framer.hasPartialLine());
        framer.feed((line.substring(300) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(new LineFramer.Line(line, 702, false, false), lines.remove(0));
        assertFalse(framer.hasPartialLine());
        framer.feed(("q".repeat(999) + "\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(new LineFramer.Line("q".repeat(999), 1000, false, false), lines.remove(0));
        framer.feed(("r".repeat(1000) + "\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(new LineFramer.Line("r".repeat(1000), 1001, false, false), lines.remove(0),
                "exactly the limit is not truncated");
        framer.feed(new byte[0]);
        assertFalse(framer.hasPartialLine());
        framer.feed("\r".getBytes(StandardCharsets.US_ASCII));
        framer.feed(new byte[0]);
        framer.feed("\nnext\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(new LineFramer.Line("", 1, false, false), new LineFramer.Line("next", 5, false, false)),
                lines, "a CR, an empty read, then the LF: one empty line");
    }
}
