package dev.loopbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.tck.LoopFixture;
import dev.loopbridge.core.tck.TestTimeouts;

/**
 * {@link HttpBodies} on a loop that runs in real time, against Python's {@code http.server}
 * ({@link SsePeer}): responses and bodies on the loop thread, cancel and abort closing the
 * connection (the server sees it), a slow reader holding the server back, bodies cut off in the
 * write that opened them, and Server-Sent Events —
 * a stream dropped in the middle of an event, reconnection with {@code Last-Event-ID}, a real
 * server's line endings, BOM and comments, 204 and refused answers. The test thread is not the
 * loop thread.
 */
interface HttpBodiesContract extends LoopFixture {

    /** One client for every test: its threads are the client's, never the loop's. */
    HttpClient CLIENT = HttpClient.newHttpClient();

    private static SsePeer peer() {
        return SsePeer.shared();
    }

    private static HttpRequest get(String pathAndQuery) {
        return HttpRequest.newBuilder(peer().uri(pathAndQuery)).build();
    }

    /** Awaits {@code stage}, bounded by the test timeout. */
    private <T> T awaitBounded(CompletionStage<T> stage) {
        return await(stage.toCompletableFuture().orTimeout(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Awaits {@code stage} and returns its failure, unwrapped. */
    private Throwable failureOf(CompletionStage<?> stage) {
        Object outcome = awaitBounded(stage.handle((v, e) -> e == null ? (Object) ("succeeded with " + v) : e));
        Throwable e = assertInstanceOf(Throwable.class, outcome);
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Reads the body to its end on the loop, checking byte i is i % 251; the count of bytes. */
    private static LoopFuture<Long> drain(StreamReader body, long[] count, LoopFuture<Long> done) {
        body.read(64 * 1024).whenComplete((bytes, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            if (bytes.length == 0) {
                done.complete(count[0]);
                return;
            }
            for (byte b : bytes) {
                if ((b & 0xff) != count[0] % 251) {
                    done.completeExceptionally(new AssertionError("byte " + count[0] + " is " + (b & 0xff)));
                    return;
                }
                count[0]++;
            }
            drain(body, count, done);
        });
        return done;
    }

    /** Every event to the end, each taken on the loop thread (else the list gets a marker). */
    private static LoopFuture<List<ServerSentEvent>> all(EventSource source, List<ServerSentEvent> got,
            LoopFuture<List<ServerSentEvent>> done) {
        source.next().whenComplete((e, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else if (!done.loop().inLoop()) {
                done.completeExceptionally(new AssertionError("an event was handed out off the loop thread"));
            } else if (e == null) {
                done.complete(got);
            } else {
                got.add(e);
                all(source, got, done);
            }
        });
        return done;
    }

    private LoopFuture<List<ServerSentEvent>> allEvents(EventSource source) {
        return onLoop(() -> all(source, new ArrayList<>(), loop().newFuture()));
    }

    // ---- send ----

    @Test
    default void aResponseCompletesOnTheLoopThread() {
        String s = SsePeer.session();
        LoopFuture<HttpResponse<String>> f = HttpBodies.send(loop(), CLIENT, get("/status?code=418&s=" + s),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("418 no events here\n on the loop: true",
                awaitBounded(f.thenApply(r -> r.statusCode() + " " + r.body() + " on the loop: " + loop().inLoop())));
    }

    @Test
    default void cancellingSendAbortsTheExchangeAndTheServerSeesTheConnectionClose() {
        String s = SsePeer.session();
        LoopFuture<HttpResponse<String>> f = HttpBodies.send(loop(), CLIENT, get("/stall?s=" + s),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(peer().await(s, "stall started"), "the request never reached the server: " + peer().log(s));
        assertTrue(f.cancel(true));
        assertTrue(peer().await(s, "stall closed"), "the server still holds the connection: " + peer().log(s));
        assertTrue(f.isCancelled());
    }

    @Test
    default void aNetworkFailureFailsTheResponseWithAnIOException() {
        HttpRequest nowhere = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:9/")).build();
        assertInstanceOf(IOException.class,
                failureOf(HttpBodies.send(loop(), CLIENT, nowhere, HttpResponse.BodyHandlers.ofString())));
    }

    // ---- ofStreamReader ----

    @Test
    default void aSlowReaderHoldsTheServerBackInsteadOfBufferingTheBody() {
        String s = SsePeer.session();
        long size = 128L << 20;
        StreamReader body = awaitBounded(HttpBodies.send(loop(), CLIENT, get("/bytes?s=" + s + "&n=" + size),
                HttpBodies.ofStreamReader(loop())).thenApply(HttpResponse::body));
        byte[] first = awaitBounded(onLoop(() -> body.readExactly(1 << 20)));
        for (int i = 0; i < first.length; i++) {
            assertEquals(i % 251, first[i] & 0xff, "byte " + i);
        }
        // The reader reads nothing now: the server must be stopped by TCP, far from the end.
        long written = peer().writtenWhenStalled(s);
        System.out.println("[HttpBodies] " + loop() + ": the server had written " + (written >> 20)
                + " MiB of " + (size >> 20) + " when a reader that took 1 MiB stopped");
        // What TCP holds on loopback (socket buffers of a few MiB; 5 MiB measured) plus the reader's
        // 128 KiB and a few chunks. HttpBodyHeapTest is the sharper proof (out of heap without it).
        assertTrue(written < (16L << 20), "the server wrote " + written + " of " + size
                + " bytes to a reader that took 1 MiB (expected: held back by TCP, under 16 MiB)");
        long[] count = {first.length};
        assertEquals(size, (long) awaitBounded(onLoop(() -> drain(body, count, loop().newFuture()))));
        assertTrue(onLoop(body::atEof));
        assertTrue(peer().await(s, "bytes done"));
    }

    @Test
    default void abortingABodyClosesTheConnectionAndFailsTheReadsAfterWhatWasBuffered() {
        String s = SsePeer.session();
        StreamReader body = awaitBounded(HttpBodies.send(loop(), CLIENT, get("/bytes?s=" + s + "&n=" + (1L << 30)),
                HttpBodies.ofStreamReader(loop())).thenApply(HttpResponse::body));
        awaitBounded(onLoop(() -> body.readExactly(1 << 20)));
        IllegalStateException offLoop = assertThrows(IllegalStateException.class, () -> HttpBodies.abort(body));
        assertTrue(offLoop.getMessage().contains("HttpBodies.abort must be called on the thread of"), offLoop.getMessage());
        onLoop(() -> HttpBodies.abort(body));
        assertTrue(peer().await(s, "bytes closed"), "the server still writes: " + peer().log(s));
        long[] count = {1 << 20};
        assertInstanceOf(IOException.class, failureOf(onLoop(() -> drain(body, count, loop().newFuture()))));
        assertTrue(count[0] < (1L << 30));
    }

    @Test
    default void closingTheLoopAbortsABodyBeingRead() {
        String s = SsePeer.session();
        StreamReader body = awaitBounded(HttpBodies.send(loop(), CLIENT, get("/bytes?s=" + s + "&n=" + (1L << 30)),
                HttpBodies.ofStreamReader(loop())).thenApply(HttpResponse::body));
        awaitBounded(onLoop(() -> body.readExactly(1 << 20)));
        loop().close();
        assertTrue(peer().await(s, "bytes closed"), "the server still writes: " + peer().log(s));
    }

    /** Every byte of {@code body} until it ends or fails, on the loop: the bytes, then the failure or null. */
    private static LoopFuture<Object[]> readToTheEnd(StreamReader body, ByteArrayOutputStream got, LoopFuture<Object[]> done) {
        body.read(64 * 1024).whenComplete((bytes, error) -> {
            if (error != null || bytes.length == 0) {
                done.complete(new Object[] {got.toString(StandardCharsets.UTF_8), error});
            } else {
                got.writeBytes(bytes);
                readToTheEnd(body, got, done);
            }
        });
        return done;
    }

    @Test
    default void bodiesCutInTheWriteThatOpenedThemAreHandedOverAndReadUpToTheirBreak() {
        // The head, 0 or 25 bytes of a chunked body and the end of the connection reach the client
        // together. Now and then the JDK client fails the exchange with the body's error instead of
        // handing the response over (see streamsCutInTheWriteThatOpenedThem...), hence many bodies;
        // HttpBodiesBrokenBodyTest plays that order every time. Each is answered: send completes
        // with the 200, the reads give the bytes that came, then the IOException.
        for (int i = 0; i < CUT_STREAMS; i++) {
            int n = i % 2 == 0 ? 0 : 25;
            HttpResponse<StreamReader> response = awaitBounded(HttpBodies.send(loop(), CLIENT, get("/cutbody?n=" + n),
                    HttpBodies.ofStreamReader(loop())));
            assertEquals(200, response.statusCode(), "body " + i);
            assertEquals("text/plain", response.headers().firstValue("Content-Type").orElse(""), "body " + i);
            Object[] read = awaitBounded(onLoop(() -> readToTheEnd(response.body(), new ByteArrayOutputStream(), loop().newFuture())));
            assertEquals("0123456789012345678901234".substring(0, n), read[0], "body " + i);
            assertInstanceOf(IOException.class, read[1], "body " + i + ": a body cut off must fail its last read");
        }
    }

    // ---- Server-Sent Events ----

    @Test
    default void aStreamDroppedMidEventReconnectsWithLastEventIdAndNeverDeliversThePartialEvent() {
        String s = SsePeer.session();
        EventSource source = awaitBounded(HttpBodies.serverSentEvents(loop(), CLIENT, get("/drop?s=" + s)));
        List<ServerSentEvent> events = awaitBounded(allEvents(source));
        assertEquals(List.of(new ServerSentEvent("1", "message", "one", null),
                new ServerSentEvent("3", "message", "three", null)), events);
        assertEquals(List.of("drop 1 last-event-id=-", "drop 2 last-event-id=1", "drop 3 last-event-id=3"), peer().log(s));
        assertEquals("3", onLoop(source::lastEventId));
    }

    /** How many streams the tests of a race in the JDK client open, one after the other. */
    int CUT_STREAMS = 40;

    @Test
    default void streamsCutInTheWriteThatOpenedThemAreDroppedStreamsNotRefusedConnections() {
        // The head, an event, half of another and the end of the connection reach the client
        // together. The JDK client then, now and then (a few streams in a hundred here), fails the
        // exchange with the body's error before it has handed the response over: its body parser
        // wins a race with the response. Hence many streams, one after the other (at once, the
        // client's threads are busier and the race is rarer); EventSourceBrokenStreamTest plays
        // that order every time. Each stream was established (200, text/event-stream): the source
        // opens, delivers the whole event once and reconnects with Last-Event-ID.
        for (int i = 0; i < CUT_STREAMS; i++) {
            String s = SsePeer.session();
            EventSource source = awaitBounded(HttpBodies.serverSentEvents(loop(), CLIENT, get("/cutmid?s=" + s)));
            assertEquals(List.of(new ServerSentEvent("1", "message", "one", null),
                    new ServerSentEvent("3", "message", "three", null)), awaitBounded(allEvents(source)), "stream " + i);
            assertEquals(List.of("cutmid 1 last-event-id=-", "cutmid 2 last-event-id=1", "cutmid 3 last-event-id=3"),
                    peer().log(s), "stream " + i);
        }
    }

    @Test
    default void aRealServersBomLineEndingsCommentsAndMultiLineDataAreParsed() {
        String s = SsePeer.session();
        EventSource source = awaitBounded(HttpBodies.serverSentEvents(loop(), CLIENT, get("/mixed?s=" + s)));
        assertEquals(List.of(new ServerSentEvent("", "quote", "EURUSD\n1.08", Duration.ofMillis(10)),
                new ServerSentEvent("42", "message", "x", null),
                new ServerSentEvent("42", "message", "café", null)), awaitBounded(allEvents(source)));
        assertEquals(List.of("mixed 1 last-event-id=-", "mixed 2 last-event-id=42"), peer().log(s));
    }

    @Test
    default void a204AtOnceGivesASourceAtItsEnd() {
        String s = SsePeer.session();
        EventSource source = awaitBounded(HttpBodies.serverSentEvents(loop(), CLIENT, get("/nocontent?s=" + s)));
        assertNull(awaitBounded(onLoop(source::next)));
        assertNull(awaitBounded(onLoop(source::next)));
        assertEquals(List.of("nocontent 1 last-event-id=-"), peer().log(s));
    }

    @Test
    default void anotherStatusOrContentTypeFailsTheSourceWithAnIOExceptionNamingIt() {
        Throwable e = failureOf(HttpBodies.serverSentEvents(loop(), CLIENT, get("/status?code=503")));
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("answered 503 with Content-Type text/plain"), e.getMessage());
        e = failureOf(HttpBodies.serverSentEvents(loop(), CLIENT, get("/plain")));
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("answered 200 with Content-Type text/plain"), e.getMessage());
    }

    @Test
    default void closeEndsTheSourceAndItsMethodsRefuseOtherThreads() {
        String s = SsePeer.session();
        // One event, a clean end, and the next connection 60 s away: close meets a source waiting.
        EventSource source = awaitBounded(HttpBodies.serverSentEvents(loop(), CLIENT, get("/retry?s=" + s)));
        assertThrows(IllegalStateException.class, source::next);
        assertThrows(IllegalStateException.class, source::close);
        assertEquals(new ServerSentEvent("", "message", "a", Duration.ofMillis(60_000)), awaitBounded(onLoop(source::next)));
        LoopFuture<ServerSentEvent> waiting = onLoop(() -> {
            LoopFuture<ServerSentEvent> w = source.next();
            source.close();
            return w;
        });
        assertNull(awaitBounded(waiting));
        assertNull(awaitBounded(onLoop(source::next)));
        onLoop(source::close); // idempotent
    }
}
