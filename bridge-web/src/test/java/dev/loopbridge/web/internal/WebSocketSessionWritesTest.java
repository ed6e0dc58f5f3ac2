package dev.loopbridge.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.testing.TestEventLoop;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocketOptions;

/**
 * How a session's frames reach the transport, over a {@link ScriptedConnection} on the test loop
 * (test thread = loop thread), which logs every write: the small frames sent in one go of the loop
 * leave in one write — those of one callback through one queued flush, the replies to one read at
 * its end — in the order they were sent; a big frame is written directly, after what was gathered;
 * a close frame follows the data and goes at once; nothing gathered is lost when the connection
 * closes; while the transport has a backlog every frame is written through, so it counts in the
 * buffer that paces the sender.
 */
class WebSocketSessionWritesTest {

    private final TestEventLoop loop = TestEventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private WebSocketSession client(ScriptedConnection c, DeflateNegotiation deflate) {
        WebSocketSession s = new WebSocketSession(loop, c, WebSocketOptions.defaults(), true, "/", "", deflate);
        s.start();
        return s;
    }

    private WebSocketSession client(ScriptedConnection c) {
        return client(c, null);
    }

    /** What the client wrote, as its peer (a server: masked frames expected) parses it. */
    private static ParserEvents parsed(ScriptedConnection c, boolean deflate) {
        ParserEvents events = new ParserEvents();
        byte[] all = c.written.toByteArray();
        new FrameParser(true, 1 << 24, deflate, false, events).feed(all, 0, all.length);
        return events;
    }

    private static List<String> writes(ScriptedConnection c) {
        return c.log.stream().filter(e -> e.startsWith("write ")).toList();
    }

