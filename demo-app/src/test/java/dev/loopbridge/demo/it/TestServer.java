package dev.loopbridge.demo.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.peers.PeerProcess;
import dev.loopbridge.demo.client.ServerAddress;
import dev.loopbridge.demo.server.ChatServer;
import dev.loopbridge.demo.server.ServerConfig;

/**
 * An IRC server the integration tests run against, on a free loopback port: the embedded
 * {@link ChatServer} on its own loop, or ngircd or InspIRCd started as a foreground process with a
 * generated configuration. {@link #restart()} stops it and starts it again on the same port.
 */
interface TestServer extends AutoCloseable {

    /** The loopback port the server listens on for IRC over TCP. */
    int port();

    /** Where a {@link dev.loopbridge.demo.client.ChatClient} under test connects: {@code 127.0.0.1:port} unless overridden. */
    default ServerAddress address() {
        return ServerAddress.parse("127.0.0.1:" + port());
    }

    /**
     * The {@code Origin} header the clients under test send with a WebSocket handshake
     * ({@link dev.loopbridge.demo.client.ChatConfig#withWebSocketOrigin}), or {@code null} for none:
     * none unless the server refuses a handshake without one.
     */
    default String webSocketOrigin() {
        return null;
    }

    /** Stops the server (clients see their connections drop) and starts it again on the same port. */
    void restart();

    /** Stops the server. */
    void stop();

    /** Starts the stopped server again on the same port. */
    void startAgain();

    @Override
    void close();

    /** The embedded server, with {@code config} (its port is replaced by a free one). */
    static TestServer embedded(ServerConfig config) {
        return new Embedded(config);
    }

    /**
     * The embedded server with {@code config}, the clients under test connecting to it over IRC over
     * WebSocket on its IRC port ({@code ws://127.0.0.1:port/}); {@link #port()} still serves TCP.
     */
    static TestServer embeddedOverWebSocket(ServerConfig config) {
        return new Embedded(config, true);
    }

    /** ngircd, started in the foreground ({@code -n}) with a configuration in a temporary directory. */
    static TestServer ngircd() {
        return new Ngircd();
    }

    /**
     * InspIRCd from Debian ({@link Inspircd}), the clients under test reaching it over IRC over
     * WebSocket on its second port ({@code ws://127.0.0.1:port/}, its {@code websocket} module) when
     * {@code overWebSocket}; {@link #port()} serves TCP either way.
     */
    static TestServer inspircd(boolean overWebSocket) {
        return new Inspircd(overWebSocket);
    }

    /**
     * {@code irc} with a WebSocket front on a free loopback port ({@link PythonWebSocketBridge}): the
     * clients under test connect to {@code ws://127.0.0.1:port/}, while {@link #port()} stays the
     * IRC server's own port (raw clients, proxies and TCP peers use it). Stopping stops both.
     */
    static TestServer overWebSocket(TestServer irc) {
        return new OverWebSocket(irc);
    }

    /** The servers the integration suites run each test against: the same test, the same results. */
    enum Kind {
        /** The embedded server with its defaults. */
        EMBEDDED(() -> embedded(ServerConfig.defaults())),
        /** The embedded server with its defaults, the client under test reaching it over a WebSocket on the IRC port. */
        EMBEDDED_OVER_WEBSOCKET(() -> embeddedOverWebSocket(ServerConfig.defaults())),
        /** ngircd from Debian. */
        NGIRCD(TestServer::ngircd),
        /** ngircd from Debian, the client under test reaching it over a WebSocket through a Python websockets bridge. */
        NGIRCD_OVER_WEBSOCKET(() -> overWebSocket(ngircd())),
        /** InspIRCd from Debian (3.15 on bookworm). */
        INSPIRCD(() -> inspircd(false)),
        /** InspIRCd from Debian, the client under test reaching it over a WebSocket on its own websocket port. */
        INSPIRCD_OVER_WEBSOCKET(() -> inspircd(true));

        private final Supplier<TestServer> factory;

        Kind(Supplier<TestServer> factory) {
            this.factory = factory;
        }

        /** Starts a server of this kind on a free loopback port. */
        TestServer start() {
            return factory.get();
        }
    }

