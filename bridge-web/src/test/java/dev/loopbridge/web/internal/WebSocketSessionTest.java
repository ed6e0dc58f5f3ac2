package dev.loopbridge.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.testing.TestEventLoop;
import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocketOptions;

/**
 * The session's reading mechanism over a {@link ScriptedConnection} on the test loop, where
 * reads are served at once and counted: reads stop while the receive queue is full and start again
 * as it drains; a receive made inside the delivery of a message never feeds the parser re-entrantly.
 */
class WebSocketSessionTest {

    private final TestEventLoop loop = TestEventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static byte[] frames(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            byte[] p = ("m" + i).getBytes(StandardCharsets.UTF_8);
            out.writeBytes(FrameWriter.encode(FrameParser.OP_TEXT, true, false, p, 0, p.length, null));
        }
        return out.toByteArray();
    }

    private WebSocketSession client(ScriptedConnection c) {
        WebSocketSession s = new WebSocketSession(loop, c, WebSocketOptions.defaults(), true, "/", "", null);
        s.start();
        return s;
    }

    @Test
    void aConsumerThatDoesNotReceiveStopsTheReadsUntilItReceivesAgain() {
        ScriptedConnection c = new ScriptedConnection(loop, 4);  // 4 bytes a read: a message every read or so
        c.push(frames(1000));
        WebSocketSession ws = client(c);
        loop.runUntilIdle();
        int readsWhileIdle = c.reads;
        assertTrue(readsWhileIdle < 40, readsWhileIdle + " reads with nobody receiving (the queue holds 16)");
        assertTrue(c.unread() > 3000, "the rest stays unread: " + c.unread() + " bytes");
        loop.runUntilIdle();
        assertEquals(readsWhileIdle, c.reads, "no more reads while the queue is full");

        List<String> got = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Message m = loop.runUntilComplete(ws.receive());
            got.add(((Message.Text) m).text());
        }
        assertEquals("m0", got.get(0));
        assertEquals("m999", got.get(999));
        assertEquals(0, c.unread());
    }

    @Test
    void aReceiveInsideTheDeliveryOfAMessageDoesNotFeedTheParserReentrantly() {
        ScriptedConnection c = new ScriptedConnection(loop, 5);  // reads end mid-frame
        WebSocketSession ws = client(c);
        List<String> got = new ArrayList<>();
        receiveInto(ws, got);  // waits, then receives again from inside each delivery
        c.push(frames(500));
        loop.runUntilIdle();
        assertEquals(500, got.size(), "got " + got.size() + ": " + (got.size() > 3 ? got.subList(0, 3) : got));
        for (int i = 0; i < 500; i++) {
            assertEquals("m" + i, got.get(i));
        }
        assertTrue(!ws.closed().isDone(), "no protocol failure: " + ws.closed());
    }

    private static void receiveInto(WebSocketSession ws, List<String> got) {
        ws.receive().thenAccept(m -> {
            if (m != null) {
                got.add(((Message.Text) m).text());
                receiveInto(ws, got);
            }
        });
    }

    @Test
    void thePeersCloseIsEchoedAndReceiveThenGivesNull() {
        ScriptedConnection c = new ScriptedConnection(loop, 1000);
        WebSocketSession ws = client(c);
        byte[] close = FrameWriter.closePayload(1000, "done".getBytes(StandardCharsets.UTF_8));
        c.push(FrameWriter.encode(FrameParser.OP_CLOSE, true, false, close, 0, close.length, null));
        loop.runUntilIdle();
        assertEquals(new CloseStatus(1000, "done"), ws.closed().resultNow());
        assertNull(loop.runUntilComplete(ws.receive()));
        byte[] echoed = c.written.toByteArray();
        assertEquals(0x88, echoed[0] & 0xFF, "a close frame went back");
        assertEquals(0x80, echoed[1] & 0x80, "masked, from a client");
    }

    @Test
    void theEndOfTheStreamWithoutACloseFrameIs1006() {
        ScriptedConnection c = new ScriptedConnection(loop, 1000);
        WebSocketSession ws = client(c);
        c.end();
        loop.runUntilIdle();
        assertEquals(CloseStatus.ABNORMAL, ws.closed().resultNow().code());
    }
}
