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

    /**
     * The {@code SelectionKey.OP_*} operations watched.
     *
     * @return the {@code SelectionKey.OP_*} operations watched now
     */
    int ops();

    /**
     * Watches other operations ({@code SelectionKey.OP_READ}, {@code OP_WRITE}, ...); 0 pauses.
     *
     * @param ops the {@code SelectionKey.OP_*} operations to watch from now on; 0 pauses the watch
     */
    void setOps(int ops);

    /**
     * Stops watching; the channel is not closed.
     *
     * @return {@code true} if this call stopped it, {@code false} if it was already stopped
     */
    boolean cancel();

    /**
     * Returns whether the watch was cancelled (by {@link #cancel()} or by the loop closing).
     *
     * @return {@code true} once the watch has been cancelled
     */
    boolean isCancelled();
}
