package dev.loopbridge.core.internal.net;

import java.util.Objects;

import dev.loopbridge.core.StreamConnection;

/**
 * Bytes put back in front of a connection's reader, for a sibling module — bridge-web's server,
 * which serves a connection whose first bytes its caller already read to tell HTTP from another
 * protocol — so that the connection's own reader (its buffer, limit and flow control) reads them
 * again first, and no second reader wraps it. Loop thread only.
 */
public final class Unread {

    private Unread() {
    }

    /**
     * Puts {@code bytes} back in front of what {@code connection}'s reader has not read yet, as if
     * they had never been read; reads waiting are served from them.
     *
     * @param connection a connection made by LoopBridge ({@code openConnection}, {@code startServer})
     * @param bytes the bytes, first to last; copied
     * @throws IllegalArgumentException if {@code connection} was not made by LoopBridge
     * @throws IllegalStateException if not called on the connection's loop thread
     */
    public static void putBack(StreamConnection connection, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (!(Objects.requireNonNull(connection, "connection") instanceof StreamConnectionImpl c)) {
            throw new IllegalArgumentException(connection + " is not a connection made by LoopBridge (expected: one"
                    + " from EventLoop.openConnection or startServer)");
        }
        c.reader.checkInLoop("Unread.putBack");
        c.reader.unread(bytes);
    }
}
