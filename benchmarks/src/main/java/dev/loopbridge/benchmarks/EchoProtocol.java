package dev.loopbridge.benchmarks;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Transport;

/**
 * The LoopBridge echo server of the benchmarks: echoes what it reads as it reads it; while its
 * transport's write buffer is over the high-water mark it stops reading, so that a client that
 * does not read cannot grow it.
 */
public final class EchoProtocol implements Protocol {
    private final Consumer<Transport> onConnected;
    private Transport transport;

    /** @param onConnected told of each connection's transport as it is made (loop thread) */
    public EchoProtocol(Consumer<Transport> onConnected) {
        this.onConnected = onConnected;
    }

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        onConnected.accept(t);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        transport.write(data);
    }

    @Override
    public void pauseWriting() {
        transport.pauseReading();
    }

    @Override
    public void resumeWriting() {
        transport.resumeReading();
    }
}
