package dev.loopbridge.web;

import static dev.loopbridge.web.ScriptedHttpClient.BROKEN;
import static dev.loopbridge.web.ScriptedHttpClient.answered;
import static dev.loopbridge.web.ScriptedHttpClient.brokenBeforeHandedOver;
import static dev.loopbridge.web.ScriptedHttpClient.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;

/**
 * A response is its head: {@code HttpBodies.send} with {@code ofStreamReader} completes with the
 * status and headers however soon the body breaks off, and the body's reads give the bytes that
 * arrived, then the error — even when the JDK client reports the break by failing the exchange
 * before it has handed the response over (it does when it reads the head and the end of the
 * connection together: a race {@link ScriptedHttpClient} plays every time). Only an exchange that
 * failed before any head fails {@code send}. On the virtual-time test loop; test thread = loop
 * thread.
 */
@Timeout(60)
class HttpBodiesBrokenBodyTest extends ScriptedClientFixture {

    private static final HttpRequest GET = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/body")).build();

    private HttpResponse<StreamReader> send(ScriptedHttpClient client) {
        return loop.runUntilComplete(HttpBodies.send(loop, client, GET, HttpBodies.ofStreamReader(loop)));
    }

    @ParameterizedTest(name = "the exchange failed on the loop thread: {0}")
    @ValueSource(booleans = {false, true})
    void aBodyCutAfterSomeBytesIsHandedOverWithItsHeadAndReadsThoseBytesThenTheError(boolean onTheLoopThread) {
        HttpResponse<StreamReader> response = send(client(
                brokenBeforeHandedOver(206, "text/plain; charset=utf-8", "line 1\nline", onTheLoopThread)));
        assertEquals(206, response.statusCode());
        assertEquals(Optional.of("text/plain; charset=utf-8"), response.headers().firstValue("Content-Type"));
        assertEquals(GET.uri(), response.uri());
        assertEquals(GET, response.request());
        StreamReader body = response.body();
        assertEquals("line 1", loop.runUntilComplete(body.readLine()));
        assertArrayEquals("line".getBytes(StandardCharsets.UTF_8), loop.runUntilComplete(body.read(100)));
        Throwable e = failureOf(body.read(100));
        assertInstanceOf(IOException.class, e);
        assertEquals(BROKEN, e.getMessage());
    }

    @ParameterizedTest(name = "the exchange failed on the loop thread: {0}")
    @ValueSource(booleans = {false, true})
    void aBodyCutBeforeItsFirstByteIsHandedOverAndItsFirstReadFails(boolean onTheLoopThread) {
        HttpResponse<StreamReader> response = send(client(brokenBeforeHandedOver(200, "application/octet-stream", "",
                onTheLoopThread)));
        assertEquals(200, response.statusCode());
        assertEquals(Optional.of("application/octet-stream"), response.headers().firstValue("Content-Type"));
        Throwable e = failureOf(response.body().read(100));
        assertInstanceOf(IOException.class, e);
        assertEquals(BROKEN, e.getMessage());
    }

    @Test
    void anExchangeThatFailsBeforeAnyHeadStillFailsSend() {
        assertInstanceOf(ConnectException.class,
                failureOf(HttpBodies.send(loop, client(refused()), GET, HttpBodies.ofStreamReader(loop))));
    }

    @Test
    void oneHandlerServesManyExchangesAndEachKeepsItsOwnHead() {
        HttpResponse.BodyHandler<StreamReader> handler = HttpBodies.ofStreamReader(loop, 16);
        ScriptedHttpClient client = client(brokenBeforeHandedOver(500, "text/plain", "first", false),
                refused(),
                answered(200, "text/plain", "third"),
                brokenBeforeHandedOver(404, "text/html", "", true));
        HttpResponse<StreamReader> first = loop.runUntilComplete(HttpBodies.send(loop, client, GET, handler));
        assertInstanceOf(ConnectException.class, failureOf(HttpBodies.send(loop, client, GET, handler)));
        HttpResponse<StreamReader> third = loop.runUntilComplete(HttpBodies.send(loop, client, GET, handler));
        HttpResponse<StreamReader> fourth = loop.runUntilComplete(HttpBodies.send(loop, client, GET, handler));
        assertEquals(List.of(500, 200, 404), List.of(first.statusCode(), third.statusCode(), fourth.statusCode()));
        assertEquals("first", new String(loop.runUntilComplete(first.body().read(100)), StandardCharsets.UTF_8));
        assertInstanceOf(IOException.class, failureOf(first.body().read(100)));
        assertEquals("third", new String(loop.runUntilComplete(third.body().read(100)), StandardCharsets.UTF_8));
        assertEquals(0, loop.runUntilComplete(third.body().read(100)).length, "a clean end");
        assertInstanceOf(IOException.class, failureOf(fourth.body().read(100)));
    }

    @Test
    void cancellingSendAfterTheHeadCameAbortsTheExchangeAndStopsTheBody() {
        ScriptedHttpClient.Held held = new ScriptedHttpClient.Held();
        LoopFuture<HttpResponse<StreamReader>> f = HttpBodies.send(loop, client(held), GET, HttpBodies.ofStreamReader(loop));
        loop.runUntilIdle(); // the body subscribed, the response is not handed over
        assertFalse(f.isDone());
        assertFalse(held.bodyCancelled());
        assertTrue(f.cancel(true));
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(f));
        loop.runUntilIdle();
        assertTrue(held.exchangeCancelled(), "the client's exchange was not cancelled");
        assertTrue(held.bodyCancelled(), "the body still asks the client for data");
    }
}
