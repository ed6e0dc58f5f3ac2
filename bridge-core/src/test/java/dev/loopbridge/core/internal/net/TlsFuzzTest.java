package dev.loopbridge.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.Tag;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.Transport;
import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.tck.TestCertificates;
import dev.loopbridge.core.testing.TestEventLoop;

/**
 * Coverage-guided fuzzing of the TLS layer: a peer that speaks no TLS, or broken TLS, sends the
 * loop's end of a real loopback connection arbitrary bytes — records cut anywhere, mutated
 * handshake messages, alerts, garbage — in chunks of a size the fuzzer picks, then closes its
 * output. Whether the loop is the TLS client or the server, the connection must fail cleanly: the
 * handshake's future fails with an {@link SSLException} (nothing else escapes the engine), no
 * error is reported to the loop's exception handler, the socket is closed and forgotten, and the
 * handshake timer is cancelled.
 *
 * <p>The committed seeds (in {@code TlsFuzzTestInputs/}) start with a real ClientHello and a
 * real server flight. Without {@code JAZZER_FUZZ} the test replays them and what fuzzing kept;
 * with {@code JAZZER_FUZZ=1} it fuzzes (docs/FUZZING.md).
 */
@Tag("fuzz")
class TlsFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytesFromThePeerFailTheHandshakeCleanly(FuzzedDataProvider data) throws IOException {
        // Primitives come from the end of the input, so a seed starts with the peer's bytes.
        boolean loopIsClient = data.consumeBoolean();
        int chunk = data.consumeInt(1, 600);
        byte[] peerBytes = data.consumeRemainingAsBytes();

        TestEventLoop loop = TestEventLoop.create();
        List<String> reported = new ArrayList<>();
        loop.setExceptionHandler((l, error, context) -> reported.add(context + ": " + error));
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel peer = SocketChannel.open(listener.getLocalAddress());
                SocketChannel ours = listener.accept()) {
            TestCertificates certs = TestCertificates.get();
            TlsOptions tls = loopIsClient ? TlsOptions.client(certs.clientContext()) : TlsOptions.server(certs.serverContext());
            LoopFuture<Transport> ready = loop.newFuture();
            LoopFuture<Void> closed = loop.newFuture();
            boolean[] handshakeDone = new boolean[1];
            Protocol app = data1 -> { };
            Transports.start((BaseEventLoop) loop, ours, true, false, tls, "localhost", () -> {
                handshakeDone[0] = true;
                return app;
            }, ready, () -> closed.complete(null), null);

            for (int pos = 0; pos < peerBytes.length; pos += chunk) {
                if (!sendOrLearnItIsGone(peer, ByteBuffer.wrap(peerBytes, pos, Math.min(chunk, peerBytes.length - pos)))) {
                    break;
                }
                loop.runUntilIdle();
            }
            try {
                peer.shutdownOutput();
            } catch (IOException alreadyReset) {
                // the loop gave up first
            }
            Throwable failure = loop.runUntilComplete(ready.handle((t, error) -> error));
            loop.runUntilComplete(closed);

            assertFalse(handshakeDone[0], "a handshake completed with bytes that no TLS peer sent");
            assertInstanceOf(SSLException.class, unwrap(failure), "the handshake must fail with an SSLException");
            assertEquals(List.of(), reported, "errors reported to the loop's exception handler");
            assertFalse(ours.isOpen(), "the loop's socket is closed");
            assertEquals(0, loop.stats().pendingTimers(), "the handshake timer is cancelled");
            assertTrue(ready.isCompletedExceptionally());
        } finally {
            loop.close();
        }
    }

    /** Writes it all, or returns false once the loop has reset the connection. */
    private static boolean sendOrLearnItIsGone(SocketChannel peer, ByteBuffer chunk) {
        try {
            while (chunk.hasRemaining()) {
                peer.write(chunk);
            }
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
