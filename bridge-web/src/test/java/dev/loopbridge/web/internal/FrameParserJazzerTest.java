package dev.loopbridge.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Tag;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;

/**
 * Coverage-guided fuzzing of the WebSocket frame parser: any bytes, as a server or a client, with
 * or without permessage-deflate, fed whole, in chunks the fuzzer picks and one byte at a time.
 * The parser must never throw, must report the same events however the bytes are cut, must end
 * a violation only with a close code a protocol failure may carry (1002, 1007, 1009), must pass
 * on a peer's close only with a code a peer may send (or 1005 for none), must report nothing
 * after it ended, and must deliver no message over the limit and no control payload over 125
 * bytes.
 *
 * <p>{@link FrameParserFuzzTest} checks the same rules on seeded random streams; this target lets
 * Jazzer look for what those seeds miss. Without {@code JAZZER_FUZZ} it replays
 * {@code src/test/resources/dev/loopbridge/web/internal/FrameParserJazzerTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (docs/FUZZING.md).
 */
@Tag("fuzz")
class FrameParserJazzerTest {

    private static final Set<Integer> FAILURE_CODES = Set.of(1002, 1007, 1009);

    @FuzzTest(maxDuration = "60s")
    void anyBytesParseTheSameWhateverTheChunkingAndEndOnlyWithProtocolCodes(FuzzedDataProvider data) {
        // Primitives come from the end of the input, so a seed starts with the frames.
        boolean server = data.consumeBoolean();
        boolean deflate = data.consumeBoolean();
        boolean resetInflater = data.consumeBoolean();
        int limit = data.consumeInt(1, 4096);
        int[] cuts = new int[data.consumeInt(0, 8)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(1, 300);
        }
        byte[] input = data.consumeRemainingAsBytes();

        ParserEvents whole = parse(server, deflate, resetInflater, limit, input, new int[] {input.length + 1});
        ParserEvents chunked = parse(server, deflate, resetInflater, limit, input, cuts.length == 0 ? new int[] {1} : cuts);
        ParserEvents bytewise = parse(server, deflate, resetInflater, limit, input, new int[] {1});

        assertEquals(whole.events, chunked.events, "fed in chunks of " + Arrays.toString(cuts));
        assertEquals(whole.events, bytewise.events, "fed one byte at a time");
        assertEquals(0, whole.reportsAfterEnd, "reports after a close or a failure: " + whole.events);
        if (whole.failureCode != 0) {
            assertTrue(FAILURE_CODES.contains(whole.failureCode), "failed with " + whole.failureCode);
        }
        for (Message m : whole.messages) {
            assertTrue(m.size() <= limit, "a message of " + m.size() + " bytes passed a limit of " + limit);
        }
        for (String e : whole.events) {
            if (e.startsWith("ping ") || e.startsWith("pong ")) {
                assertTrue(e.length() - 5 <= 2 * 125, "a control payload over 125 bytes: " + e);
            } else if (e.startsWith("close ")) {
                int code = Integer.parseInt(e.split(" ")[1]);
                assertTrue(code == CloseStatus.NO_STATUS || CloseStatus.isSendable(code),
                        "passed on a close code no peer may send: " + e);
            }
        }
    }

    /** Feeds {@code input} in pieces of the sizes in {@code cuts}, cycling through them. */
    private static ParserEvents parse(boolean server, boolean deflate, boolean resetInflater, int limit, byte[] input,
            int[] cuts) {
        ParserEvents events = new ParserEvents();
        Inflater inflater = deflate ? new Inflater(true) : null;
        try {
            FrameParser parser = new FrameParser(server, limit, inflater, resetInflater, events);
            int pos = 0;
            for (int i = 0; pos < input.length; i++) {
                int n = Math.min(cuts[i % cuts.length], input.length - pos);
                parser.feed(input, pos, n);
                pos += n;
            }
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
        return events;
    }
}
