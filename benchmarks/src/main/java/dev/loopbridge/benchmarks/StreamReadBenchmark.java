package dev.loopbridge.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.util.ReferenceCountUtil;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.StreamReader;

/**
 * How fast a {@link StreamReader} turns bytes into messages, against Netty's frame decoders doing
 * the same on an {@link EmbeddedChannel}: no socket on either side, so the score is the parsing
 * and the delivery of each message to the code that asked for it, not the kernel's. Each
 * invocation delivers {@value #MESSAGES} messages' bytes and waits until the reading code has had
 * all of them; the score ({@code @OperationsPerInvocation}) is <b>messages per second</b>.
 *
 * <ul>
 *   <li>{@code Lines}: text lines of 16 to 64 ASCII characters and a {@code \n}
 *       ({@value #LINE_BYTES} bytes for the 20,000, 40.8 per line on average: lines/s &times; 40.8 is
 *       bytes/s). LoopBridge: {@code readLine()}, each next read issued from the previous one's
 *       callback, the line a {@code String}. Netty: {@link LineBasedFrameDecoder} (delimiter
 *       stripped) and {@link StringDecoder}, UTF-8 on both sides.</li>
 *   <li>{@code Frames}: length-prefixed frames, a 4-byte big-endian length and a body of 16 to 64
 *       bytes ({@value #FRAME_BYTES} bytes for the 20,000, 43.8 per frame). LoopBridge:
 *       {@code readExactly(4)} then {@code readExactly(length)} chained with {@code thenCompose},
 *       as {@link StreamReader}'s own example; the body is a {@code byte[]}, a copy. Netty:
 *       {@link LengthFieldBasedFrameDecoder} stripping the length; the body is a slice of the
 *       received buffer, no copy, released by the reading code.</li>
 *   <li>{@code FramesPolled}: the same frames and the same Netty decoder; LoopBridge takes the
 *       frames already buffered with {@code pollExactly(4)} and {@code pollExactly(length)} (a
 *       copy each, no future), and falls back to {@code readExactly} only for a frame that
 *       straddles two pieces.</li>
 * </ul>
 *
 * <p>{@code arrival}: {@code buffered}, all the bytes arrive in one piece before the first read
 * (LoopBridge: every read finds its data buffered and completes at once); {@code chunked}, they
 * arrive in {@value #CHUNK}-byte pieces, each in a task of its own on the contender's thread as a
 * socket's reads would be, so that messages straddle pieces and LoopBridge's reads wait for data.
 *
 * <p>The contenders: a reader of LoopBridge's default loop, fed on the loop thread (see
 * {@link DetachedReader}: the API has no way to feed a reader but a socket), and an
 * {@code EmbeddedChannel} whose pipeline runs on the peer's one thread (a one-thread
 * {@link ScheduledThreadPoolExecutor}, see {@link Fixtures}); the pieces are heap buffers over the
 * same bytes on both sides ({@code ByteBuffer.wrap}, {@code Unpooled.wrappedBuffer}), each
 * delivered as a transport would ({@code fireChannelRead} + {@code fireChannelReadComplete} for
 * Netty). The reading code adds up the lengths of the messages, and an invocation fails unless
 * they add up to the payload's. The hop from the benchmark thread to the contender and back is
 * included, once per invocation, the same for both (see {@link #MESSAGES}). Waits that stall are
 * counted and reported (see {@link StallCounter}).
 */
public class StreamReadBenchmark extends PairedBenchmark {

    /**
     * Messages per invocation: enough that the one hop per invocation is a small part of the
     * score. On the 2-core virtual machine of issue 13's runs, waking a parked thread costs about
     * 35 us, and the hop wakes two: with 1,000 messages it was most of the score, about 70 of the
     * 90-100 ns a message took on either side, where the parsing alone takes 13-60 ns.
     */
    static final int MESSAGES = 20_000;

    /** The size of each piece in which the bytes arrive with {@code arrival=chunked}. */
    static final int CHUNK = 1024;

    /** Both sides' limit on a message: LoopBridge's default stream limit, 64 KiB. */
    static final int LIMIT = ConnectOptions.DEFAULT_STREAM_LIMIT;

    /** The size of {@link #LINES}, checked when it is built (the class comment quotes it). */
    static final int LINE_BYTES = 816_541;

    /** The size of {@link #FRAMES}, checked when it is built. */
    static final int FRAME_BYTES = 876_541;

    /** {@value #MESSAGES} lines, the same in every invocation. */
    static final Payload LINES = Payload.build(false, LINE_BYTES);

    /** {@value #MESSAGES} length-prefixed frames with the same bodies as the lines. */
    static final Payload FRAMES = Payload.build(true, FRAME_BYTES);

