package dev.loopbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.loopbridge.core.testing.TestEventLoop;

/**
 * Server-Sent Events reconnection on the virtual-time test loop, against Python's
 * {@code http.server}: the delays are the loop's timers, so a server's {@code retry: 60000} costs
 * a jump of virtual time, not a minute. The network is real: while a request or a body is under
 * way the test loop waits for it in real time (JUnit's timeout bounds that; a loop timer would
 * fire in virtual time).
 */
@Timeout(60)
class TestLoopHttpBodiesTest {

    private final TestEventLoop loop = TestEventLoop.create();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        loop.close();
        client.close();
    }

    private static HttpRequest get(String pathAndQuery) {
        return HttpRequest.newBuilder(SsePeer.shared().uri(pathAndQuery)).build();
    }

    @Test
    void theServersRetryDelayIsWaitedOnTheLoopsTimersBeforeEachReconnection() {
        String s = SsePeer.session();
        EventSource source = loop.runUntilComplete(HttpBodies.serverSentEvents(loop, client, get("/retry?s=" + s)));
        ServerSentEvent a = loop.runUntilComplete(source.next());
        long aAt = loop.time();
        ServerSentEvent b = loop.runUntilComplete(source.next());
        long bAt = loop.time();
        assertEquals(new ServerSentEvent("", "message", "a", Duration.ofMillis(60_000)), a);
        assertEquals(new ServerSentEvent("", "message", "b", null), b);
        assertTrue(bAt - aAt >= Duration.ofSeconds(60).toNanos(), "reconnected " + (bAt - aAt) / 1_000_000
                + " ms of loop time after the stream ended (expected: the server's retry, 60000 ms)");
        assertTrue(bAt - aAt < Duration.ofSeconds(61).toNanos(), (bAt - aAt) / 1_000_000 + " ms");
        assertNull(loop.runUntilComplete(source.next())); // the third answer is 204
        assertEquals(List.of("retry 1 last-event-id=-", "retry 2 last-event-id=-", "retry 3 last-event-id=-"),
                SsePeer.shared().log(s));
    }

    @Test
    void streamsCutRightAfterTheirHeadOpenAndReconnectAfterTheDefaultDelay() {
        // The head and the end of the connection reach the client together, before any byte of
        // body: established streams that ended, not refused connections. The JDK client reports
        // a few of them by failing the exchange (see HttpBodiesContract), hence many streams.
        for (int i = 0; i < HttpBodiesContract.CUT_STREAMS; i++) {
            String s = SsePeer.session();
            EventSource source = loop.runUntilComplete(HttpBodies.serverSentEvents(loop, client, get("/cut?s=" + s)));
            long openedAt = loop.time();
            assertEquals(new ServerSentEvent("7", "message", "seven", null), loop.runUntilComplete(source.next()),
                    "stream " + i);
            long reconnectedAfter = loop.time() - openedAt;
            assertTrue(reconnectedAfter >= Duration.ofSeconds(3).toNanos() && reconnectedAfter < Duration.ofSeconds(4).toNanos(),
                    "stream " + i + ": " + reconnectedAfter / 1_000_000
                    + " ms of loop time (expected: the default reconnection delay, 3000 ms)");
            assertNull(loop.runUntilComplete(source.next()));
            assertEquals(List.of("cut 1 last-event-id=-", "cut 2 last-event-id=-", "cut 3 last-event-id=7"),
                    SsePeer.shared().log(s), "stream " + i);
        }
    }

    @Test
    void closeCancelsTheReconnection() {
        String s = SsePeer.session();
        EventSource source = loop.runUntilComplete(HttpBodies.serverSentEvents(loop, client, get("/retry?s=" + s)));
        assertEquals("a", loop.runUntilComplete(source.next()).data());
        var pending = source.next();
        // Virtual time moves only once the body has ended (until then the loop waits for it in real
        // time), so half the retry delay later the reconnection timer is set and has not fired.
        loop.runUntilComplete(loop.sleep(Duration.ofSeconds(30)));
        assertEquals(List.of("retry 1 last-event-id=-"), SsePeer.shared().log(s));
        source.close();
        assertNull(loop.runUntilComplete(pending));
        loop.advance(Duration.ofMinutes(10));
        assertEquals(List.of("retry 1 last-event-id=-"), SsePeer.shared().log(s));
    }
}
