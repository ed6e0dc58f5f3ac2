package dev.loopbridge.demo.it;

import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.server.ServerConfig;

/** Lets tests in other packages use the embedded test server and raw clients. */
public final class TestServerAccess {

    private TestServerAccess() {
    }

    /** A running embedded server. */
    public static Running embedded() {
        return new Running(TestServer.embedded(ServerConfig.defaults()));
    }

    /** An embedded server on a free loopback port; closing stops it. */
    public static final class Running implements AutoCloseable {
        private final TestServer server;

        Running(TestServer server) {
            this.server = server;
        }

        public int port() {
            return server.port();
        }

        /** A raw client registered as {@code nick}. */
        public Raw registered(String nick) {
            return new Raw(RawClient.registered(server.port(), nick));
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** A raw IRC connection, driven from the test thread. */
    public static final class Raw implements AutoCloseable {
        private final RawClient client;

        Raw(RawClient client) {
            this.client = client;
        }

        public void send(String line) {
            client.send(line);
        }

        /** Reads until a line with {@code command}. */
        public IrcMessage expect(String command) {
            return client.expect(m -> m.command().equals(command));
        }

        /** Reads until a line with {@code command} from {@code nick}. */
        public IrcMessage expectFrom(String nick, String command) {
            return client.expect(m -> m.command().equals(command) && m.sourceNick().equals(nick));
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