    /** A port free on 127.0.0.1 right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The embedded server on a loop of its own. */
    final class Embedded implements TestServer {
        private final EventLoop loop = EventLoops.newDefault();
        private final ServerConfig config;
        private final boolean overWebSocket;
        private ChatServer server;
        private int port;

        Embedded(ServerConfig config) {
            this(config, false);
        }

        Embedded(ServerConfig config, boolean overWebSocket) {
            this.overWebSocket = overWebSocket;
            this.config = config.withHost("127.0.0.1");
            server = loop.runUntilComplete(ChatServer.start(loop, this.config.withPort(0)));
            port = loop.runUntilComplete(loop.submit(server::port));
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public ServerAddress address() {
            return overWebSocket ? ServerAddress.parse("ws://127.0.0.1:" + port + "/") : TestServer.super.address();
        }

        /** Runs {@code action} with the server on its loop and returns what it returns. */
        <T> T onLoop(java.util.function.Function<ChatServer, T> action) {
            return loop.runUntilComplete(loop.submit(() -> action.apply(server)));
        }

        @Override
        public void restart() {
            stop();
            startAgain();
        }

        @Override
        public void stop() {
            loop.runUntilComplete(loop.submit(() -> {
                server.close();
                return null;
            }));
        }

        @Override
        public void startAgain() {
            server = loop.runUntilComplete(ChatServer.start(loop, config.withPort(port)));
        }

        @Override
        public void close() {
            loop.close();
        }

        @Override
        public String toString() {
            return overWebSocket ? "embedded over a WebSocket" : "embedded";
        }
    }

    /** ngircd as a child process. */
    final class Ngircd extends ServerProcess {
        private final Path conf;
        private final int port = freePort();

        Ngircd() {
            super(ServerProcess.newDirectory("ngircd-"), "ngircd.log");
            try {
                Path motd = dir.resolve("motd");
                Files.writeString(motd, "LoopChat integration test\n");
                conf = dir.resolve("ngircd.conf");
                Files.writeString(conf, """
                        [Global]
                            Name = ngircd.test
                            Info = LoopChat integration test
                            Listen = 127.0.0.1
                            Ports = %d
                            MotdFile = %s
                            PidFile = %s
                        [Limits]
                            MaxConnectionsIP = 0
                            MaxJoins = 0
                            PingTimeout = 120
                            PongTimeout = 20
                            ConnectRetry = 60
                        [Options]
                            DNS = no
                            Ident = no
                            PAM = no
                        """.formatted(port, motd, dir.resolve("ngircd.pid")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            startAgain();
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        List<String> command() {
            // Debian installs it in /usr/sbin, which is not on every user's PATH.
            String binary = Files.isExecutable(Path.of("/usr/sbin/ngircd")) ? "/usr/sbin/ngircd" : "ngircd";
            return List.of(binary, "-n", "-f", conf.toString());
        }

        @Override
        List<Integer> ports() {
            return List.of(port);
        }

        @Override
        String installHint() {
            return "apt-get install ngircd";
        }

        @Override
        public String toString() {
            return "ngircd";
        }
    }

    /** A server behind a WebSocket bridge of its own. */
    final class OverWebSocket implements TestServer {
        private final TestServer irc;
        private final int wsPort = freePort();
        private PeerProcess bridge;

        OverWebSocket(TestServer irc) {
            this.irc = irc;
            try {
                bridge = PythonWebSocketBridge.start(irc.port(), wsPort);
            } catch (RuntimeException | Error e) {
                irc.close(); // nobody else holds the server yet: a bridge that did not start must not leave it running
                throw e;
            }
        }

        @Override
        public int port() {
            return irc.port();
        }

        @Override
        public ServerAddress address() {
            return ServerAddress.parse("ws://127.0.0.1:" + wsPort + "/");
        }

        @Override
        public void restart() {
            stop();
            startAgain();
        }

        @Override
        public void stop() {
            if (bridge != null) {
                bridge.close();
                bridge = null;
            }
            irc.stop();
        }

        @Override
        public void startAgain() {
            irc.startAgain();
            bridge = PythonWebSocketBridge.start(irc.port(), wsPort);
        }

        @Override
        public void close() {
            stop();
            irc.close();
        }

        @Override
        public String toString() {
            return irc + " over a WebSocket";
        }
    }
}
