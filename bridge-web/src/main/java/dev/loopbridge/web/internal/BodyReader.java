package dev.loopbridge.web.internal;

import java.io.IOException;
import java.nio.charset.Charset;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;

/**
 * The {@link StreamReader} {@code HttpBodies.ofStreamReader} hands out: the loop's own reader of
 * the body, with the body behind it so that {@code HttpBodies.abort} can stop it. Loop thread
 * only, as every {@code StreamReader}.
 */
public final class BodyReader implements StreamReader {

    private final StreamReader reader;
    private final BodyStream body;

    BodyReader(StreamReader reader, BodyStream body) {
        this.reader = reader;
        this.body = body;
    }

    /**
     * Stops receiving the body: the exchange is aborted (HTTP/1.1: the connection is closed), and
     * the reads not served by what is buffered fail with an {@link IOException}. Loop thread.
     */
    public void abort() {
        body.abort(new IOException("the response body was aborted by HttpBodies.abort"));
    }

    /** {@link #abort()} after checking the thread: {@code HttpBodies.abort}. */
    public void checkedAbort() {
        body.checkInLoop("HttpBodies.abort");
        abort();
    }

    /**
     * Whether the body is still being received.
     *
     * @return {@code false} once it ended, failed or was aborted
     */
    public boolean isOpen() {
        return body.isOpen();
    }

    @Override
    public LoopFuture<byte[]> read(int max) {
        return reader.read(max);
    }

    @Override
    public LoopFuture<byte[]> readExactly(int n) {
        return reader.readExactly(n);
    }

    @Override
    public LoopFuture<byte[]> readUntil(byte[] delimiter) {
        return reader.readUntil(delimiter);
    }

    @Override
    public LoopFuture<String> readLine() {
        return reader.readLine();
    }

    @Override
    public LoopFuture<String> readLine(Charset charset) {
        return reader.readLine(charset);
    }

    @Override
    public boolean atEof() {
        return reader.atEof();
    }

    @Override
    public int limit() {
        return reader.limit();
    }

    @Override
    public String toString() {
        return "StreamReader[" + body + "]";
    }
}
