package dev.loopbridge.demo.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Coverage-guided fuzzing of what LoopChat reads from the network: the IRC message parser and the
 * line framer. Without {@code JAZZER_FUZZ} each test runs once per input in
 * {@code src/test/resources/dev/loopbridge/demo/irc/IrcFuzzTestInputs/}; with {@code JAZZER_FUZZ=1}
 * it fuzzes (see docs/FUZZING.md).
 */
@Tag("fuzz")
class IrcFuzzTest {

    /**
     * Any line parses without an exception, and a parsed message that {@code toWire} accepts
     * (it refuses only with an {@code IllegalArgumentException}) parses back to itself.
     */
    @FuzzTest(maxDuration = "60s")
    void anyLineParsesLenientlyAndWhatIsWrittenParsesBack(@NotNull String line) {
        Optional<IrcMessage> parsed = IrcMessage.parse(line);
        if (parsed.isEmpty()) {
            return;
        }
        IrcMessage m = parsed.get();
        String wire;
        try {
            wire = m.toWire();
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertFalse(wire.contains("\r") || wire.contains("\n") || wire.contains("\0"), wire);
        assertEquals(Optional.of(m), IrcMessage.parse(wire), "parse(toWire(m)) for line \"" + line + "\"");
    }

    /**
     * Bytes cut into any chunks frame into the same lines as the simplest reading of the rules:
     * split at LF, drop NULs, keep the first {@code max} bytes, drop a CR before the LF.
     */
    @FuzzTest(maxDuration = "60s")
    void framingDoesNotDependOnChunkingAndFollowsTheRules(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 40);
        int[] cuts = new int[data.consumeInt(0, 16)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 64);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        List<LineFramer.Line> got = new ArrayList<>();
        LineFramer framer = new LineFramer(max, got::add);
        int at = 0;
        for (int cut : cuts) {
            int n = Math.min(cut, stream.length - at);
            framer.feed(Arrays.copyOfRange(stream, at, at + n));
            at += n;
        }
        framer.feed(Arrays.copyOfRange(stream, at, stream.length));
        List<LineFramer.Line> expected = model(stream, max);
        assertEquals(expected, got);
        int lastLf = -1;
        for (int i = 0; i < stream.length; i++) {
            if (stream[i] == '\n') {
                lastLf = i;
            }
        }
        boolean partial = false;
        for (int i = lastLf + 1; i < stream.length; i++) {
            partial |= stream[i] != 0;
        }
        assertEquals(partial, framer.hasPartialLine());
        for (LineFramer.Line line : got) {
            assertTrue(line.bytes() <= max + 1 && !line.text().contains("\n"), line.toString());
        }
    }

    private static List<LineFramer.Line> model(byte[] stream, int max) {
        List<LineFramer.Line> lines = new ArrayList<>();
        java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();
        for (byte b : stream) {
            if (b == '\n') {
                byte[] bytes = current.toByteArray();
                current.reset();
                boolean overflow = bytes.length > max;
                int end = Math.min(bytes.length, max);
                if (!overflow && end > 0 && bytes[end - 1] == '\r') {
                    end--;
                }
                lines.add(new LineFramer.Line(IrcText.decode(bytes, 0, end), overflow ? max + 1 : end, overflow));
            } else if (b != 0) {
                current.write(b);
            }
        }
        return lines;
    }

    /** The framer and the parser together, as the client reads: no exception for any bytes. */
    @FuzzTest(maxDuration = "60s")
    void anyBytesFrameAndParseWithoutAnException(byte @NotNull [] stream) {
        List<String> lines = new ArrayList<>();
        new LineFramer(IrcText.MAX_LINE_BYTES + IrcText.MAX_TAG_BYTES, l -> lines.add(l.text())).feed(stream);
        for (String line : lines) {
            IrcMessage.parse(line).ifPresent(m -> assertEquals(m.command(), m.command().toUpperCase(java.util.Locale.ROOT)));
        }
        assertTrue(lines.size() <= new String(stream, StandardCharsets.ISO_8859_1).chars().filter(c -> c == '\n').count());
    }
}
