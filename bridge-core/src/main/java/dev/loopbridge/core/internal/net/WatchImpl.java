package dev.loopbridge.core.internal.net;

import java.util.function.IntConsumer;

import dev.loopbridge.core.ChannelWatch;
import dev.loopbridge.core.internal.BaseEventLoop;
import dev.loopbridge.core.internal.IoRegistration;

/** A {@link ChannelWatch}: the user's channel registered with the loop's poller. Loop thread. */
final class WatchImpl implements ChannelWatch {

    private final BaseEventLoop loop;
    private IoRegistration registration;
    private final IntConsumer onReady;

    WatchImpl(BaseEventLoop loop, IntConsumer onReady) {
        this.loop = loop;
        this.onReady = onReady;
    }

    void start(IoRegistration r) {
        this.registration = r;
    }

    void ready(int ops) {
        onReady.accept(ops);
    }

    @Override
    public int ops() {
        loop.checkInLoop("ChannelWatch.ops");
        return registration.interest();
    }

    @Override
    public void setOps(int ops) {
        loop.checkInLoop("ChannelWatch.setOps");
        registration.setInterest(ops);
    }

    @Override
    public boolean cancel() {
        loop.checkInLoop("ChannelWatch.cancel");
        if (registration.isReleased()) {
            return false;
        }
        registration.release(); // the channel is the caller's: it may be watched again at once
        loop.network().forget(this);
        return true;
    }

    @Override
    public boolean isCancelled() {
        return registration.isReleased();
    }

    /** Stops the watch for good as the loop closes. */
    void close() {
        registration.cancel();
    }

    @Override
    public String toString() {
        return "ChannelWatch[" + onReady + "]";
    }
}
