package dev.loopbridge.core.tck;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.Transport;

/** Helpers the network contracts share. */
public interface NetworkSupport extends LoopFixture {

    /** Starts a server on a free loopback port. */
    default Server listen(Supplier<? extends Protocol> protocols) {
        return listen(protocols, ServerOptions.bind("127.0.0.1", 0));
    }

    default Server listen(Supplier<? extends Protocol> protocols, ServerOptions options) {
        return await(loop().createServer(protocols, options));
    }

    /** The first address a server listens on. */
    default SocketAddress addressOf(Server server) {
        return onLoop(() -> server.addresses().get(0));
    }

    default int portOf(Server server) {
        return ((InetSocketAddress) addressOf(server)).getPort();
    }

    /** Connects {@code protocol} to {@code server}. */
    default Transport connect(Server server, Protocol protocol) {
        return await(loop().createConnection(() -> protocol, ConnectOptions.to(addressOf(server))));
    }

    /** Serves a connection: answers each line with {@code prefix} and the line, until the peer closes. */
    static CompletionStage<Void> answerLines(StreamConnection c, String prefix) {
        return c.reader().readLine().thenCompose(line -> {
            if (line == null) {
                return CompletableFuture.completedFuture(null);
            }
            c.writer().writeLine(prefix + line);
            return answerLines(c, prefix);
        });
    }

    /** Random bytes, the same for the same seed. */
    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A protocol that writes back what it receives, and closes when the peer does. */
    class Echo implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }
}
