package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.DatagramOptions;
import dev.loopbridge.core.DatagramProtocol;
import dev.loopbridge.core.DatagramTransport;

/** UDP endpoints: echo, connected endpoints, errors. */
public interface DatagramContract extends NetworkSupport {

    /** Records datagrams and errors. Loop thread. */
    class Collector implements DatagramProtocol {
        final List<String> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Exception> error = new CompletableFuture<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        private final int expected;
        final CompletableFuture<List<String>> all = new CompletableFuture<>();

        Collector(int expected) {
            this.expected = expected;
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress from) {
            received.add(StandardCharsets.UTF_8.decode(data).toString());
            if (received.size() == expected) {
                all.complete(List.copyOf(received));
            }
        }

        @Override
        public void errorReceived(Exception e) {
            error.complete(e);
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost.complete(cause);
        }
    }

    /** Sends back every datagram to its sender. */
    class Reflector implements DatagramProtocol {
        private DatagramTransport transport;

        @Override
        public void connectionMade(DatagramTransport t) {
            transport = t;
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress from) {
            transport.send(data, from);
        }
    }

    @Test
    default void datagramsEchoThroughAnEndpoint() {
        DatagramTransport server = await(loop().createDatagramEndpoint(Reflector::new,
                DatagramOptions.bind("127.0.0.1", 0)));
        SocketAddress serverAddress = onLoop(server::localAddress);
        Collector collector = new Collector(3);
        DatagramTransport client = await(loop().createDatagramEndpoint(() -> collector,
                DatagramOptions.bind("127.0.0.1", 0)));
        onLoop(() -> {
            for (String s : List.of("one", "two", "three")) {
                client.send(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), serverAddress);
            }
        });
        List<String> got = await(collector.all);
        assertEquals(List.of("one", "two", "three"), got.stream().sorted((a, b) -> order(a) - order(b)).toList());
        onLoop(client::close);
        assertNull(await(collector.lost));
        onLoop(server::close);
    }

    private static int order(String s) {
        return List.of("one", "two", "three").indexOf(s);
    }

    @Test
    default void aConnectedEndpointSendsToItsPeerWithoutNamingIt() {
        DatagramTransport server = await(loop().createDatagramEndpoint(Reflector::new,
                DatagramOptions.bind("127.0.0.1", 0)));
        Collector collector = new Collector(1);
        DatagramTransport client = await(loop().createDatagramEndpoint(() -> collector,
                DatagramOptions.connect(onLoop(server::localAddress))));
        onLoop(() -> client.send(ByteBuffer.wrap("ping".getBytes())));
        assertEquals(List.of("ping"), await(collector.all));
        assertEquals(onLoop(server::localAddress), onLoop(client::remoteAddress));
    }

    @Test
    default void aConnectedEndpointHearsThatItsPeerIsGone() throws IOException {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Collector collector = new Collector(1);
        DatagramTransport client = await(loop().createDatagramEndpoint(() -> collector,
                DatagramOptions.connect(new InetSocketAddress("127.0.0.1", closedPort))));
        onLoop(() -> client.send(ByteBuffer.wrap("anyone?".getBytes())));
        Exception e = await(collector.error);
        assertInstanceOf(PortUnreachableException.class, e);
    }

    @Test
    default void anUnconnectedEndpointRefusesSendWithoutATarget() {
        DatagramTransport t = await(loop().createDatagramEndpoint(() -> new Collector(1),
                DatagramOptions.bind("127.0.0.1", 0)));
        String message = onLoop(() -> {
            try {
                t.send(ByteBuffer.wrap(new byte[1]));
                return "sent";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        assertTrue(message.startsWith("this endpoint is not connected"), message);
    }
}
