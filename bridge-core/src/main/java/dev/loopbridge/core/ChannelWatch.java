package dev.loopbridge.core;

/**
 * A channel the application owns, watched for readiness by the loop: asyncio's
 * {@code add_reader} / {@code add_writer}. Created by {@link EventLoop#watch}. Loop thread only,
 * including {@link #cancel()}.
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open();
 * ChannelWatch w = loop.watch(pipe.source(), SelectionKey.OP_READ, ops -> drain(pipe.source()));
 * ...
 * w.cancel();          // stops watching; the channel stays open: it is yours
 * }</pre>
 */
public interface ChannelWatch {

    /** The {@code SelectionKey.OP_*} operations watched. */
    int ops();

    /** Watches other operations ({@code SelectionKey.OP_READ}, {@code OP_WRITE}, ...); 0 pauses. */
    void setOps(int ops);

    /**
     * Stops watching; the channel is not closed.
     *
     * @return {@code true} if this call stopped it, {@code false} if it was already stopped
     */
    boolean cancel();

    /** Returns whether the watch was cancelled (by {@link #cancel()} or by the loop closing). */
    boolean isCancelled();
}
