package dev.loopbridge.demo.client;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.StreamWriter;
import dev.loopbridge.core.Transport;
import dev.loopbridge.demo.irc.IrcMessage;

/**
 * An in-memory network for client tests on the virtual-time loop: a {@link Dialer} whose
 * connections are {@link Link}s the test plays the server side of. Loop thread only.
 */
final class FakeNetwork implements Dialer {

    private final EventLoop loop;
    private final List<Link> links = new ArrayList<>();
    private boolean refusing;
    private boolean withTransports;
    private Throwable failure;
    private int dials;

    FakeNetwork(EventLoop loop) {
        this.loop = loop;
    }

    /** While true, dials fail with "connection refused". */
    void refuse(boolean on) {
        refusing = on;
    }

    /** Dials fail with {@code error} from now on (null: they succeed again). */
    void failWith(Throwable error) {
        failure = error;
    }

    /**
     * From now on, new links have a {@link Transport} (a stand-in that records {@code abort}), as
     * real connections do; without it, {@code transport()} is null and the client closes the stream.
     */
    void withTransports() {
        withTransports = true;
    }

    int dials() {
        return dials;
    }

    List<Link> links() {
        return links;
    }

    Link last() {
        return links.get(links.size() - 1);
    }

    @Override
    public LoopFuture<StreamConnection> dial(ConnectOptions options) {
        dials++;
        LoopFuture<StreamConnection> future = loop.newFuture();
        if (failure != null) {
            future.completeExceptionally(failure);
        } else if (refusing) {
            future.completeExceptionally(new ConnectException("Connection refused (fake)"));
        } else {
            Link link = new Link();
            links.add(link);
            future.complete(link);
        }
        return future;
    }

    /** One connection: the client's end is the {@link StreamConnection}, the test drives the other. */
    final class Link implements StreamConnection, StreamReader, StreamWriter {
        private final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
        private final List<String> received = new ArrayList<>();
        private LoopFuture<byte[]> pendingRead;
        private boolean eof;
        private boolean clientClosed;
        private boolean aborted;
        private final Transport transport = withTransports ? recordingTransport() : null;
        private final LoopFuture<Void> closedFuture = loop.newFuture();

        // ------------------------------------------------ the test's (server's) side

        /** Lines the client wrote, in order. */
        List<String> received() {
            return received;
        }

        /** Parsed lines the client wrote with {@code command}. */
        List<IrcMessage> received(String command) {
            return received.stream().map(l -> IrcMessage.parse(l).orElseThrow())
                    .filter(m -> m.command().equals(command)).toList();
        }

        /** Sends lines to the client (CR LF added). */
        void send(String... lines) {
            for (String line : lines) {
                toClient.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            deliver();
        }

        /** Sends raw bytes to the client. */
        void sendBytes(byte[] bytes) {
            toClient.writeBytes(bytes);
            deliver();
        }

        /** Registers the client: answers its NICK with 001. */
        void welcome() {
            String nick = received("NICK").get(received("NICK").size() - 1).param(0);
            send(":srv 001 " + nick + " :Welcome " + nick);
        }

        /** The server closes its end: the client reads EOF. */
        void hangUp() {
            eof = true;
            deliver();
        }

        /** Answers every PING not yet answered. */
        void answerPings() {
            for (IrcMessage ping : received("PING").subList(pongsSent, received("PING").size())) {
                send(":srv PONG srv :" + ping.last());
            }
            pongsSent = received("PING").size();
        }

        private int pongsSent;

        boolean clientClosed() {
            return clientClosed;
        }

        /** Whether the client aborted the link's transport (see {@link FakeNetwork#withTransports}). */
        boolean aborted() {
            return aborted;
        }

        /** The connection fails: the client's pending read completes with {@code error}. */
        void fail(Throwable error) {
            LoopFuture<byte[]> read = pendingRead;
            pendingRead = null;
            read.completeExceptionally(error);
        }

        private Transport recordingTransport() {
            return (Transport) Proxy.newProxyInstance(Transport.class.getClassLoader(), new Class<?>[] {Transport.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "abort" -> {
                            aborted = true;
                            close();
                            yield null;
                        }
                        case "toString" -> "FakeNetwork.Link transport";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException("fake transport: " + method.getName());
                    });
        }

        private void deliver() {
            if (pendingRead != null && (toClient.size() > 0 || eof)) {
                LoopFuture<byte[]> read = pendingRead;
                pendingRead = null;
                read.complete(take(4096));
            }
        }

        private byte[] take(int max) {
            byte[] all = toClient.toByteArray();
            int n = Math.min(max, all.length);
            toClient.reset();
            toClient.writeBytes(Arrays.copyOfRange(all, n, all.length));
            return Arrays.copyOf(all, n);
        }

        // ------------------------------------------------ the client's side

        @Override
        public StreamReader reader() {
            return this;
        }

        @Override
        public StreamWriter writer() {
            return this;
        }

        @Override
        public SocketAddress localAddress() {
            return null;
        }

        @Override
        public SocketAddress remoteAddress() {
            return null;
        }

        @Override
        public LoopFuture<Void> startTls(dev.loopbridge.core.TlsOptions options) {
            throw new UnsupportedOperationException("no TLS in the fake network");
        }

        @Override
        public Optional<SSLSession> tlsSession() {
            return Optional.empty();
        }

        @Override
        public LoopFuture<byte[]> read(int max) {
            LoopFuture<byte[]> future = loop.newFuture();
            if (clientClosed) {
                future.complete(new byte[0]);
            } else if (toClient.size() > 0) {
                future.complete(take(max));
            } else if (eof) {
                future.complete(new byte[0]);
            } else {
                pendingRead = future;
            }
            return future;
        }

        @Override
        public LoopFuture<byte[]> readExactly(int n) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LoopFuture<byte[]> readUntil(byte[] delimiter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LoopFuture<String> readLine() {
            throw new UnsupportedOperationException();
        }

        @Override
        public LoopFuture<String> readLine(java.nio.charset.Charset charset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean atEof() {
            return eof && toClient.size() == 0;
        }

        @Override
        public int limit() {
            return 65536;
        }

        @Override
        public void write(byte[] data) {
            if (clientClosed || eof) {
                return;   // written into a dead socket: lost
            }
            fromClient.writeBytes(data);
            String all = fromClient.toString(StandardCharsets.UTF_8);
            int end;
            while ((end = all.indexOf("\r\n")) >= 0) {
                received.add(all.substring(0, end));
                all = all.substring(end + 2);
            }
            fromClient.reset();
            fromClient.writeBytes(all.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void write(ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            write(bytes);
        }

        @Override
        public void writeLine(String line) {
            write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void setLineSeparator(String separator) {
        }

        @Override
        public LoopFuture<Void> drain() {
            LoopFuture<Void> done = loop.newFuture();
            done.complete(null);
            return done;
        }

        @Override
        public void writeEof() {
        }

        @Override
        public boolean canWriteEof() {
            return false;
        }

        @Override
        public boolean isClosing() {
            return clientClosed;
        }

        @Override
        public LoopFuture<Void> closed() {
            return closedFuture;
        }

        @Override
        public Transport transport() {
            return transport;
        }

        @Override
        public void close() {
            clientClosed = true;
            closedFuture.complete(null);
            if (pendingRead != null) {
                LoopFuture<byte[]> read = pendingRead;
                pendingRead = null;
                read.complete(new byte[0]);
            }
        }
    }
}
