package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ChannelWatch;

/** watch(): readiness of channels the application owns. */
public interface WatchContract extends LoopFixture {

    @Test
    default void aWatchedPipeReportsReadabilityOnTheLoopThread() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            CompletableFuture<String> read = new CompletableFuture<>();
            ChannelWatch w = onLoop(() -> loop().watch(pipe.source(), SelectionKey.OP_READ, ops -> {
                ByteBuffer b = ByteBuffer.allocate(64);
                try {
                    pipe.source().read(b);
                } catch (IOException e) {
                    read.completeExceptionally(e);
                    return;
                }
                read.complete((loop().inLoop() ? "on loop: " : "elsewhere: ") + new String(b.array(), 0, b.position()));
            }));
            pipe.sink().write(ByteBuffer.wrap("ping".getBytes()));
            assertEquals("on loop: ping", await(read));
            assertEquals(SelectionKey.OP_READ, (int) onLoop(w::ops));
            assertTrue(onLoop(w::cancel));
            assertFalse(onLoop(w::cancel));
            assertTrue(pipe.source().isOpen(), "the watched channel is the caller's to close");
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    default void settingTheOpsToZeroPausesTheWatch() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            AtomicInteger calls = new AtomicInteger();
            ChannelWatch w = onLoop(() -> loop().watch(pipe.source(), SelectionKey.OP_READ, ops -> calls.incrementAndGet()));
            onLoop(() -> w.setOps(0));
            pipe.sink().write(ByteBuffer.wrap("x".getBytes()));
            await(loop().sleep(Duration.ofMillis(30)));
            assertEquals(0, calls.get());
            CompletableFuture<Integer> resumed = new CompletableFuture<>();
            onLoop(() -> {
                w.cancel();
                loop().watch(pipe.source(), SelectionKey.OP_READ, ops -> resumed.complete(ops));
            });
            assertEquals(SelectionKey.OP_READ, (int) await(resumed));
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    default void watchingForAnOperationTheChannelCannotDoIsRejected() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            String message = onLoop(() -> {
                try {
                    loop().watch(pipe.source(), SelectionKey.OP_WRITE, ops -> { });
                    return "accepted";
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            });
            assertTrue(message.contains("valid ops"), message);
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }
}
