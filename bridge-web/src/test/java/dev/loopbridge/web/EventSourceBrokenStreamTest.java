package dev.loopbridge.web;

import static dev.loopbridge.web.ScriptedHttpClient.answered;
import static dev.loopbridge.web.ScriptedHttpClient.brokenBeforeHandedOver;
import static dev.loopbridge.web.ScriptedHttpClient.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopbridge.core.LoopFuture;

/**
 * An event stream is established by its answer — a 200 with {@code text/event-stream} — and by
 * nothing else: a body that breaks off at once is a dropped stream to reconnect, even when the JDK
 * client reports it by failing the exchange before it has handed the response over (it does when
 * it reads the head and the end of the connection together: a race the peer tests meet only now
 * and then, played here every time by {@link ScriptedHttpClient}). On the virtual-time test loop,
 * so the reconnection delays are checked to the millisecond. Test thread = loop thread.
 */
@Timeout(60)
class EventSourceBrokenStreamTest extends ScriptedClientFixture {

    private static final HttpRequest EVENTS = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/events")).build();
    private static final String STREAM = "text/event-stream";

    private List<ServerSentEvent> all(EventSource source) {
        List<ServerSentEvent> got = new ArrayList<>();
        for (ServerSentEvent e = loop.runUntilComplete(source.next()); e != null; e = loop.runUntilComplete(source.next())) {
            got.add(e);
        }
        return got;
    }

    @ParameterizedTest(name = "the exchange failed on the loop thread: {0}")
    @ValueSource(booleans = {false, true})
    void aStreamThatBreaksBeforeItsResponseIsHandedOverOpensDeliversItsWholeEventsOnceAndReconnects(boolean onTheLoopThread) {
        ScriptedHttpClient client = client(
                brokenBeforeHandedOver(200, STREAM + "; charset=utf-8", "retry: 100\n\nid: 1\ndata: one\n\nid: 2\ndata: par",
                        onTheLoopThread),
                answered(200, STREAM, "id: 3\ndata: three\n\n"),
                answered(204, "", ""));
        EventSource source = loop.runUntilComplete(HttpBodies.serverSentEvents(loop, client, EVENTS));
        assertEquals(List.of(new ServerSentEvent("1", "message", "one", null),
                new ServerSentEvent("3", "message", "three", null)), all(source));
        assertEquals(List.of("at 0 ms last-event-id=-", "at 100 ms last-event-id=1", "at 200 ms last-event-id=3"),
                client.log());
    }

    @ParameterizedTest(name = "the exchange failed on the loop thread: {0}")
    @ValueSource(booleans = {false, true})
    void aStreamThatBreaksBeforeItsFirstByteIsADroppedStreamReconnectedAfterTheDefaultDelay(boolean onTheLoopThread) {
        ScriptedHttpClient client = client(
                brokenBeforeHandedOver(200, STREAM, "", onTheLoopThread),
                answered(200, STREAM, "id: 7\ndata: seven\n\n"),
                answered(204, "", ""));
        EventSource source = loop.runUntilComplete(HttpBodies.serverSentEvents(loop, client, EVENTS));
        assertEquals(List.of(new ServerSentEvent("7", "message", "seven", null)), all(source));
        assertEquals(List.of("at 0 ms last-event-id=-", "at 3000 ms last-event-id=-", "at 6000 ms last-event-id=7"),
                client.log());
    }

    @Test
    void aRefusedAnswerIsRefusedAndA204EndsWhetherTheirBodiesEndOrBreak() {
        Throwable e = failureOf(HttpBodies.serverSentEvents(loop,
                client(brokenBeforeHandedOver(503, "text/plain", "busy\n", false)), EVENTS));
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("answered 503 with Content-Type text/plain"), e.getMessage());
        e = failureOf(HttpBodies.serverSentEvents(loop,
                client(brokenBeforeHandedOver(200, "text/plain", "data: no\n\n", true)), EVENTS));
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("answered 200 with Content-Type text/plain"), e.getMessage());
        ScriptedHttpClient client = client(brokenBeforeHandedOver(204, "", "", false));
        EventSource source = loop.runUntilComplete(HttpBodies.serverSentEvents(loop, client, EVENTS));
        assertNull(loop.runUntilComplete(source.next()));
        loop.advance(Duration.ofMinutes(10));
        assertEquals(List.of("at 0 ms last-event-id=-"), client.log());
    }

    @Test
    void noAnswerAtAllFailsTheFirstConnectionButOnlyDelaysAReconnection() {
        ScriptedHttpClient first = client(refused());
        assertInstanceOf(ConnectException.class, failureOf(HttpBodies.serverSentEvents(loop, first, EVENTS)));
        loop.advance(Duration.ofMinutes(10));
        assertEquals(List.of("at 0 ms last-event-id=-"), first.log()); // not retried

        long start = loop.time() / 1_000_000;
        ScriptedHttpClient later = client(
                answered(200, STREAM, "retry: 50\nid: a\ndata: a\n\n"),
                refused(),
                brokenBeforeHandedOver(200, STREAM, "id: b\ndata: b\n\n", false),
                answered(204, "", ""));
        EventSource source = loop.runUntilComplete(HttpBodies.serverSentEvents(loop, later, EVENTS));
        assertEquals(List.of("a", "b"), all(source).stream().map(ServerSentEvent::data).toList());
        assertEquals(List.of("at " + start + " ms last-event-id=-", "at " + (start + 50) + " ms last-event-id=a",
                "at " + (start + 100) + " ms last-event-id=a", "at " + (start + 150) + " ms last-event-id=b"), later.log());
    }

    @Test
    void closeDuringTheReconnectionDelayLeavesNoTimerAndSendsNothingMore() {
        ScriptedHttpClient client = client(brokenBeforeHandedOver(200, STREAM, "id: 1\ndata: one\n\n", false));
        EventSource source = loop.runUntilComplete(HttpBodies.serverSentEvents(loop, client, EVENTS));
        assertEquals("one", loop.runUntilComplete(source.next()).data());
        LoopFuture<ServerSentEvent> waiting = source.next();
        loop.runUntilIdle(); // the break is read: the reconnection waits for its timer
        assertEquals(1, loop.stats().pendingTimers(), "the reconnection timer");
        source.close();
        assertNull(loop.runUntilComplete(waiting));
        loop.runUntilComplete(loop.submit(() -> null)); // a tick, which counts the timers for stats()
        assertEquals(0, loop.stats().pendingTimers(), "timers left after close");
        loop.advance(Duration.ofMinutes(10));
        assertEquals(List.of("at 0 ms last-event-id=-"), client.log());
    }
}