    /** LoopBridge's default loop and a reader of it, fed by the benchmark. */
    @State(Scope.Benchmark)
    public static class LoopBridgeState {
        /** How the bytes arrive: in one piece or in {@value #CHUNK}-byte pieces. */
        @Param({"buffered", "chunked"})
        public String arrival;

        EventLoop loop;
        StreamReader reader;

        @Setup(Level.Trial)
        public void start() {
            loop = Fixtures.newLoop("stream-bench");
            reader = DetachedReader.create(loop); // published to the loop thread by loop.execute
        }

        @TearDown(Level.Trial)
        public void close() {
            Fixtures.close(loop);
        }

        /** Feeds {@code payload} to the reader while {@code reads} reads it, on the loop; waits. */
        long read(Payload payload, Reads reads, StallCounter stalls) {
            boolean buffered = arrival.equals("buffered");
            Feeder feeder = new Feeder(loop, payload.bytes, buffered ? payload.bytes.length : CHUNK, reads.tally) {
                @Override
                void deliver(byte[] bytes, int from, int length) {
                    DetachedReader.feed(reader, ByteBuffer.wrap(bytes, from, length));
                }
            };
            loop.execute(() -> {
                try {
                    if (buffered) {
                        feeder.run(); // every read finds its bytes waiting
                        reads.next();
                    } else {
                        reads.next(); // the first read waits for the first piece
                        feeder.run();
                    }
                } catch (RuntimeException | Error e) {
                    reads.tally.fail(e);
                }
            });
            return payload.check(Fixtures.await(reads.tally.done, loop, stalls));
        }
    }

    /** The peer's one thread, and a channel for each kind of message whose pipeline ends in a {@link Sink}. */
    @State(Scope.Benchmark)
    public static class NettyState {
        /** How the bytes arrive: in one piece or in {@value #CHUNK}-byte pieces. */
        @Param({"buffered", "chunked"})
        public String arrival;

        ScheduledThreadPoolExecutor peer;
        EmbeddedChannel lines;
        EmbeddedChannel frames;

        @Setup(Level.Trial)
        public void start() {
            peer = Fixtures.newPeer("stream-peer");
            // Made on the peer's thread, where their pipelines run from now on.
            lines = Fixtures.await(peer.submit(() -> new EmbeddedChannel(
                    new LineBasedFrameDecoder(LIMIT, true, false),
                    new StringDecoder(StandardCharsets.UTF_8),
                    new Sink())), peer, null);
            frames = Fixtures.await(peer.submit(() -> new EmbeddedChannel(
                    new LengthFieldBasedFrameDecoder(LIMIT, 0, 4, 0, 4),
                    new Sink())), peer, null);
        }

        @TearDown(Level.Trial)
        public void close() {
            if (peer != null) {
                Fixtures.await(peer.submit(() -> {
                    lines.finishAndReleaseAll();
                    return frames.finishAndReleaseAll();
                }), peer, null);
            }
            Fixtures.close(peer);
        }

