package dev.loopbridge.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Tag;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.loopbridge.core.IncompleteReadException;
import dev.loopbridge.core.LimitOverrunException;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.testing.TestEventLoop;

/**
 * Coverage-guided fuzzing of the stream reader: a stream cut into arbitrary chunks, fed between
 * arbitrary reads ({@code readLine}, {@code readUntil} with a delimiter of one to three bytes,
 * {@code readExactly}, {@code read}), must give each read what a simple model of the whole stream
 * gives it — whatever the chunking, and whether a read was served at once or waited.
 *
 * <p>Without {@code JAZZER_FUZZ} each test runs once per input in
 * {@code src/test/resources/dev/loopbridge/core/internal/net/StreamReaderFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs/FUZZING.md).
 */
@Tag("fuzz")
class StreamReaderFuzzTest {

    /** One read, issued on the reader. */
    private sealed interface Op {
        LoopFuture<?> issue(StreamReaderImpl reader);
    }

    private record Line() implements Op {
        @Override
        public LoopFuture<?> issue(StreamReaderImpl reader) {
            return reader.readLine();
        }
    }

    private record Until(byte[] delimiter) implements Op {
        @Override
        public LoopFuture<?> issue(StreamReaderImpl reader) {
            return reader.readUntil(delimiter);
        }
    }

    private record Exactly(int n) implements Op {
        @Override
        public LoopFuture<?> issue(StreamReaderImpl reader) {
            return reader.readExactly(n);
        }
    }

