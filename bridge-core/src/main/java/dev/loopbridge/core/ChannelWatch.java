package dev.loopbridge.core;

/**
 * A channel the application owns, watched for readiness by the loop: asyncio's
 * {@code add_reader} / {@code add_writer}. Created by {@link EventLoop#watch}; loop thread only.
 * {@link #cancel()} stops watching (the channel stays open: it is yours).
 */
public interface ChannelWatch extends Handle {

    /** The {@code SelectionKey.OP_*} operations watched. */
    int ops();

    /** Watches other operations ({@code SelectionKey.OP_READ}, {@code OP_WRITE}, ...); 0 pauses. */
    void setOps(int ops);
}
