package dev.loopbridge.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.tck.Recorder;
import dev.loopbridge.core.tck.TestCertificates;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.core.testing.TestEventLoop;

/**
 * The TLS layer fed records by a peer the test runs itself: an {@link SSLEngine} on the test
 * thread behind a plain loopback socket, so the test decides how records are cut, when the peer
 * closes, and what it sends instead of TLS, and reads every byte the layer sends back (alerts,
 * close_notify, a reset). The loop is the test loop, run by the same thread between the peer's
 * steps, so nothing races. Test thread.
 */
class TlsLayerRecordsTest {

    private static final int TLS_ALERT = 21;

    private final TestEventLoop loop = TestEventLoop.create();
    private final List<String> reported = new ArrayList<>();
    private ServerSocketChannel listener;
    private SocketChannel peerChannel;
    private SocketChannel ours;
    private SSLEngine peer;
    private Selector peerReadable;
    private ByteBuffer peerNetIn = ByteBuffer.allocate(1 << 20);
    private final ByteArrayOutputStream peerPlain = new ByteArrayOutputStream();
    /** Every byte the layer sent, as it arrived: the records themselves. */
    private final ByteArrayOutputStream peerRaw = new ByteArrayOutputStream();
    private boolean peerSawEnd;
    private IOException peerSawReset;
    private final Recorder app = new Recorder();
    private LoopFuture<Transport> ready;
    private LoopFuture<Void> closed;
    private Transport layer;

