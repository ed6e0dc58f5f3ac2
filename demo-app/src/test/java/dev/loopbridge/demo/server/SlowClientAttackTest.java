package dev.loopbridge.demo.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.core.testing.TestEventLoop;

/**
 * The slow-client lockout (issue 16): connections that trickle a byte every few seconds must not
 * hold the server's slots for good. On the virtual-time loop with real loopback sockets (every
 * address in 127.0.0.0/8 is loopback, so each attacker "host" is its own source address): the
 * minutes of the attack take milliseconds.
 */
class SlowClientAttackTest {

    private final TestEventLoop loop = TestEventLoop.create();
    private final List<Peer> peers = new ArrayList<>();
    private ChatServer server;

    @AfterEach
    void tearDown() {
        for (Peer peer : peers) {
            peer.connection.close();
        }
        if (server != null) {
            server.close();
        }
        loop.runUntilIdle();
        loop.close();
    }

    /** One connection driven by the test on the loop: what it read, and whether the server closed it. */
    private final class Peer {
        final StreamConnection connection;
        final List<String> lines = new ArrayList<>();
        final LoopFuture<Void> closed = loop.newFuture();

        Peer(StreamConnection connection) {
            this.connection = connection;
            read();
        }

        private void read() {
            connection.reader().readLine().whenComplete((line, failure) -> {
                if (failure != null || line == null) {
                    closed.complete(null);
                } else {
                    lines.add(line);
                    read();
                }
            });
        }

        void write(String text) {
            connection.writer().write(text.getBytes(StandardCharsets.UTF_8));
        }

        boolean saw(String part) {
            return lines.stream().anyMatch(l -> l.contains(part));
        }
    }

    /**
     * Runs what is ready, I/O included, until {@code condition} holds, without moving virtual time:
     * the sockets are real, so bytes written a moment ago may need another look at the selector.
     * Bounded by the scaled timeout.
     */
    private void settle(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TestTimeouts.TIMEOUT.toNanos();
        loop.runUntilIdle();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TestTimeouts.TIMEOUT + ": " + what);
            }
            Thread.onSpinWait();
            loop.runUntilIdle();
        }
    }

    private Peer connect(String fromAddress) {
        ConnectOptions options = ConnectOptions.to(new InetSocketAddress("127.0.0.1", server.port()))
                .withLocalAddress(new InetSocketAddress(fromAddress, 0));
        Peer peer = new Peer(loop.runUntilComplete(loop.openConnection(options)));
        peers.add(peer);
        return peer;
    }

    private void start(ServerConfig config) {
        server = loop.runUntilComplete(ChatServer.start(loop, config.withHost("127.0.0.1").withPort(0)));
    }

    @Test
    void tricklingConnectionsAreDroppedAtTheRegistrationDeadlineAndANewClientGetsIn() {
        start(ServerConfig.defaults());
        // Ten hosts, ten connections each: every one of the 100 slots, each sending a byte every 5 s.
        List<Peer> attackers = new ArrayList<>();
        for (int host = 2; host < 12; host++) {
            for (int i = 0; i < 10; i++) {
                attackers.add(connect("127.0.0." + host));
            }
        }
        settle("100 connections accepted", () -> server.clientCount() == 100);
        String trickle = "NICK attacker-who-never-finishes-a-line";
        Duration deadline = ServerConfig.defaults().registrationTimeout();
        for (int second = 0; second <= deadline.toSeconds(); second += 5) {
            for (Peer attacker : attackers) {
                if (!attacker.closed.isDone()) {
                    attacker.write(String.valueOf(trickle.charAt(second / 5)));
                }
            }
            loop.advance(Duration.ofSeconds(5));
        }
        settle("the attackers see their connections closed", () -> attackers.stream().allMatch(a -> a.closed.isDone()));
        assertTrue(attackers.stream().allMatch(a -> a.closed.isDone()),
                "traffic did not extend the registration deadline: every trickling connection is gone");
        assertTrue(attackers.get(0).saw("Registration timeout"), attackers.get(0).lines.toString());

        Peer newcomer = connect("127.0.0.1");
        newcomer.write("NICK ada\r\nUSER ada 0 * :Ada\r\n");
        settle("the newcomer is answered", () -> !newcomer.lines.isEmpty() || newcomer.closed.isDone());
        settle("the welcome", () -> newcomer.saw(" 001 ") || newcomer.closed.isDone());
        assertTrue(newcomer.saw(" 001 ada "), "the new client got in: " + newcomer.lines);
        assertEquals(List.of("ada"), server.nicks());
    }

    @Test
    void oneHostGetsNoMoreThanItsShareOfTheSlots() {
        start(ServerConfig.defaults());
        int perHost = ServerConfig.defaults().maxClientsPerHost();
        for (int i = 0; i < perHost; i++) {
            connect("127.0.0.2");
        }
        Peer oneTooMany = connect("127.0.0.2");
        settle("the connection past the limit is answered", () -> oneTooMany.closed.isDone());
        assertTrue(oneTooMany.closed.isDone(), "refused");
        assertTrue(oneTooMany.saw("Too many connections from your host"), oneTooMany.lines.toString());
        Peer otherHost = connect("127.0.0.3");
        otherHost.write("NICK bob\r\nUSER bob 0 * :Bob\r\n");
        settle("the other host's welcome", () -> otherHost.saw(" 001 ") || otherHost.closed.isDone());
        assertTrue(otherHost.saw(" 001 bob "), otherHost.lines.toString());
        assertEquals(perHost + 1, server.clientCount());
    }

    @Test
    void aRegisteredClientThatNeverFinishesItsLineIsDropped() {
        start(ServerConfig.defaults());
        Peer slow = connect("127.0.0.1");
        slow.write("NICK slow\r\nUSER slow 0 * :Slow\r\n");
        settle("the welcome", () -> slow.saw(" 001 ") || slow.closed.isDone());
        assertTrue(slow.saw(" 001 slow "), slow.lines.toString());
        Duration bound = ServerConfig.defaults().lineTimeout();
        String text = "PRIVMSG #c :one byte at a time, forever";
        // A byte every 5 s keeps the ping timer quiet, yet the line never ends.
        for (int second = 0; second < bound.toSeconds() + 10 && !slow.closed.isDone(); second += 5) {
            slow.write(String.valueOf(text.charAt(second / 5)));
            loop.advance(Duration.ofSeconds(5));
        }
        settle("the slow sender sees its connection closed", () -> slow.closed.isDone());
        assertTrue(slow.saw("Line not completed"), slow.lines.toString());
        assertEquals(0, server.clientCount());
    }

    @Test
    void anEndlessLineIsReadOnlyUpToABoundThenTheConnectionIsDropped() {
        start(ServerConfig.defaults());
        Peer endless = connect("127.0.0.1");
        endless.write("NICK endless\r\nUSER endless 0 * :E\r\n");
        settle("the welcome", () -> endless.saw(" 001 ") || endless.closed.isDone());
        byte[] chunk = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 64 && !endless.closed.isDone(); i++) {
            endless.connection.writer().write(chunk);
            loop.runUntilIdle();
        }
        settle("the endless line's connection is closed", () -> endless.closed.isDone());
        assertTrue(endless.saw("Input line too long"), endless.lines.toString());
    }
}
