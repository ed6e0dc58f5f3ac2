package dev.loopbridge.web.internal;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.StreamWriter;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.core.Transport;

/**
 * A {@link StreamConnection} with no socket, for session tests on the test loop: the bytes to read
 * are queued by the test and every read is served at once from them, at most {@code chunk} bytes
 * at a time (a read with nothing queued waits for {@link #push}); what the session writes is
 * collected, each write's size and the writer's close recorded in {@link #log} (a write after the
 * close is ignored, as a transport ignores it, and logged as such); reads are counted;
 * the transport reports {@link #backlog} as its write buffer size. Owner (test loop) thread.
 */
final class ScriptedConnection implements StreamConnection {

    private final EventLoop loop;
    private final int chunk;
    private byte[] input = new byte[0];
    private int position;
    private LoopFuture<byte[]> pending;
    private boolean eof;
    int reads;
    boolean aborted;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    /** What the session did to the writer, in order: {@code "write N"} (N bytes), {@code "close"}. */
    final List<String> log = new ArrayList<>();
    /** What the transport says its write buffer holds. */
    long backlog;
    private boolean writerClosed;

    ScriptedConnection(EventLoop loop, int chunk) {
        this.loop = loop;
        this.chunk = chunk;
    }

    /** Queues {@code bytes} to be read; serves a waiting read. */
    void push(byte[] bytes) {
        byte[] rest = Arrays.copyOfRange(input, position, input.length);
        input = new byte[rest.length + bytes.length];
        System.arraycopy(rest, 0, input, 0, rest.length);
        System.arraycopy(bytes, 0, input, rest.length, bytes.length);
        position = 0;
        if (pending != null) {
            LoopFuture<byte[]> p = pending;
            pending = null;
            p.complete(take(Integer.MAX_VALUE));
        }
    }

    /** Ends the input: a read with nothing left gets EOF. */
    void end() {
        eof = true;
        if (pending != null) {
            LoopFuture<byte[]> p = pending;
            pending = null;
            p.complete(new byte[0]);
        }
    }

    /** Bytes queued and not read yet. */
    int unread() {
        return input.length - position;
    }

    private byte[] take(int max) {
        int n = Math.min(Math.min(max, chunk), input.length - position);
        byte[] b = Arrays.copyOfRange(input, position, position + n);
        position += n;
        return b;
    }

    private final StreamReader reader = new StreamReader() {
        @Override
        public LoopFuture<byte[]> read(int max) {
            reads++;
            LoopFuture<byte[]> f = loop.newFuture();
            if (position < input.length) {
                f.complete(take(max));
            } else if (eof) {
                f.complete(new byte[0]);
            } else {
                pending = f;
            }
            return f;
        }

        @Override
        public LoopFuture<byte[]> readExactly(int n) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LoopFuture<byte[]> readUntil(byte[] delimiter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LoopFuture<String> readLine() {
            throw new UnsupportedOperationException();
        }

        @Override
        public LoopFuture<String> readLine(Charset charset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean atEof() {
            return eof && position == input.length;
        }

        @Override
        public int limit() {
            return 64 * 1024;
        }
    };

    private final Transport transport = (Transport) Proxy.newProxyInstance(Transport.class.getClassLoader(),
            new Class<?>[] {Transport.class}, (proxy, method, args) -> {
                if (method.getName().equals("abort")) {
                    aborted = true;
                    log.add("abort");
                }
                if (method.getName().equals("writeBufferSize")) {
                    return backlog;
                }
                return method.getReturnType() == boolean.class ? Boolean.FALSE
                        : method.getReturnType() == long.class ? 0L : null;
            });

    private final StreamWriter writer = new StreamWriter() {
        @Override
        public void write(byte[] data) {
            write(ByteBuffer.wrap(data));
        }

        @Override
        public void write(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            if (writerClosed) {
                log.add("ignored " + b.length);  // as a transport ignores writes after close
                return;
            }
            written.writeBytes(b);
            log.add("write " + b.length);
        }

        @Override
        public void writeLine(String line) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setLineSeparator(String separator) {
        }

        @Override
        public LoopFuture<Void> drain() {
            LoopFuture<Void> f = loop.newFuture();
            f.complete(null);
            return f;
        }

        @Override
        public void writeEof() {
        }

        @Override
        public boolean canWriteEof() {
            return false;
        }

        @Override
        public void close() {
            writerClosed = true;
            log.add("close");
        }

        @Override
        public boolean isClosing() {
            return false;
        }

        @Override
        public LoopFuture<Void> closed() {
            return loop.newFuture();
        }

        @Override
        public Transport transport() {
            return transport;
        }
    };

    @Override
    public StreamReader reader() {
        return reader;
    }

    @Override
    public StreamWriter writer() {
        return writer;
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public LoopFuture<Void> startTls(TlsOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return Optional.empty();
    }

    @Override
    public void close() {
    }
}