    /** Unmasked text frames, as a server sends them, concatenated. */
    private static byte[] serverFrames(List<String> texts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String t : texts) {
            byte[] p = t.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(FrameWriter.encode(FrameParser.OP_TEXT, true, false, p, 0, p.length, null));
        }
        return out.toByteArray();
    }

    private static List<String> texts(String prefix, int count) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(prefix + i);
        }
        return list;
    }

    @Test
    void sixteenSendsInOneCallbackLeaveInOneWrite() {
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);
        WebSocketSession ws = client(c);
        List<LoopFuture<Void>> sends = new ArrayList<>();
        for (String t : texts("m", 16)) {
            sends.add(ws.send(t));
        }
        assertTrue(sends.stream().allMatch(LoopFuture::isDone), "each send completes at once: its frame is buffered");
        assertEquals(List.of(), c.log, "nothing is written while the callback runs");
        loop.runUntilIdle();
        assertEquals(1, writes(c).size(), "one write for the 16 frames: " + c.log);
        assertEquals(texts("text m", 16), parsed(c, false).events);
    }

    @Test
    void theRepliesToTheMessagesOfOneReadLeaveInOneWriteAtItsEnd() {
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);  // the 16 frames come in one read
        WebSocketSession ws = client(c);
        echoEach(ws);
        c.push(serverFrames(texts("m", 16)));
        assertEquals(1, writes(c).size(), "the 16 echoes are written when the read is handed on, in one write: " + c.log);
        loop.runUntilIdle();
        assertEquals(1, writes(c).size(), c.log.toString());
        assertEquals(texts("text m", 16), parsed(c, false).events);
    }

    private static void echoEach(WebSocketSession ws) {
        ws.receive().thenAccept(m -> {
            if (m != null) {
                ws.send(((Message.Text) m).text());
                echoEach(ws);
            }
        });
    }

    /**
     * A receiver that runs a nested loop inside the delivery (a modal dialog does, on the FX thread
     * or the EDT) still gets what it sends there written by the nested loop's ticks, not when the
     * dialog closes and the read is over.
     */
    @Test
    void whatIsSentInsideANestedLoopDuringAReadLeavesFromTheNestedLoop() {
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);
        WebSocketSession ws = client(c);
        List<Integer> writesSeenInTheDialog = new ArrayList<>();
        ws.receive().thenAccept(m -> {
            ws.send("answer");
            // The "dialog": a nested loop that runs until a later callback has run.
            writesSeenInTheDialog.add(loop.runUntilComplete(loop.submit(() -> writes(c).size())));
        });
        c.push(serverFrames(List.of("question")));
        assertEquals(List.of(1), writesSeenInTheDialog, "the answer was written while the dialog was open: " + c.log);
        loop.runUntilIdle();
        assertEquals(List.of("text answer"), parsed(c, false).events);
    }

    @Test
    void aBigMessageIsWrittenDirectlyAfterTheSmallOnesBeforeIt() {
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);
        WebSocketSession ws = client(c);
        byte[] big = randomBytes(100_000);
        ws.send("a");
        ws.send("b");
        ws.send(big);
        ws.send("c");
        loop.runUntilIdle();
        int bigFrame = FrameWriter.frameSize(big.length, true);
        assertEquals(List.of("write " + 2 * FrameWriter.frameSize(1, true), "write " + bigFrame,
                "write " + FrameWriter.frameSize(1, true)), c.log, "a and b gathered, the big frame on its own, then c");
        ParserEvents events = parsed(c, false);
        assertEquals(List.of("text a", "text b", "binary 100000", "text c"), events.events);
        assertArrayEquals(big, ((Message.Binary) events.messages.get(2)).data());
    }

    @Test
    void aMessageBiggerThanTheDirectBufferLeavesInPiecesThatParseBackToIt() {
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);
        WebSocketSession ws = client(c);
        int piece = FrameOutbox.SCRATCH_SIZE;
        byte[] big = randomBytes(2 * piece + 37_856);
        ws.send(big);
        ws.send("after");
        loop.runUntilIdle();
        int header = FrameWriter.headerSize(big.length, true);
        assertEquals(List.of("write " + (header + piece), "write " + piece, "write 37856",
                "write " + FrameWriter.frameSize(5, true)), c.log, "the header with the first piece, then the rest, then the next frame");
        ParserEvents events = parsed(c, false);
        assertEquals(List.of("binary " + big.length, "text after"), events.events);
        assertArrayEquals(big, ((Message.Binary) events.messages.get(0)).data(), "the mask runs on across the pieces");
    }

    @Test
    void theGatheredBytesStayUnderTheCapacityWhateverIsSentInOneGo() {
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);
        WebSocketSession ws = client(c);
        String kib = "x".repeat(1000);
        for (int i = 0; i < 100; i++) {
            ws.send(i + kib);
        }
        assertTrue(writes(c).size() >= 100 * 1000 / FrameOutbox.CAPACITY, "written as the capacity fills: " + c.log);
        loop.runUntilIdle();
        for (String w : writes(c)) {
            assertTrue(Integer.parseInt(w.substring(6)) <= FrameOutbox.CAPACITY, w);
        }
        List<String> events = parsed(c, false).events;
        assertEquals(100, events.size());
        for (int i = 0; i < 100; i++) {
            assertEquals("text " + i + kib, events.get(i));
        }
    }

    @Test
    void aCloseFrameFollowsTheMessagesSentBeforeItAndLeavesAtOnce() {
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);
        WebSocketSession ws = client(c);
        ws.send("one");
        ws.send("two");
        ws.close(4000, "bye");
        assertEquals(1, writes(c).size(), "the messages and the close frame, in one write, before the loop runs: " + c.log);
        assertEquals(List.of("text one", "text two", "close 4000 bye"), parsed(c, false).events);
    }

    @Test
    void thePeersCloseInTheSameReadIsAnsweredAfterTheRepliesAndBeforeTheConnectionCloses() {
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);
        WebSocketSession ws = client(c);
        echoEach(ws);
        // As the server does (its handler's stage ends with the socket): close the connection as soon as it ends.
        ws.closed().thenRun(c.writer()::close);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(serverFrames(texts("m", 5)));
        byte[] close = FrameWriter.closePayload(1000, new byte[0]);
        in.writeBytes(FrameWriter.encode(FrameParser.OP_CLOSE, true, false, close, 0, close.length, null));
        c.push(in.toByteArray());
        loop.runUntilIdle();
        assertEquals(List.of("write " + (5 * FrameWriter.frameSize(2, true) + FrameWriter.frameSize(2, true)), "close"),
                c.log.subList(0, 2), "the echoes and the close frame in one write, then the connection closes: " + c.log);
        assertTrue(c.log.stream().noneMatch(e -> e.startsWith("ignored")), "nothing written after the close: " + c.log);
        List<String> expected = new ArrayList<>(texts("text m", 5));
        expected.add("close 1000 ");
        assertEquals(expected, parsed(c, false).events, "every echo went out, then the close frame");
    }

    @Test
    void whileTheTransportHasABacklogEachFrameIsWrittenThroughAndCountsInIt() {
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);
        WebSocketSession ws = client(c);
        c.backlog = 100_000;
        ws.send("one");
        ws.send("two");
        assertEquals(2, writes(c).size(), "written at once, to the transport's buffer: " + c.log);
        c.backlog = 0;
        ws.send("three");
        assertEquals(2, writes(c).size(), "gathered again once the backlog is gone: " + c.log);
        loop.runUntilIdle();
        assertEquals(List.of("text one", "text two", "text three"), parsed(c, false).events);
    }

    @Test
    void compressedMessagesAreGatheredInOrderToo() {
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);
        WebSocketSession ws = client(c, new DeflateNegotiation(false, false, DeflateNegotiation.NAME));
        String repetitive = "compress me ".repeat(50);
        for (int i = 0; i < 10; i++) {
            ws.send(i + repetitive);
        }
        ws.send("tiny");
        loop.runUntilIdle();
        assertEquals(1, writes(c).size(), c.log.toString());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("text " + i + repetitive);
        }
        expected.add("text tiny");
        assertEquals(expected, parsed(c, true).events);
    }

    @Test
    void messagesBelowTheCompressionThresholdLeaveUncompressedAndTheRestCompressed() {
        int threshold = WebSocketOptions.defaults().compressionThreshold();
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);
        WebSocketSession ws = client(c, new DeflateNegotiation(false, false, DeflateNegotiation.NAME));
        List<String> sent = List.of("tiny", "b".repeat(threshold - 1), "a".repeat(threshold), "c".repeat(4 * threshold));
        for (String text : sent) {
            ws.send(text);
        }
        loop.runUntilIdle();
        assertEquals(List.of(false, false, true, true), compressedFlags(c.written.toByteArray()),
                "RSV1 of each frame, for messages of 4, " + (threshold - 1) + ", " + threshold + " and "
                        + 4 * threshold + " bytes (threshold " + threshold + ")");
        assertEquals(sent.stream().map(t -> "text " + t).toList(), parsed(c, true).events);
    }

    /** The RSV1 bit ("compressed") of each masked frame in {@code bytes}, in order. */
    private static List<Boolean> compressedFlags(byte[] bytes) {
        List<Boolean> flags = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            flags.add((bytes[at] & 0x40) != 0);
            int length = bytes[at + 1] & 0x7f;
            at += 2;
            if (length == 126) {
                length = (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
                at += 2;
            } else if (length == 127) {
                throw new AssertionError("a frame of 64 KiB or more: not expected here");
            }
            at += 4 + length; // the mask key, then the payload
        }
        return flags;
    }

    @Test
    void theEndOfTheStreamWritesWhatIsGatheredBeforeTheConnectionCloses() {
        ScriptedConnection c = new ScriptedConnection(loop, 1 << 16);
        WebSocketSession ws = client(c);
        ws.send("last words");
        c.end();  // the peer half-closes without a close frame: 1006, and the connection is closed
        assertEquals(1006, ws.closed().resultNow().code());
        assertEquals(List.of("write " + FrameWriter.frameSize(10, true), "close"), c.log);
        loop.runUntilIdle();
        assertEquals(List.of("text last words"), parsed(c, false).events);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