    @AfterEach
    void closeEverything() throws IOException {
        loop.close();
        if (peerReadable != null) {
            peerReadable.close();
        }
        for (var c : new java.nio.channels.Channel[] {peerChannel, ours, listener}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static TestCertificates certs() {
        return TestCertificates.get();
    }

    /** Connects the peer and starts the layer on the loop's end, as a client or a server. */
    private void start(TlsOptions loopSide, SSLContext peerContext, boolean peerIsClient) throws IOException {
        start(loopSide, "localhost", peerContext, peerIsClient, app);
    }

    /** As above, with the host name the loop's end connected to and the application's protocol. */
    private void start(TlsOptions loopSide, String peerHost, SSLContext peerContext, boolean peerIsClient,
            Recorder application) throws IOException {
        loop.setExceptionHandler((l, error, context) -> reported.add(context + ": " + error));
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peerChannel = SocketChannel.open(listener.getLocalAddress());
        peerChannel.configureBlocking(false);
        peerReadable = Selector.open();
        peerChannel.register(peerReadable, SelectionKey.OP_READ);
        ours = listener.accept();
        peer = peerContext.createSSLEngine("localhost", 443);
        peer.setUseClientMode(peerIsClient);
        ready = loop.newFuture();
        closed = loop.newFuture();
        layer = Transports.start((BaseEventLoop) loop, ours, true, false, loopSide, peerHost, () -> application,
                ready, () -> closed.complete(null), null);
    }

    private void startAsClient() throws IOException {
        start(TlsOptions.client(certs().clientContext()), certs().serverContext(), false);
    }

    /**
     * Runs the loop and reads what reaches the peer until {@code done}: bytes on loopback are
     * usually there as soon as they are written, but not always on a loaded machine, so each side
     * looks again until what the test waits for has arrived (or the test's timeout has passed).
     */
    private void until(String what, IoCondition done) throws IOException {
        long giveUp = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        while (true) {
            loop.runUntilIdle();
            peerRead();
            if (done.holds()) {
                return;
            }
            assertTrue(System.nanoTime() - giveUp < 0, "timed out waiting for " + what);
            peerReadable.select(5); // what the peer waits for, or a moment for the loop's bytes in flight
            peerReadable.selectedKeys().clear();
        }
    }

    @FunctionalInterface
    private interface IoCondition {
        boolean holds() throws IOException;
    }

    /** Until the application has received {@code n} bytes. */
    private void untilAppReceived(int n) throws IOException {
        until(n + " bytes for the application", () -> app.received().length >= n);
    }

    /** Until the peer has received {@code n} bytes of plaintext. */
    private void untilPeerReceived(int n) throws IOException {
        until(n + " bytes for the peer", () -> {
            peerUnwrap();
            return peerPlain.size() >= n || peer.isInboundDone();
        });
    }

    /** Until the peer saw the connection end, cleanly or with a reset. */
    private void untilPeerSawTheEnd() throws IOException {
        until("the end of the connection", () -> peerSawEnd || peerSawReset != null);
    }

    /** Reads what the layer sent so far into the peer's buffer. */
    private void peerRead() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        while (true) {
            b.clear();
            int n;
            try {
                n = peerChannel.read(b);
            } catch (IOException reset) {
                peerSawReset = reset;
                return;
            }
            if (n < 0) {
                peerSawEnd = true;
                return;
            }
            if (n == 0) {
                return;
            }
            b.flip();
            peerRaw.write(b.array(), 0, n);
            peerNetIn.put(b);
        }
    }

    /** Sends bytes to the layer, {@code chunk} at a time, letting the loop read each chunk. */
    private void peerSend(ByteBuffer bytes, int chunk) throws IOException {
        while (bytes.hasRemaining()) {
            ByteBuffer piece = bytes.slice(bytes.position(), Math.min(chunk, bytes.remaining()));
            while (piece.hasRemaining()) {
                int n = peerChannel.write(piece);
                bytes.position(bytes.position() + n);
                loop.runUntilIdle();
            }
        }
    }

    /** The peer wraps {@code plain} (or handshake data, or close_notify) into records. */
    private ByteBuffer peerWrap(ByteBuffer plain) throws SSLException {
        ByteBuffer out = ByteBuffer.allocate(plain.remaining() + 64 * 1024);
        do {
            SSLEngineResult r = peer.wrap(plain, out);
            runPeerTasks();
            if (r.getStatus() == Status.CLOSED || r.bytesProduced() == 0) {
                break;
            }
        } while (plain.hasRemaining() || peer.getHandshakeStatus() == HandshakeStatus.NEED_WRAP);
        return out.flip();
    }

    private void runPeerTasks() {
        Runnable task;
        while ((task = peer.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** The peer unwraps what it has read; returns the last status. */
    private Status peerUnwrap() throws SSLException {
        peerNetIn.flip();
        Status last = Status.OK;
        try {
            while (peerNetIn.hasRemaining()) {
                ByteBuffer plain = ByteBuffer.allocate(peer.getSession().getApplicationBufferSize());
                SSLEngineResult r = peer.unwrap(peerNetIn, plain);
                runPeerTasks();
                last = r.getStatus();
                plain.flip();
                peerPlain.write(plain.array(), 0, plain.limit());
                if (r.getStatus() != Status.OK || (r.bytesConsumed() == 0 && r.bytesProduced() == 0)) {
                    break;
                }
                if (peer.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    break;
                }
            }
        } finally {
            peerNetIn.compact();
        }
        return last;
    }

    /** Runs the handshake between the peer and the layer until both are done. */
    private void handshake() throws IOException {
        peer.beginHandshake();
        until("the handshake", () -> {
            HandshakeStatus hs = peer.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runPeerTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                peerSend(peerWrap(ByteBuffer.allocate(0)), Integer.MAX_VALUE);
            } else if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                peerUnwrap();
            }
            return peer.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING && ready.isDone();
        });
    }

    /** The plaintext the peer received, once there are {@code n} bytes of it. */
    private String peerReceived(int n) throws IOException {
        untilPeerReceived(n);
        return peerPlain.toString(StandardCharsets.US_ASCII);
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return b;
    }

    // ---- records cut anywhere ----

    @Test
    void recordsCutAtEveryByteReachTheApplicationWhole() throws IOException {
        startAsClient();
        handshake();
        ByteBuffer records = ByteBuffer.allocate(1 << 16);
        for (String s : List.of("first record", "second", "and the third, a bit longer than the others")) {
            records.put(peerWrap(ascii(s)));
        }
        records.flip();
        peerSend(records, 1);
        String expected = "first recordsecondand the third, a bit longer than the others";
        untilAppReceived(expected.length());
        assertEquals(expected, new String(app.received(), StandardCharsets.US_ASCII));
        assertEquals(List.of(), reported);
    }

    @Test
    void recordsCutAcrossTheirBoundariesReachTheApplicationWhole() throws IOException {
        startAsClient();
        handshake();
        byte[] plain = pattern(50_000);
        ByteBuffer records = peerWrap(ByteBuffer.wrap(plain));
        peerSend(records, 1_000); // 1,000-byte pieces: every record (up to 16 KiB) arrives in parts
        untilAppReceived(plain.length);
        assertArrayEquals(plain, app.received());
    }

    @Test
    void aBurstOfRecordsLargerThanTheLayersBufferIsReadWhole() throws IOException {
        startAsClient();
        handshake();
        byte[] plain = pattern(300_000);
        ByteBuffer records = peerWrap(ByteBuffer.wrap(plain));
        // Written before the loop reads what it can: its reads then hand the layer up to 64 KiB at
        // a time, more than a TLS packet buffer holds.
        while (records.hasRemaining()) {
            if (peerChannel.write(records) == 0) {
                loop.runUntilIdle();
            }
        }
        untilAppReceived(plain.length);
        assertArrayEquals(plain, app.received());
    }

    // ---- the end of a session ----

    @Test
    void closeNotifyFromThePeerIsTheEndOfTheStreamAndIsAnsweredWithCloseNotify() throws IOException {
        startAsClient();
        handshake();
        peerSend(peerWrap(ascii("last words")), Integer.MAX_VALUE);
        peer.closeOutbound();
        peerSend(peerWrap(ByteBuffer.allocate(0)), Integer.MAX_VALUE);
        until("the layer's close", closed::isDone);
        assertEquals("last words", new String(app.received(), StandardCharsets.US_ASCII));
        assertTrue(app.eof.isDone(), "close_notify did not reach the application as the end of the stream");
        assertTrue(app.lost.isDone(), "no half-close over TLS: the layer closes");
        assertNull(app.lost.join(), "a clean end is no error");
        untilPeerSawTheEnd();
        assertEquals(Status.CLOSED, peerUnwrap(), "the layer did not answer close_notify with its own");
        assertTrue(peer.isInboundDone());
        assertTrue(peerSawEnd, "the layer left the connection open");
        assertNull(peerSawReset, "the layer reset the connection instead of closing it");
        assertEquals(List.of(), reported);
    }

    @Test
    void closeSendsWhatWasWrittenThenCloseNotifyThenClosesTheConnection() throws IOException {
        startAsClient();
        handshake();
        Transport t = ready.join();
        t.write("goodbye".getBytes(StandardCharsets.US_ASCII));
        t.close();
        assertTrue(t.isClosing());
        t.write("ignored".getBytes(StandardCharsets.US_ASCII));
        untilPeerSawTheEnd();
        assertEquals("goodbye", peerReceived(7), "what was written before close arrives, and nothing after");
        assertTrue(peer.isInboundDone(), "no close_notify followed the data");
        assertTrue(peerSawEnd, "the layer left the connection open");
        assertNull(peerSawReset, "the layer reset the connection instead of closing it");
        until("the layer's close", closed::isDone);
        assertNull(app.lost.join());
    }

    @Test
    void abortResetsTheConnectionWithoutCloseNotify() throws IOException {
        startAsClient();
        handshake();
        Transport t = ready.join();
        t.abort();
        untilPeerSawTheEnd();
        peerUnwrap();
        assertFalse(peer.isInboundDone(), "abort sent close_notify");
        assertTrue(closed.isDone());
    }

    @Test
    void theEndOfTheTcpStreamAfterTheHandshakeIsTheEndOfTheStreamAndClosesTheConnection() throws IOException {
        startAsClient();
        handshake();
        peerSend(peerWrap(ascii("truncated")), Integer.MAX_VALUE);
        peerChannel.shutdownOutput();
        until("the layer's close", closed::isDone);
        assertEquals("truncated", new String(app.received(), StandardCharsets.US_ASCII));
        assertTrue(app.eof.isDone());
    }

    // ---- handshakes that fail ----

    @Test
    void aHandshakeThatFailsSendsTheAlertResetsTheConnectionAndFailsTheConnect() throws IOException {
        // The loop's client does not trust the peer's certificate.
        start(TlsOptions.client(certs().distrustingClientContext()), certs().serverContext(), false);
        peer.beginHandshake();
        until("the handshake's failure", () -> {
            HandshakeStatus hs = peer.getHandshakeStatus();
            try {
                if (hs == HandshakeStatus.NEED_TASK) {
                    runPeerTasks();
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    peerSend(peerWrap(ByteBuffer.allocate(0)), Integer.MAX_VALUE);
                } else if (hs == HandshakeStatus.NEED_UNWRAP) {
                    peerUnwrap();
                }
            } catch (SSLException alertReceived) {
                // the peer engine read the layer's alert
            }
            return ready.isDone() && (peerSawReset != null || peerSawEnd);
        });
        CompletionException e = assertThrows(CompletionException.class, ready::join);
        assertInstanceOf(SSLException.class, e.getCause());
        assertTrue(containsAlert(peerRaw.toByteArray()), "the layer sent no alert before it gave up");
        assertNotNull(peerSawReset, "a failed handshake resets the connection");
        until("the layer's close", closed::isDone);
        assertEquals(0, loop.stats().pendingTimers(), "the handshake timer is still scheduled");
        assertFalse(app.made.isDone(), "the application's protocol was made for a failed handshake");
        assertEquals(List.of(), reported, "a failed handshake is the connect's failure, not a loop error");
    }

    private static void assertNotNull(Object o, String message) {
        assertTrue(o != null, message);
    }

    /**
     * Whether the records in {@code raw} (what a failed client sent) hold an alert: an alert record,
     * or, under TLS 1.3, which hides record types, an encrypted record after the ClientHello.
     */
    private static boolean containsAlert(byte[] raw) {
        int i = 0;
        boolean afterClientHello = false;
        while (i + 5 <= raw.length) {
            int type = raw[i] & 0xFF;
            int len = ((raw[i + 3] & 0xFF) << 8) | (raw[i + 4] & 0xFF);
            if (type == TLS_ALERT || (type == 23 && afterClientHello)) {
                return true;
            }
            afterClientHello = true;
            i += 5 + len;
        }
        return false;
    }

    @Test
    void bytesThatAreNotTlsFailTheHandshakeCleanly() throws IOException {
        startAsClient();
        until("the ClientHello", () -> peerRaw.size() > 0);
        peerSend(ascii("HTTP/1.1 400 Bad Request\r\n\r\n"), Integer.MAX_VALUE);
        until("the handshake's failure", ready::isDone);
        CompletionException e = assertThrows(CompletionException.class, ready::join);
        assertInstanceOf(SSLException.class, e.getCause());
        until("the layer's close", closed::isDone);
        assertEquals(0, loop.stats().pendingTimers(), "the handshake timer is still scheduled");
        assertEquals(List.of(), reported);
    }

    @Test
    void aResetDuringTheHandshakeFailsTheConnectWithTheResetAndCancelsTheTimer() throws IOException {
        startAsClient();
        until("the ClientHello", () -> peerRaw.size() > 0);
        peerChannel.setOption(StandardSocketOptions.SO_LINGER, 0);
        peerReadable.close(); // a registered channel's close waits for its key to go
        peerChannel.close(); // a reset
        long giveUp = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        while (!ready.isDone()) {
            assertTrue(System.nanoTime() - giveUp < 0, "the reset never reached the layer");
            loop.runUntilIdle();
            Thread.onSpinWait();
        }
        CompletionException e = assertThrows(CompletionException.class, ready::join);
        assertInstanceOf(IOException.class, e.getCause());
        // The socket's own exception, not one the layer makes up for a connection lost without a cause.
        assertFalse(e.getCause() instanceof SSLException, "the reset was replaced by " + e.getCause());
        assertTrue(closed.isDone());
        assertEquals(0, loop.stats().pendingTimers(), "the handshake timer is still scheduled");
        assertEquals(List.of(), reported);
    }

    @Test
    void aHandshakeThatDoesNotFinishInTimeFailsTheConnect() throws IOException {
        start(TlsOptions.client(certs().clientContext()).withHandshakeTimeout(Duration.ofSeconds(3)),
                certs().serverContext(), false);
        loop.advance(Duration.ofMillis(2_999));
        assertFalse(ready.isDone(), "the handshake timed out early");
        loop.advance(Duration.ofMillis(1));
        CompletionException e = assertThrows(CompletionException.class, ready::join);
        SSLHandshakeException cause = assertInstanceOf(SSLHandshakeException.class, e.getCause());
        assertTrue(cause.getMessage().contains("did not finish within"), cause.getMessage());
        untilPeerSawTheEnd();
        assertTrue(containsAlert(peerRaw.toByteArray()), "the layer gave up without an alert");
        assertNotNull(peerSawReset, "a failed handshake resets the connection");
        until("the layer's close", closed::isDone);
    }

    // ---- data around the handshake ----

    @Test
    void plaintextWrittenBeforeTheHandshakeEndsIsSentAfterItAheadOfWhatComesNext() throws IOException {
        startAsClient();
        layer.write(ascii("early "));
        layer.write(ascii("and "));
        layer.write(ByteBuffer.allocate(0));
        assertEquals("early and ".length(), layer.writeBufferSize(), "held plaintext is counted as buffered");
        handshake();
        ready.join().write("later".getBytes(StandardCharsets.US_ASCII));
        assertEquals("early and later", peerReceived(15));
    }

    // ---- handshakes after the first ----

    @Test
    void aRenegotiationThePeerStartsIsFollowedAndDataFlowsOnBothSides() throws IOException {
        start(TlsOptions.client(certs().clientContext()), certs().serverContext(), false);
        peer.setEnabledProtocols(new String[] {"TLSv1.2"});
        handshake();
        Transport t = ready.join();
        peerSend(peerWrap(ascii("before")), Integer.MAX_VALUE);
        handshake(); // the peer starts a second handshake (TLS 1.2 renegotiation)
        peerSend(peerWrap(ascii(" after")), Integer.MAX_VALUE);
        t.write("reply".getBytes(StandardCharsets.US_ASCII));
        untilAppReceived(12);
        assertEquals("before after", new String(app.received(), StandardCharsets.US_ASCII));
        assertEquals("reply", peerReceived(5));
        assertEquals(List.of(), reported);
        assertFalse(t.isClosing());
        assertEquals(1, app.made.isDone() ? 1 : 0);
    }

    @Test
    void aKeyUpdateThePeerSendsIsFollowedAndDataFlowsOnBothSides() throws IOException {
        startAsClient();
        handshake();
        assertEquals("TLSv1.3", peer.getSession().getProtocol());
        Transport t = ready.join();
        peer.beginHandshake(); // TLS 1.3: a KeyUpdate asking for ours
        peerSend(peerWrap(ByteBuffer.allocate(0)), Integer.MAX_VALUE);
        peerSend(peerWrap(ascii("rekeyed")), Integer.MAX_VALUE);
        untilAppReceived(7);
        t.write("reply".getBytes(StandardCharsets.US_ASCII));
        assertEquals("rekeyed", new String(app.received(), StandardCharsets.US_ASCII));
        assertEquals("reply", peerReceived(5));
        assertEquals(List.of(), reported);
    }

    @Test
    void aLargeWriteIsCutIntoRecordsThePeerReadsWhole() throws IOException {
        startAsClient();
        handshake();
        byte[] plain = pattern(100_000);
        ready.join().write(plain);
        untilPeerReceived(plain.length);
        assertArrayEquals(plain, peerPlain.toByteArray());
    }

    // ---- flow control ----

    @Test
    void writeBufferLimitsReachTheSocketAndItsPausesAndResumesReachTheApplication() throws IOException {
        startAsClient();
        handshake();
        Transport t = ready.join();
        t.setWriteBufferLimits(64 * 1024, 16 * 1024);
        ours.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
        byte[] plain = pattern(16 << 20);
        t.write(plain);
        assertEquals(1, app.pauses(), "16 MiB over a 64 KiB limit did not pause the application");
        untilPeerReceived(plain.length);
        assertArrayEquals(plain, peerPlain.toByteArray());
        until("the application's resume", () -> app.resumes() == 1);
    }

    @Test
    void raisedWriteBufferLimitsReachTheSocket() throws IOException {
        startAsClient();
        handshake();
        Transport t = ready.join();
        t.setWriteBufferLimits(64 << 20, 32 << 20);
        t.write(pattern(4 << 20));
        assertEquals(0, app.pauses(), "4 MiB under a 64 MiB limit paused the application");
    }

    @Test
    void pausedReadingHoldsThePeerBackAndResumedReadingDeliversWhatWaited() throws IOException {
        startAsClient();
        handshake();
        Transport t = ready.join();
        t.pauseReading();
        assertFalse(t.isReading());
        // The peer writes until the socket takes no more: a paused layer must stop reading the
        // socket, not buffer what comes without bound.
        ours.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
        peerChannel.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
        int size = 16 << 20;
        ByteBuffer records = peerWrap(ByteBuffer.wrap(pattern(size)));
        int total = records.remaining();
        boolean heldBack = false;
        for (int idle = 0; records.hasRemaining() && !heldBack; ) {
            if (peerChannel.write(records) == 0) {
                loop.runUntilIdle();
                heldBack = ++idle > 20; // the loop had its chance to read, twenty times over
            } else {
                idle = 0;
            }
        }
        assertTrue(heldBack, "a layer whose reading is paused read all " + total + " bytes of records");
        assertEquals(0, app.received().length, "data reached a paused application");
        CompletableFuture<byte[]> all = app.bytes(size);
        t.resumeReading();
        assertTrue(t.isReading());
        until("the rest of the records", () -> {
            while (records.hasRemaining() && peerChannel.write(records) > 0) {
                loop.runUntilIdle();
            }
            return all.isDone();
        });
        assertArrayEquals(pattern(size), all.join());
    }

    @Test
    void aPauseFromInsideDataReceivedStopsDeliveryAtOnceAndResumeDeliversWhatWasRead() throws IOException {
        Transport[] self = new Transport[1];
        Recorder pausing = new Recorder() {
            @Override
            public void dataReceived(ByteBuffer data) {
                super.dataReceived(data);
                if (received().length == 5) {
                    self[0].pauseReading(); // the first record is enough for now
                }
            }
        };
        loop.setExceptionHandler((l, error, context) -> reported.add(context + ": " + error));
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peerChannel = SocketChannel.open(listener.getLocalAddress());
        peerChannel.configureBlocking(false);
        peerReadable = Selector.open();
        peerChannel.register(peerReadable, SelectionKey.OP_READ);
        ours = listener.accept();
        peer = certs().serverContext().createSSLEngine();
        peer.setUseClientMode(false);
        ready = loop.newFuture();
        closed = loop.newFuture();
        layer = Transports.start((BaseEventLoop) loop, ours, true, false, TlsOptions.client(certs().clientContext()),
                "localhost", () -> pausing, ready, () -> closed.complete(null), null);
        handshake();
        self[0] = ready.join();
        ByteBuffer records = ByteBuffer.allocate(1 << 16);
        for (String s : List.of("first", "second", "third")) {
            records.put(peerWrap(ascii(s)));
        }
        records.flip();
        peerSend(records, Integer.MAX_VALUE); // the three records in one piece
        until("the first record", () -> pausing.received().length >= 5);
        loop.runUntilIdle();
        assertEquals("first", new String(pausing.received(), StandardCharsets.US_ASCII),
                "records were delivered after the application paused reading");
        self[0].resumeReading(); // the other two were read before the pause: no new bytes will come
        assertEquals("firstsecondthird", new String(pausing.received(), StandardCharsets.US_ASCII),
                "resumeReading did not deliver the records read before the pause");
    }

    @Test
    void aServerSendsWhatWasHeldBeforeWhatTheApplicationWritesWhenTheHandshakeEnds() throws IOException {
        Recorder greeting = new Recorder() {
            @Override
            public void connectionMade(Transport transport) {
                super.connectionMade(transport);
                transport.write("hello".getBytes(StandardCharsets.US_ASCII));
            }
        };
        loop.setExceptionHandler((l, error, context) -> reported.add(context + ": " + error));
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peerChannel = SocketChannel.open(listener.getLocalAddress());
        peerChannel.configureBlocking(false);
        peerReadable = Selector.open();
        peerChannel.register(peerReadable, SelectionKey.OP_READ);
        ours = listener.accept();
        peer = certs().clientContext().createSSLEngine("localhost", listener.socket().getLocalPort());
        peer.setUseClientMode(true);
        ready = loop.newFuture();
        closed = loop.newFuture();
        layer = Transports.start((BaseEventLoop) loop, ours, true, false, TlsOptions.server(certs().serverContext()),
                null, () -> greeting, ready, () -> closed.complete(null), null);
        layer.write(ascii("held "));
        handshake();
        assertEquals("held hello", peerReceived(10), "what was held must go first");
        assertEquals(List.of(), reported);
    }

    @Test
    void aCorruptRecordAfterTheHandshakeResetsTheConnectionAndReachesTheApplicationAsTheCause() throws IOException {
        startAsClient();
        handshake();
        ByteBuffer record = peerWrap(ascii("tampered with"));
        record.put(record.limit() - 1, (byte) (record.get(record.limit() - 1) ^ 1)); // breaks the record's tag
        peerSend(record, Integer.MAX_VALUE);
        until("the layer's end", closed::isDone);
        assertEquals(0, app.received().length, "a record that fails authentication was delivered");
        assertInstanceOf(SSLException.class, app.lost.join(), "the application is not told why");
        untilPeerSawTheEnd();
        assertNotNull(peerSawReset, "a broken session ends with a reset, not a clean close");
    }

    // ---- found by mutation testing ----

    @Test
    void aWriteFromAnotherThreadIsRefusedBeforeTheEngineSeesItAndTheSessionGoesOn() throws Exception {
        startAsClient();
        handshake();
        Transport t = ready.join();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            try {
                t.write(ascii("stray"));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, "not-the-loop");
        other.start();
        other.join(TestTimeouts.TIMEOUT.toMillis());
        assertInstanceOf(IllegalStateException.class, outcome.getNow(null), "a write off the loop thread was taken");
        // A record the engine wrapped (and counted) but the socket refused would make the peer
        // unable to decrypt the next one.
        t.write(ascii("after"));
        assertEquals("after", peerReceived(5));
        assertFalse(t.isClosing());
        assertEquals(List.of(), reported);
    }

    @Test
    void aTls12ClientSendsWhatWasHeldBeforeWhatTheApplicationWritesWhenTheHandshakeEnds() throws IOException {
        // TLS 1.2: the client's handshake ends on the server's Finished, in an unwrap, not in a wrap
        // that would hold the application's first write behind what was held already.
        Recorder greeting = new Recorder() {
            @Override
            public void connectionMade(Transport transport) {
                super.connectionMade(transport);
                transport.write("hello".getBytes(StandardCharsets.US_ASCII));
            }
        };
        start(TlsOptions.client(certs().clientContext()), "localhost", certs().serverContext(), false, greeting);
        peer.setEnabledProtocols(new String[] {"TLSv1.2"});
        layer.write(ascii("held "));
        handshake();
        assertEquals("TLSv1.2", peer.getSession().getProtocol());
        assertEquals("held hello", peerReceived(10), "what was held must go first");
        assertEquals(List.of(), reported);
    }

    @Test
    void aClientSendsTheHostNameItConnectedToAsSni() throws IOException {
        startAsClient();
        handshake();
        assertEquals(List.of(new SNIHostName("localhost")),
                ((ExtendedSSLSession) peer.getSession()).getRequestedServerNames());
    }

    @Test
    void aClientThatConnectedToAnIpv6LiteralSendsNoSni() throws IOException {
        // "::1" starts with its colon; SNI carries host names only (RFC 6066), never addresses.
        start(TlsOptions.client(certs().clientContext()).insecureSkipHostnameVerification(), "::1",
                certs().serverContext(), false, app);
        handshake();
        assertEquals(List.of(), ((ExtendedSSLSession) peer.getSession()).getRequestedServerNames());
        ready.join().write("ok".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ok", peerReceived(2));
    }

    @Test
    void anApplicationWhoseEofReceivedThrowsIsReportedAndTheSessionStillEndsCleanly() throws IOException {
        Recorder throwing = new Recorder() {
            @Override
            public boolean eofReceived() {
                super.eofReceived();
                throw new IllegalStateException("boom");
            }
        };
        start(TlsOptions.client(certs().clientContext()), "localhost", certs().serverContext(), false, throwing);
        handshake();
        peer.closeOutbound();
        peerSend(peerWrap(ByteBuffer.allocate(0)), Integer.MAX_VALUE);
        until("the layer's close", closed::isDone);
        assertTrue(throwing.eof.isDone());
        assertEquals(1, reported.size(), "the exception was not reported once: " + reported);
        assertTrue(reported.get(0).contains("eofReceived") && reported.get(0).contains("boom"), reported.get(0));
        assertNull(throwing.lost.join(), "a clean end is no error");
        untilPeerSawTheEnd();
        assertEquals(Status.CLOSED, peerUnwrap(), "the layer did not answer close_notify with its own");
        assertNull(peerSawReset, "the layer reset the connection instead of closing it");
    }

    @Test
    void aServerThatWritesAndClosesAsTheHandshakeEndsSendsTheDataThenCloseNotifyThenCloses() throws IOException {
        // TLS 1.3: the server's handshake ends in the wrap of the session ticket, so the
        // application's close arrives while that wrap runs and must wait for it.
        Recorder brief = new Recorder() {
            @Override
            public void connectionMade(Transport transport) {
                super.connectionMade(transport);
                transport.write("bye".getBytes(StandardCharsets.US_ASCII));
                transport.close();
            }
        };
        loop.setExceptionHandler((l, error, context) -> reported.add(context + ": " + error));
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peerChannel = SocketChannel.open(listener.getLocalAddress());
        peerChannel.configureBlocking(false);
        peerReadable = Selector.open();
        peerChannel.register(peerReadable, SelectionKey.OP_READ);
        ours = listener.accept();
        peer = certs().clientContext().createSSLEngine("localhost", listener.socket().getLocalPort());
        peer.setUseClientMode(true);
        ready = loop.newFuture();
        closed = loop.newFuture();
        layer = Transports.start((BaseEventLoop) loop, ours, true, false, TlsOptions.server(certs().serverContext()),
                null, () -> brief, ready, () -> closed.complete(null), null);
        peer.beginHandshake();
        until("the layer's close", () -> {
            HandshakeStatus hs = peer.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runPeerTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                peerSend(peerWrap(ByteBuffer.allocate(0)), Integer.MAX_VALUE);
            } else if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                peerUnwrap();
            }
            return closed.isDone();
        });
        untilPeerSawTheEnd();
        assertEquals("TLSv1.3", peer.getSession().getProtocol());
        assertEquals("bye", peerReceived(3));
        assertTrue(peer.isInboundDone(), "no close_notify followed the data");
        assertTrue(peerSawEnd, "the layer left the connection open");
        assertNull(peerSawReset, "the layer reset the connection instead of closing it");
        assertEquals(List.of(), reported);
    }
}
