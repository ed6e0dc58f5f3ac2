package dev.loopbridge.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;

/**
 * Downloads {@value #BYTES} bytes through {@code HttpBodies.ofStreamReader} on the default loop,
 * stopping for 300 ms after every 64 MiB read, checking every byte, and prints
 * {@code read N bytes, max heap M MiB}. Run in a JVM of its own with a 64 MiB heap by
 * {@link HttpBodyHeapTest}: a body subscriber whose demand did not follow the reader would let the
 * client pour the body into the reader's buffer during each stop and run out of heap.
 */
final class HttpBodyHeapProbe {

    static final long BYTES = 500L << 20;
    private static final long STOP_EVERY = 64L << 20;

    private HttpBodyHeapProbe() {
    }

    /**
     * Runs the download.
     *
     * @param args the URI of the peer's {@code /bytes} for {@value #BYTES} bytes
     */
    public static void main(String[] args) {
        try (EventLoop loop = EventLoops.newDefault(); HttpClient client = HttpClient.newHttpClient()) {
            long n = loop.runUntilComplete(HttpBodies.send(loop, client, HttpRequest.newBuilder(URI.create(args[0])).build(),
                            HttpBodies.ofStreamReader(loop))
                    .thenCompose(response -> count(loop, response.body(), new long[1], loop.newFuture())));
            System.out.println("read " + n + " bytes, max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        }
    }

    /** Reads to the end, checking byte i is i % 251, stopping for 300 ms every 64 MiB. Loop thread. */
    private static LoopFuture<Long> count(EventLoop loop, StreamReader body, long[] sofar, LoopFuture<Long> done) {
        body.read(64 * 1024).whenComplete((bytes, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            if (bytes.length == 0) {
                done.complete(sofar[0]);
                return;
            }
            long before = sofar[0];
            for (byte b : bytes) {
                if ((b & 0xff) != sofar[0] % 251) {
                    done.completeExceptionally(new AssertionError("byte " + sofar[0] + " is " + (b & 0xff)));
                    return;
                }
                sofar[0]++;
            }
            if (before / STOP_EVERY != sofar[0] / STOP_EVERY) {
                loop.sleep(Duration.ofMillis(300)).thenRun(() -> count(loop, body, sofar, done));
            } else {
                count(loop, body, sofar, done);
            }
        });
        return done;
    }
}
