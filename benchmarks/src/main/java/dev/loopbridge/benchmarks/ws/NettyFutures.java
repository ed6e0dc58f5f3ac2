package dev.loopbridge.benchmarks.ws;

import java.util.concurrent.CompletableFuture;

import io.netty.channel.ChannelFuture;

/** Netty's channel futures as {@code CompletableFuture}s, for {@link Wait}. Any thread. */
final class NettyFutures {

    private NettyFutures() {
    }

    static CompletableFuture<ChannelFuture> of(ChannelFuture f) {
        CompletableFuture<ChannelFuture> c = new CompletableFuture<>();
        f.addListener(done -> {
            if (done.isSuccess()) {
                c.complete(f);
            } else {
                c.completeExceptionally(done.cause());
            }
        });
        return c;
    }
}
