package dev.loopbridge.demo.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Line endings, NULs and unfinished lines as the framer sees them, fed whole and one byte at a time. */
class LineFramerTest {

    private final List<LineFramer.Line> lines = new ArrayList<>();
    private final LineFramer framer = new LineFramer(512, lines::add);

    private void feed(String text) {
        framer.feed(text.getBytes(StandardCharsets.UTF_8));
    }

    private void feedByteByByte(String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            framer.feed(new byte[] {b});
        }
    }

    private List<String> texts() {
        return lines.stream().map(LineFramer.Line::text).toList();
    }

    @Test
    void crLfLoneLfAndLoneCrEachEndALineAndCountTheirBytes() {
        feed("PING a\r\nPING b\nPING c\rPING d\r\n");
        assertEquals(List.of("PING a", "PING b", "PING c", "PING d"), texts());
        assertEquals(List.of(8, 7, 7, 8), lines.stream().map(LineFramer.Line::bytes).toList());
    }

    @Test
    void aCrLfSplitBetweenReadsIsOneLineEnding() {
        feedByteByByte("PING a\r\nPING b\r\n");
        assertEquals(List.of("PING a", "PING b"), texts(), "no empty line between them");
    }

    @Test
    void aNulIsLeftOutOfTheTextAndFlagged() {
        feed("PRIVMSG #c :a\u0000b\r\nPRIVMSG #c :clean\r\n");
        assertEquals("PRIVMSG #c :ab", lines.get(0).text());
        assertTrue(lines.get(0).hasNul());
        assertFalse(lines.get(1).hasNul());
    }

    @Test
    void anUnfinishedLineCountsEveryByteEvenPastTheLimit() {
        feed("x".repeat(2000));
        assertEquals(2000, framer.partialBytes());
        assertTrue(framer.hasPartialLine());
        feed("\n");
        assertEquals(0, framer.partialBytes());
        assertTrue(lines.get(0).truncated());
    }
}
