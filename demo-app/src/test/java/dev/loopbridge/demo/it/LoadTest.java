package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.client.ChannelInfo;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.client.ServerAddress;
import dev.loopbridge.demo.server.ServerConfig;

/**
 * {@link ChatClient}s in one channel of the embedded server, 50 messages each: every message
 * reaches every other member, each sender's messages in the order sent. Two rounds in one run:
 * 200 IRC-over-WebSocket clients mixed with 20 TCP clients, and 220 TCP clients (the same channel
 * size, so the same number of deliveries), each round's delivery rate printed beside the other's.
 * The server runs on one loop thread, the clients on another. The figures are indicative only:
 * no speed is asserted.
 */
class LoadTest {

    private static final int WEB_CLIENTS = 200;
    private static final int MIXED_TCP_CLIENTS = 20;
    private static final int MEMBERS = WEB_CLIENTS + MIXED_TCP_CLIENTS;
    private static final int MESSAGES = 50;
    private static final Duration BOUND = TestTimeouts.TIMEOUT.multipliedBy(12);
    private static final String WEB_SOCKET_OPEN = "WebSocket open to ";

    /** Counts one client's deliveries and checks each sender's order: loop thread only. */
    private static final class Receiver implements ChatListener {
        final String nick;
        final Map<String, Integer> nextFrom = new HashMap<>();
        final List<String> disorder = new ArrayList<>();
        final LoopFuture<Void> complete;
        final LoopFuture<Void> everyoneJoined;
        int received;
        boolean overWebSocket;
        ChatClient client;

        Receiver(EventLoop loop, String nick) {
            this.nick = nick;
            complete = loop.newFuture();
            everyoneJoined = loop.newFuture();
        }

        @Override
        public void entryAdded(ChatEntry e) {
            if (e.text().startsWith(WEB_SOCKET_OPEN)) {
                overWebSocket = true;
            }
            if (e.kind() != ChatEntry.Kind.MESSAGE || e.isOwn()) {
                return;
            }
            int space = e.text().indexOf(' ');
            int seq = Integer.parseInt(e.text().substring(space + 1));
            int expected = nextFrom.getOrDefault(e.nick(), 0);
            if (seq != expected || !e.text().startsWith(e.nick() + " ")) {
                disorder.add(e.nick() + ": got " + e.text() + ", expected " + expected);
            }
            nextFrom.put(e.nick(), seq + 1);
            if (++received == (MEMBERS - 1) * MESSAGES) {
                complete.complete(null);
            }
        }

        @Override
        public void channelChanged(ChannelInfo channel) {
            if (channel.members().size() == MEMBERS) {
                everyoneJoined.complete(null);
            }
        }
    }

    /** What one round measured. */
    private record Round(String name, double seconds, Duration cpu) {
        long deliveries() {
            return (long) MEMBERS * (MEMBERS - 1) * MESSAGES;
        }

        double rate() {
            return deliveries() / seconds;
        }

        @Override
        public String toString() {
            return String.format("%s: %d clients x %d messages = %d sent, %d deliveries in %.2f s: %.0f deliveries/s"
                    + " (%.0f sent/s; process CPU %.1f s)", name, MEMBERS, MESSAGES, MEMBERS * MESSAGES, deliveries(),
                    seconds, rate(), MEMBERS * MESSAGES / seconds, cpu.toMillis() / 1e3);
        }
    }

    @Test
    void twoHundredWebSocketClientsAmongTcpClientsTimesFiftyMessagesAreAllDeliveredInOrder() {
        ServerConfig config = ServerConfig.defaults().withMaxClients(3 * MEMBERS).withMaxClientsPerHost(3 * MEMBERS)
                .withFlood(MESSAGES * 2, Duration.ZERO, 10_000).withSendQueue(256L << 20);
        try (TestServer.Embedded server = (TestServer.Embedded) TestServer.embedded(config);
             EventLoop loop = EventLoops.newDefault()) {
            ServerAddress tcp = ServerAddress.parse("127.0.0.1:" + server.port());
            ServerAddress ws = ServerAddress.parse("ws://127.0.0.1:" + server.port() + "/");
            Round mixed = round(loop, "#mixed", "WebSocket + TCP", WEB_CLIENTS, ws, tcp);
            Round tcpOnly = round(loop, "#tcp", "TCP only", 0, ws, tcp);
            System.out.printf("LoopChat load (indicative; load average %s):%n  %s%n  %s%n"
                    + "  WebSocket + TCP / TCP only delivery rate: %.2f%n", loadAverage(), mixed, tcpOnly,
                    mixed.rate() / tcpOnly.rate());
        }
    }

    /**
     * {@link #MEMBERS} clients, the first {@code webClients} of them at {@code ws}, the others at
     * {@code tcp}, join {@code channel}; each sends {@link #MESSAGES} lines, interleaved with the
     * others'; every member must hear every other's lines in order. Then they quit.
     */
    private static Round round(EventLoop loop, String channel, String name, int webClients, ServerAddress ws,
            ServerAddress tcp) {
        String prefix = channel.substring(1);
        List<Receiver> receivers = loop.runUntilComplete(loop.submit(() -> {
            List<Receiver> all = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                Receiver r = new Receiver(loop, (i < webClients ? "w" : "t") + prefix + i);
                r.client = new ChatClient(loop, ChatConfig.of(i < webClients ? ws : tcp, r.nick)
                        .withChannels(List.of(channel)).withRateLimit(1, Duration.ZERO));
                r.client.addListener(r);
                r.client.start();
                all.add(r);
            }
            return all;
        }));
        await(loop, receivers.stream().map(r -> r.everyoneJoined).toList());

        long start = System.nanoTime();
        Duration cpuBefore = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        loop.runUntilComplete(loop.submit(() -> {
            for (int m = 0; m < MESSAGES; m++) {
                for (Receiver r : receivers) {
                    r.client.say(channel, r.nick + " " + m);
                }
            }
            return null;
        }));
        await(loop, receivers.stream().map(r -> r.complete).toList());
        double seconds = (System.nanoTime() - start) / 1e9;
        Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);

        for (int i = 0; i < MEMBERS; i++) {
            Receiver r = receivers.get(i);
            boolean web = i < webClients;
            assertEquals(web, loop.runUntilComplete(loop.submit(() -> r.overWebSocket)),
                    r.nick + (web ? " came over a WebSocket" : " came over TCP"));
            assertEquals(List.of(), loop.runUntilComplete(loop.submit(() -> List.copyOf(r.disorder))),
                    r.nick + " saw messages out of order");
            assertEquals((MEMBERS - 1) * MESSAGES, loop.runUntilComplete(loop.submit(() -> r.received)), r.nick);
        }
        loop.runUntilComplete(loop.submit(() -> {
            receivers.forEach(r -> r.client.close());
            return null;
        }));
        return new Round(name, seconds, cpu);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void await(EventLoop loop, List<LoopFuture<Void>> futures) {
        LoopFuture<Void> all = loop.adopt(java.util.concurrent.CompletableFuture.allOf(futures.toArray(new LoopFuture<?>[0])));
        loop.runUntilComplete(all.orTimeout(BOUND.toMillis(), TimeUnit.MILLISECONDS));
    }
}
