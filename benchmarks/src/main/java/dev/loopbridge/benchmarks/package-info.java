/**
 * JMH benchmarks of LoopBridge against peers. Every benchmark measures LoopBridge and its peer
 * doing the same work in the same run: methods named {@code loopBridge...} and one of
 * {@code stpe...} (the scheduling benchmarks' peer, {@link
 * java.util.concurrent.ScheduledThreadPoolExecutor} with one thread), {@code completableFuture...}
 * (the futures', {@link java.util.concurrent.CompletableFuture} on such a thread),
 * {@code nettyDecoder...} (the stream reads', Netty's frame decoders on an {@code EmbeddedChannel})
 * or {@code netty...} (the network benchmarks', Netty's NIO transport on one event-loop thread)
 * pair up by the rest of their name and by their parameters, and {@link
 * dev.loopbridge.benchmarks.PeerComparison} reports the ratio of each pair.
 *
 * <p>Run them with {@code benchmarks/run-core-benchmarks.sh} and
 * {@code benchmarks/run-network-benchmarks.sh}, or any of them with
 * {@code java -jar benchmarks/target/benchmarks.jar <regex>}. The Maven build only compiles and
 * packages them.
 */
package dev.loopbridge.benchmarks;