        /** Delivers {@code payload} to {@code channel}'s pipeline on the peer's thread; waits. */
        long read(EmbeddedChannel channel, Payload payload, StallCounter stalls) {
            Tally tally = new Tally();
            ChannelPipeline pipeline = channel.pipeline(); // a decoder's failure reaches the Sink
            int chunk = arrival.equals("buffered") ? payload.bytes.length : CHUNK;
            Feeder feeder = new Feeder(peer, payload.bytes, chunk, tally) {
                @Override
                void deliver(byte[] bytes, int from, int length) {
                    // What a transport does with each read: the bytes, then the end of the read.
                    pipeline.fireChannelRead(Unpooled.wrappedBuffer(bytes, from, length));
                    pipeline.fireChannelReadComplete();
                }
            };
            peer.execute(() -> {
                pipeline.get(Sink.class).tally = tally;
                feeder.run();
            });
            return payload.check(Fixtures.await(tally.done, peer, stalls));
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long loopBridgeLines(LoopBridgeState state, StallCounter stalls) {
        return state.read(LINES, new LineReads(state.reader), stalls);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long nettyDecoderLines(NettyState state, StallCounter stalls) {
        return state.read(state.lines, LINES, stalls);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long loopBridgeFrames(LoopBridgeState state, StallCounter stalls) {
        return state.read(FRAMES, new FrameReads(state.reader), stalls);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long nettyDecoderFrames(NettyState state, StallCounter stalls) {
        return state.read(state.frames, FRAMES, stalls);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long loopBridgeFramesPolled(LoopBridgeState state, StallCounter stalls) {
        return state.read(FRAMES, new PolledFrameReads(state.reader), stalls);
    }

    /** The same as {@link #nettyDecoderFrames}, the peer of {@link #loopBridgeFramesPolled}. */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long nettyDecoderFramesPolled(NettyState state, StallCounter stalls) {
        return state.read(state.frames, FRAMES, stalls);
    }

    /**
     * What the reading code of one invocation has seen: how many messages and the sum of their
     * lengths, and {@link #done} once it has seen {@value #MESSAGES} (or failed). The contender's
     * thread only, until {@code done} publishes the sum to the benchmark thread.
     */
    static final class Tally {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        private long total;
        private int count;

        /** Counts a message of {@code length}; returns whether more are to come. */
        boolean add(int length) {
            total += length;
            if (++count == MESSAGES) {
                done.complete(total);
                return false;
            }
            return true;
        }

        void fail(Throwable error) {
            done.completeExceptionally(error);
        }
    }

    /**
     * LoopBridge's reading code: {@value #MESSAGES} reads in a chain, each issued from the
     * callback of the one before, as a protocol's read loop is written. Loop thread.
     */
    abstract static class Reads {
        final StreamReader reader;
        final Tally tally = new Tally();

        Reads(StreamReader reader) {
            this.reader = reader;
        }

        /** Issues the next read. */
        abstract void next();
    }

    /** Reads lines with {@code readLine()}. */
    static final class LineReads extends Reads implements BiConsumer<String, Throwable> {
        LineReads(StreamReader reader) {
            super(reader);
        }

        @Override
        void next() {
            reader.readLine().whenComplete(this);
        }

        @Override
        public void accept(String line, Throwable error) {
            if (error != null || line == null) {
                tally.fail(error != null ? error : new IllegalStateException("the stream ended"));
            } else if (tally.add(line.length())) {
                next();
            }
        }
    }

    /** Reads length-prefixed frames with {@code readExactly(4)}, then {@code readExactly(length)}. */
    static final class FrameReads extends Reads implements BiConsumer<byte[], Throwable> {
        private final Function<byte[], CompletionStage<byte[]>> body =
                header -> reader.readExactly(ByteBuffer.wrap(header).getInt());

        FrameReads(StreamReader reader) {
            super(reader);
        }

        @Override
        void next() {
            reader.readExactly(4).thenCompose(body).whenComplete(this);
        }

        @Override
        public void accept(byte[] frame, Throwable error) {
            if (error != null) {
                tally.fail(error);
            } else if (tally.add(frame.length)) {
                next();
            }
        }
    }

    /**
     * Reads length-prefixed frames as {@link FrameReads} does, but takes the frames already
     * buffered with {@code pollExactly}, as a decoder's loop over its buffer would: a future only
     * for a read that has to wait for the next piece.
     */
    static final class PolledFrameReads extends Reads implements BiConsumer<byte[], Throwable> {
        private final Function<byte[], CompletionStage<byte[]>> body =
                header -> reader.readExactly(ByteBuffer.wrap(header).getInt());

        PolledFrameReads(StreamReader reader) {
            super(reader);
        }

        @Override
        void next() {
            byte[] header;
            while ((header = reader.pollExactly(4)) != null) {
                int length = ByteBuffer.wrap(header).getInt();
                byte[] frame = reader.pollExactly(length);
                if (frame == null) {
                    reader.readExactly(length).whenComplete(this); // the body straddles two pieces
                    return;
                }
                if (!tally.add(frame.length)) {
                    return;
                }
            }
            reader.readExactly(4).thenCompose(body).whenComplete(this);
        }

        @Override
        public void accept(byte[] frame, Throwable error) {
            if (error != null) {
                tally.fail(error);
            } else if (tally.add(frame.length)) {
                next();
            }
        }
    }

    /** Netty's reading code, at the end of the pipeline: counts each message and releases it. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        /** The current invocation's tally; set and read on the peer's thread. */
        Tally tally;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof String line) {
                tally.add(line.length());
            } else if (msg instanceof ByteBuf frame) {
                tally.add(frame.readableBytes());
                frame.release();
            } else {
                ReferenceCountUtil.release(msg);
                tally.fail(new IllegalStateException("unexpected message " + msg));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            tally.fail(cause);
        }
    }

    /**
     * Delivers a payload to a contender in pieces of {@code chunk} bytes, each in a task of its
     * own on the contender's thread (the first in the caller's task), in order. A failure fails
     * the tally, so that the benchmark thread does not wait for ever. The contender's thread.
     */
    abstract static class Feeder implements Runnable {
        private final Executor contender;
        private final byte[] bytes;
        private final int chunk;
        private final Tally tally;
        private int at;

        Feeder(Executor contender, byte[] bytes, int chunk, Tally tally) {
            this.contender = contender;
            this.bytes = bytes;
            this.chunk = chunk;
            this.tally = tally;
        }

        /** Hands {@code length} bytes from {@code from} to the reading side. */
        abstract void deliver(byte[] bytes, int from, int length);

        @Override
        public void run() {
            try {
                int n = Math.min(chunk, bytes.length - at);
                deliver(bytes, at, n);
                at += n;
                if (at < bytes.length) {
                    contender.execute(this);
                }
            } catch (RuntimeException | Error e) {
                tally.fail(e);
            }
        }
    }

    /** The bytes of {@value #MESSAGES} messages and the sum of their lengths. */
    record Payload(byte[] bytes, long lengths) {

        /**
         * Builds {@value #MESSAGES} messages of 16 to 64 random lower-case letters (the same in
         * every run): lines ending in {@code \n}, or frames after a 4-byte big-endian length.
         */
        static Payload build(boolean framed, int expectedSize) {
            SplittableRandom random = new SplittableRandom(7);
            ByteBuffer out = ByteBuffer.allocate(MESSAGES * (64 + 4));
            long lengths = 0;
            for (int i = 0; i < MESSAGES; i++) {
                int length = 16 + random.nextInt(49);
                lengths += length;
                if (framed) {
                    out.putInt(length);
                }
                for (int j = 0; j < length; j++) {
                    out.put((byte) ('a' + random.nextInt(26)));
                }
                if (!framed) {
                    out.put((byte) '\n');
                }
            }
            byte[] bytes = new byte[out.position()];
            out.flip().get(bytes);
            if (bytes.length != expectedSize) {
                throw new IllegalStateException("the payload has " + bytes.length + " bytes (expected: "
                        + expectedSize + "; update the constant and the class comment)");
            }
            return new Payload(bytes, lengths);
        }

        /** Returns {@code sum} if it is the sum of the messages' lengths; fails otherwise. */
        long check(long sum) {
            if (sum != lengths) {
                throw new IllegalStateException("the messages read add up to " + sum + " bytes (expected: "
                        + lengths + "): the reader lost, split or merged messages");
            }
            return sum;
        }
    }

    /**
     * A reader of LoopBridge's own implementation with no connection under it, fed by the
     * benchmark: {@code StreamReaderImpl}, the reader each stream connection owns, made with its
     * package-private constructor and fed through its package-private {@code feed(ByteBuffer)} as
     * the connection's protocol feeds it each read. The benchmarks jar runs on the class path,
     * where bridge-core's module boundary does not apply, so a private lookup reaches them. With
     * no transport the reader has no flow control to exercise (it would pause reading past twice
     * its limit): with {@code arrival=buffered} it holds the whole payload, as Netty's decoder
     * does. If bridge-core renames them, the benchmark fails at its setup with the reason.
     */
    static final class DetachedReader {
        private static final String READER = "dev.loopbridge.core.internal.net.StreamReaderImpl";
        private static final String LOOP = "dev.loopbridge.core.internal.BaseEventLoop";

        /** (EventLoop loop, int limit) -> StreamReader. */
        private static final MethodHandle NEW;

        /** (StreamReader reader, ByteBuffer data) -> void. */
        private static final MethodHandle FEED;

        static {
            try {
                Class<?> impl = Class.forName(READER);
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(impl, MethodHandles.lookup());
                NEW = lookup.findConstructor(impl, MethodType.methodType(void.class, Class.forName(LOOP), int.class))
                        .asType(MethodType.methodType(StreamReader.class, EventLoop.class, int.class));
                FEED = lookup.findVirtual(impl, "feed", MethodType.methodType(void.class, ByteBuffer.class))
                        .asType(MethodType.methodType(void.class, StreamReader.class, ByteBuffer.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(new IllegalStateException("cannot reach " + READER
                        + "(" + LOOP + ", int) and its feed(ByteBuffer) (expected in bridge-core: see"
                        + " StreamReadBenchmark.DetachedReader)", e));
            }
        }

        private DetachedReader() {
        }

        /** A reader of {@code loop} (a LoopBridge loop) with the default limit. Any thread. */
        static StreamReader create(EventLoop loop) {
            try {
                return (StreamReader) NEW.invokeExact(loop, LIMIT);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot make a reader of " + loop, e);
            }
        }

        /** Feeds {@code data} to {@code reader}, as a read of its connection would. Loop thread. */
        static void feed(StreamReader reader, ByteBuffer data) {
            try {
                FEED.invokeExact(reader, data);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot feed " + reader, e);
            }
        }
    }
}
