package dev.loopbridge.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.loopbridge.web.ServerSentEvent;

/**
 * The event-stream rules of the WHATWG specification, each with the stream given whole and one
 * byte at a time (a CR and its LF, a BOM and a UTF-8 character all split across feeds).
 */
class SseParserTest {

    enum Feeding {
        WHOLE, BYTE_BY_BYTE
    }

    /** What one stream parsed to. */
    private record Parsed(List<ServerSentEvent> events, List<Long> retries, String lastEventId) {
    }

    private static Parsed parse(Feeding feeding, String stream) {
        return parse(feeding, "", stream.getBytes(StandardCharsets.UTF_8), 1 << 20);
    }

    private static Parsed parse(Feeding feeding, String lastEventId, byte[] bytes, int maxSize) {
        List<ServerSentEvent> events = new ArrayList<>();
        List<Long> retries = new ArrayList<>();
        SseParser parser = new SseParser(lastEventId, maxSize, new SseParser.Listener() {
            @Override
            public void event(ServerSentEvent event) {
                events.add(event);
            }

            @Override
            public void retry(long millis) {
                retries.add(millis);
            }
        });
        try {
            if (feeding == Feeding.WHOLE) {
                parser.feed(bytes, 0, bytes.length);
            } else {
                for (int i = 0; i < bytes.length; i++) {
                    parser.feed(bytes, i, 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parser.endOfStream();
        return new Parsed(events, retries, parser.lastEventId());
    }

    private static ServerSentEvent message(String id, String data) {
        return new ServerSentEvent(id, "message", data, null);
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void dataLinesAreJoinedWithLineFeeds(Feeding feeding) {
        assertEquals(List.of(message("", "a\nb\n\nc")), parse(feeding, "data: a\ndata: b\ndata\ndata: c\n\n").events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void theEventTypeDefaultsToMessageAndIsResetAfterEachEvent(Feeding feeding) {
        assertEquals(List.of(new ServerSentEvent("", "price", "1.08", null), message("", "plain")),
                parse(feeding, "event: price\ndata: 1.08\n\ndata: plain\n\n").events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void anIdCarriesOverToLaterEventsUntilTheServerSetsAnother(Feeding feeding) {
        Parsed p = parse(feeding, "id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\nid\ndata: d\n\n");
        assertEquals(List.of(message("1", "a"), message("1", "b"), message("2", "c"), message("", "d")), p.events());
        assertEquals("", p.lastEventId());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void theLastEventIdOfThePreviousConnectionIsInForceFromTheStart(Feeding feeding) {
        byte[] stream = "data: a\n\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(message("7", "a")), parse(feeding, "7", stream, 1 << 20).events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void anIdContainingNulIsIgnored(Feeding feeding) {
        Parsed p = parse(feeding, "id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n");
        assertEquals(List.of(message("1", "a"), message("1", "b")), p.events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void aBlankLineSetsTheLastEventIdEvenWithNoDataToDispatch(Feeding feeding) {
        Parsed p = parse(feeding, "id: 5\n\n");
        assertEquals(List.of(), p.events());
        assertEquals("5", p.lastEventId());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void anEventWithNoDataIsNotDispatched(Feeding feeding) {
        Parsed p = parse(feeding, "event: x\n\n: just a comment\n\nevent: y\nretry: 5\n\ndata: a\n\n");
        assertEquals(List.of(message("", "a")), p.events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void aRetryOfDigitsSetsTheDelayAndIsTheEventsOwnField(Feeding feeding) {
        Parsed p = parse(feeding, "retry: 1500\ndata: a\n\ndata: b\n\nretry: 15x\nretry:\nretry: -1\nretry: 1.5\ndata: c\n\n"
                + "retry:250\n\n");
        assertEquals(List.of(new ServerSentEvent("", "message", "a", Duration.ofMillis(1500)), message("", "b"),
                message("", "c")), p.events());
        assertEquals(List.of(1500L, 250L), p.retries());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void commentsAndUnknownFieldsAreIgnored(Feeding feeding) {
        assertEquals(List.of(message("", "a")), parse(feeding, ": hello\n:\nfoo: bar\nDATA: no\ndata: a\n\n").events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void oneSpaceAfterTheColonIsDroppedAndOtherColonsAreData(Feeding feeding) {
        assertEquals(List.of(message("", "  two\nnone\na:b: c")),
                parse(feeding, "data:   two\ndata:none\ndata: a:b: c\n\n").events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void crLfAndCrLfAllEndLines(Feeding feeding) {
        assertEquals(List.of(message("", "a\nb\nc"), message("", "d"), message("", "e")),
                parse(feeding, "data: a\rdata: b\r\ndata: c\n\r\ndata: d\r\rdata: e\r\n\r\n").events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void aLeadingByteOrderMarkIsDroppedOnce(Feeding feeding) {
        assertEquals(List.of(message("", "a")), parse(feeding, "\uFEFFdata: a\n\n").events());
        // a second BOM is part of the first line, whose field is then "\uFEFFdata": unknown, ignored
        assertEquals(List.of(message("", "b")), parse(feeding, "\uFEFF\uFEFFdata: a\n\ndata: b\n\n").events());
        // a BOM later in the stream is data
        assertEquals(List.of(message("", "\uFEFFc")), parse(feeding, "data: \uFEFFc\n\n").events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void bytesThatStartLikeAByteOrderMarkButAreNotOneAreKept(Feeding feeding) {
        byte[] stream = {(byte) 0xEF, (byte) 0xBB, 'x', '\n', 'd', 'a', 't', 'a', ':', 'y', '\n', '\n'};
        // the first line is the two bytes (malformed UTF-8, replaced) and "x": an unknown field
        assertEquals(List.of(message("", "y")), parse(feeding, "", stream, 1 << 20).events());
        byte[] data = {'d', 'a', 't', 'a', ':', (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '\n', '\n'};
        assertEquals(List.of(message("", "\uFEFF")), parse(feeding, "", data, 1 << 20).events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void utf8CharactersAreDecodedWhateverTheChunks(Feeding feeding) {
        assertEquals(List.of(message("", "é€😀")), parse(feeding, "data: é€😀\n\n").events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void anUnfinishedEventAtTheEndOfTheStreamIsDiscarded(Feeding feeding) {
        Parsed p = parse(feeding, "id: 1\ndata: a\n\nid: 2\nevent: x\ndata: b\n");
        assertEquals(List.of(message("1", "a")), p.events());
        assertEquals("1", p.lastEventId()); // the unfinished event's id is not in force
        assertEquals(List.of(), parse(feeding, "data: no line end").events());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void aLineLongerThanTheMaximumFailsTheStream(Feeding feeding) {
        byte[] stream = ("data: " + "x".repeat(100) + "\n\n").getBytes(StandardCharsets.UTF_8);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> parse(feeding, "", stream, 64));
        assertEquals("an event stream line longer than 64 bytes", e.getCause().getMessage());
        byte[] lines = "data: 0123456789\n".repeat(10).getBytes(StandardCharsets.UTF_8);
        e = assertThrows(UncheckedIOException.class, () -> parse(feeding, "", lines, 64));
        assertEquals("an event with more than 64 characters of data", e.getCause().getMessage());
    }
}
