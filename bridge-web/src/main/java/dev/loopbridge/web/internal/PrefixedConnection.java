package dev.loopbridge.web.internal;

import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.IncompleteReadException;
import dev.loopbridge.core.LimitOverrunException;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.StreamWriter;
import dev.loopbridge.core.TlsOptions;

/**
 * A {@link StreamConnection} whose reader gives back, first, bytes its owner already read from
 * the connection (to find out which protocol it speaks), then what the connection's own reader
 * gives. Loop thread only, as the connection it wraps; the writer and everything else are the
 * connection's.
 *
 * <p>The reader serves one read at a time (the server exchange and the WebSocket session never
 * issue a second before the first completes). While bytes put back remain, a read that needs more
 * than they hold ({@code readUntil} without the delimiter among them, {@code readExactly} of more)
 * reads from the connection and appends, so a delimiter split between the two is found; the
 * reader's limit is the connection's.
 */
final class PrefixedConnection implements StreamConnection {

    private final StreamConnection connection;
    private final Reader reader;

    PrefixedConnection(EventLoop loop, StreamConnection connection, byte[] alreadyRead) {
        this.connection = connection;
        this.reader = new Reader(loop, connection.reader(), alreadyRead.clone());
    }

    @Override
    public StreamReader reader() {
        return reader;
    }

    @Override
    public StreamWriter writer() {
        return connection.writer();
    }

    @Override
    public SocketAddress localAddress() {
        return connection.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public LoopFuture<Void> startTls(TlsOptions options) {
        return connection.startTls(options);
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return connection.tlsSession();
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return connection + " (" + reader.length + " bytes put back)";
    }

    /** The reader: {@code buffer[start, length)} first, then the connection's reader. */
    private static final class Reader implements StreamReader {

        private final EventLoop loop;
        private final StreamReader source;
        // Guarded by: the loop thread. What was put back and is not read yet: buffer[start, length).
        private byte[] buffer;
        private int start;
        private int length;

        Reader(EventLoop loop, StreamReader source, byte[] alreadyRead) {
            this.loop = loop;
            this.source = source;
            this.buffer = alreadyRead;
            this.length = alreadyRead.length;
        }

        private int buffered() {
            return length - start;
        }

        private byte[] take(int n) {
            byte[] out = Arrays.copyOfRange(buffer, start, start + n);
            start += n;
            if (start == length) {
                buffer = new byte[0];
                start = 0;
                length = 0;
            }
            return out;
        }

        private <T> LoopFuture<T> done(T value) {
            LoopFuture<T> f = loop.newFuture();
            f.complete(value);
            return f;
        }

        private <T> LoopFuture<T> failed(Throwable error) {
            LoopFuture<T> f = loop.newFuture();
            f.completeExceptionally(error);
            return f;
        }

        /** Reads more from the connection and appends it; the future gives false at the end of the stream. */
        private LoopFuture<Boolean> fill() {
            return source.read(Math.max(1, source.limit() - buffered())).thenApply(more -> {
                if (more.length == 0) {
                    return false;
                }
                byte[] grown = Arrays.copyOfRange(buffer, start, length + more.length);
                System.arraycopy(more, 0, grown, length - start, more.length);
                buffer = grown;
                length = grown.length;
                start = 0;
                return true;
            });
        }

        @Override
        public LoopFuture<byte[]> read(int max) {
            if (max <= 0) {
                throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
            }
            return buffered() == 0 ? source.read(max) : done(take(Math.min(max, buffered())));
        }

        @Override
        public LoopFuture<byte[]> readExactly(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
            }
            if (buffered() == 0) {
                return source.readExactly(n);
            }
            if (buffered() >= n) {
                return done(take(n));
            }
            return fill().thenCompose(more -> more ? readExactly(n)
                    : failed(new IncompleteReadException(take(buffered()), n)));
        }

        @Override
        public byte[] pollExactly(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
            }
            if (buffered() == 0) {
                return source.pollExactly(n);
            }
            return buffered() >= n ? take(n) : null;
        }

        @Override
        public LoopFuture<byte[]> readUntil(byte[] delimiter) {
            if (delimiter.length == 0) {
                throw new IllegalArgumentException("delimiter: empty (expected: at least one byte)");
            }
            if (buffered() == 0) {
                return source.readUntil(delimiter);
            }
            int at = indexOf(delimiter);
            if (at >= 0) {
                return done(take(at + delimiter.length - start));
            }
            if (buffered() >= source.limit()) {
                return failed(new LimitOverrunException("no delimiter within the limit of " + source.limit()
                        + " bytes", buffered()));
            }
            return fill().thenCompose(more -> more ? readUntil(delimiter)
                    : failed(new IncompleteReadException(take(buffered()), -1)));
        }

        private int indexOf(byte[] delimiter) {
            outer:
            for (int i = start; i <= length - delimiter.length; i++) {
                for (int j = 0; j < delimiter.length; j++) {
                    if (buffer[i + j] != delimiter[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public LoopFuture<String> readLine() {
            return readLine(StandardCharsets.UTF_8);
        }

        @Override
        public LoopFuture<String> readLine(Charset charset) {
            if (buffered() == 0) {
                return source.readLine(charset);
            }
            LoopFuture<String> line = loop.newFuture();
            readUntil(new byte[] {'\n'}).whenComplete((bytes, error) -> {
                if (error == null) {
                    int end = bytes.length - 1;
                    if (end > 0 && bytes[end - 1] == '\r') {
                        end--;
                    }
                    line.complete(new String(bytes, 0, end, charset));
                } else if (ClientHandshake.unwrap(error) instanceof IncompleteReadException e) {
                    line.complete(e.partial().length == 0 ? null : new String(e.partial(), charset));
                } else {
                    line.completeExceptionally(ClientHandshake.unwrap(error));
                }
            });
            return line;
        }

        @Override
        public boolean atEof() {
            return buffered() == 0 && source.atEof();
        }

        @Override
        public int limit() {
            return source.limit();
        }
    }
}