    private record Some(int max) implements Op {
        @Override
        public LoopFuture<?> issue(StreamReaderImpl reader) {
            return reader.read(max);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void readsOverAnyChunkingMatchTheModel(FuzzedDataProvider data) {
        int reads = data.consumeInt(0, 24);
        List<Op> ops = new ArrayList<>();
        List<int[]> schedule = new ArrayList<>(); // {0, op index} issue a read, {1, chunk length} feed
        for (int i = 0; i < reads; i++) {
            Op o = switch (data.consumeInt(0, 3)) {
                case 0 -> new Line();
                case 1 -> {
                    byte[] d = data.consumeBytes(data.consumeInt(1, 3));
                    yield new Until(d.length == 0 ? new byte[] {'\n'} : d);
                }
                case 2 -> new Exactly(data.consumeInt(0, 64));
                default -> new Some(data.consumeInt(1, 64));
            };
            ops.add(o);
            schedule.add(new int[] {0, i});
            if (data.consumeBoolean()) {
                schedule.add(new int[] {1, data.consumeInt(1, 32)});
            }
        }
        byte[] stream = data.consumeRemainingAsBytes();
        TestEventLoop loop = TestEventLoop.create();
        try {
            StreamReaderImpl reader = new StreamReaderImpl((BaseEventLoop) loop, stream.length + 1);
            List<LoopFuture<?>> futures = new ArrayList<>();
            int fed = 0;
            for (int[] step : schedule) {
                if (step[0] == 0) {
                    futures.add(ops.get(step[1]).issue(reader));
                } else {
                    int n = Math.min(step[1], stream.length - fed);
                    reader.feed(ByteBuffer.wrap(stream, fed, n));
                    fed += n;
                }
            }
            reader.feed(ByteBuffer.wrap(stream, fed, stream.length - fed));
            reader.feedEof();
            loop.runUntilIdle();
            check(ops, futures, stream);
        } finally {
            loop.close();
        }
    }

    /** Replays the reads on the whole stream, the simplest way, and compares. */
    private static void check(List<Op> ops, List<LoopFuture<?>> futures, byte[] stream) {
        int pos = 0;
        for (int i = 0; i < ops.size(); i++) {
            Op o = ops.get(i);
            LoopFuture<?> f = futures.get(i);
            assertTrue(f.isDone(), "read " + i + " (" + o + ") is still pending after the end of the stream");
            int left = stream.length - pos;
            switch (o) {
                case Line l -> {
                    int nl = indexOf(stream, pos, new byte[] {'\n'});
                    if (left == 0) {
                        assertEquals(null, f.join(), "read " + i + ": readLine at the end");
                        continue;
                    }
                    int end = nl >= 0 ? nl + 1 : stream.length;
                    int textEnd = nl >= 0 ? nl : stream.length;
                    if (nl >= 0 && textEnd > pos && stream[textEnd - 1] == '\r') {
                        textEnd--;
                    }
                    assertEquals(new String(stream, pos, textEnd - pos, StandardCharsets.UTF_8), f.join(),
                            "read " + i + ": readLine");
                    pos = end;
                }
                case Until u -> {
                    int at = indexOf(stream, pos, u.delimiter());
                    if (at < 0) {
                        IncompleteReadException e = failure(f, IncompleteReadException.class, i);
                        assertArrayEquals(Arrays.copyOfRange(stream, pos, stream.length), e.partial());
                        pos = stream.length;
                    } else {
                        int end = at + u.delimiter().length;
                        assertArrayEquals(Arrays.copyOfRange(stream, pos, end), (byte[]) f.join(),
                                "read " + i + ": readUntil " + Arrays.toString(u.delimiter()));
                        pos = end;
                    }
                }
                case Exactly x -> {
                    if (left < x.n()) {
                        IncompleteReadException e = failure(f, IncompleteReadException.class, i);
                        assertArrayEquals(Arrays.copyOfRange(stream, pos, stream.length), e.partial());
                        assertEquals(x.n(), e.expected());
                        pos = stream.length;
                    } else {
                        assertArrayEquals(Arrays.copyOfRange(stream, pos, pos + x.n()), (byte[]) f.join(),
                                "read " + i + ": readExactly " + x.n());
                        pos += x.n();
                    }
                }
                case Some s -> {
                    byte[] got = (byte[]) f.join();
                    if (left == 0) {
                        assertEquals(0, got.length, "read " + i + ": read at the end");
                    } else {
                        assertTrue(got.length >= 1 && got.length <= s.max(),
                                "read " + i + ": read(" + s.max() + ") gave " + got.length + " bytes");
                        assertArrayEquals(Arrays.copyOfRange(stream, pos, pos + got.length), got);
                        pos += got.length;
                    }
                }
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void aSmallLimitOnlyEverFailsTheDocumentedWays(FuzzedDataProvider data) {
        int limit = data.consumeInt(1, 16);
        int reads = data.consumeInt(0, 16);
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < reads; i++) {
            ops.add(switch (data.consumeInt(0, 2)) {
                case 0 -> new Line();
                case 1 -> {
                    byte[] d = data.consumeBytes(data.consumeInt(1, 3));
                    yield new Until(d.length == 0 ? new byte[] {'\n'} : d);
                }
                default -> new Exactly(data.consumeInt(0, 32));
            });
        }
        int chunk = data.consumeInt(1, 32);
        byte[] stream = data.consumeRemainingAsBytes();
        TestEventLoop loop = TestEventLoop.create();
        try {
            StreamReaderImpl reader = new StreamReaderImpl((BaseEventLoop) loop, limit);
            List<LoopFuture<?>> futures = new ArrayList<>();
            for (Op o : ops) {
                futures.add(o.issue(reader));
            }
            for (int at = 0; at < stream.length; at += chunk) {
                reader.feed(ByteBuffer.wrap(stream, at, Math.min(chunk, stream.length - at)));
            }
            reader.feedEof();
            loop.runUntilIdle();
            for (int i = 0; i < futures.size(); i++) {
                LoopFuture<?> f = futures.get(i);
                assertTrue(f.isDone(), "read " + i + " is still pending after the end of the stream");
                if (f.isCompletedExceptionally()) {
                    Throwable e = assertThrows(f);
                    assertTrue(e instanceof LimitOverrunException || e instanceof IncompleteReadException,
                            "read " + i + " failed with an undocumented " + e);
                } else if (f.join() instanceof byte[] b) {
                    assertTrue(ops.get(i) instanceof Exactly || b.length <= limit,
                            "read " + i + " returned " + b.length + " bytes past the limit of " + limit);
                }
            }
        } finally {
            loop.close();
        }
    }

    private static Throwable assertThrows(LoopFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static <E extends Throwable> E failure(LoopFuture<?> f, Class<E> type, int index) {
        Throwable e = assertThrows(f);
        return assertInstanceOf(type, e, "read " + index);
    }

    private static int indexOf(byte[] haystack, int from, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
