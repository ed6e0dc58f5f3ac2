package dev.loopbridge.core.internal.net;

import java.util.Objects;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.internal.BaseEventLoop;

/**
 * A {@link StreamReader} fed by a source written in a sibling module — bridge-web's JDK
 * {@code HttpClient} bodies — with the same reader (buffer, limit, flow control) as sockets and
 * pipes. Loop thread only, except the constructor, which any thread may call.
 *
 * <p>The source is a read-only {@link dev.loopbridge.core.Transport} of the caller's: on the loop
 * thread it hands itself to {@code protocol().connectionMade}, then feeds
 * {@code dataReceived}, {@code eofReceived} and ends with {@code connectionLost}; the reader calls its
 * {@code pauseReading} when more than twice the limit is buffered with no read asking, and
 * {@code resumeReading} when the reads have taken it back to the limit (or a read waits for more).
 */
public final class FedStream {

    private final BaseEventLoop loop;
    private final StreamConnectionImpl connection;
    /** What closing the loop runs while the source is open; null when it is not tracked. Loop thread. */
    private Runnable onLoopClose;

    /**
     * A reader with nothing fed yet.
     *
     * @param loop the loop the reader belongs to: one made by LoopBridge
     * @param limit the reader's limit in bytes, more than 0
     * @throws IllegalArgumentException if {@code loop} was not made by LoopBridge, or {@code limit <= 0}
     */
    public FedStream(EventLoop loop, int limit) {
        Objects.requireNonNull(loop, "loop");
        if (!(loop instanceof BaseEventLoop base)) {
            throw new IllegalArgumentException(loop + " is not a loop made by LoopBridge (expected: EventLoops.newDefault(),"
                    + " FxEventLoop, SwingEventLoop or TestEventLoop)");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        this.loop = base;
        this.connection = new StreamConnectionImpl(base, limit, null, null);
    }

    /**
     * Registers the source as open with the loop, as its sockets are: if the loop closes before
     * {@link #forget()}, it runs {@code onLoopClose} (which should end the source). Loop thread.
     *
     * @param onLoopClose what ends the source when the loop closes
     */
    public void track(Runnable onLoopClose) {
        loop.checkInLoop("FedStream.track");
        this.onLoopClose = Objects.requireNonNull(onLoopClose, "onLoopClose");
        loop.network().track(this);
    }

    /** The source ended: the loop's close has nothing to do for it. Loop thread. */
    public void forget() {
        if (onLoopClose != null) {
            onLoopClose = null;
            loop.network().forget(this);
        }
    }

    /** The loop is closing with the source open. Loop thread. */
    void loopClosing() {
        Runnable r = onLoopClose;
        onLoopClose = null;
        if (r != null) {
            r.run();
        }
    }

    /**
     * The reader the source feeds.
     *
     * @return the reader
     */
    public StreamReader reader() {
        return connection.reader;
    }

    /**
     * The protocol the source calls on the loop thread.
     *
     * @return the protocol that feeds {@link #reader()}
     */
    public Protocol protocol() {
        return connection.protocol;
    }
}
