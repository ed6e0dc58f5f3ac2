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
import dev.loopbridge.demo.server.ServerConfig;

/**
 * 200 {@link ChatClient}s in one channel of the embedded server, 50 messages each: every message
 * reaches every other member, each sender's messages in the order sent. Prints the delivery rate.
 * The server runs on one loop thread, the 200 clients on another.
 */
class LoadTest {

    private static final int CLIENTS = 200;
    private static final int MESSAGES = 50;
    private static final Duration BOUND = TestTimeouts.TIMEOUT.multipliedBy(12);

    /** Counts one client's deliveries and checks each sender's order: loop thread only. */
    private static final class Receiver implements ChatListener {
        final String nick;
        final Map<String, Integer> nextFrom = new HashMap<>();
        final List<String> disorder = new ArrayList<>();
        int received;
        LoopFuture<Void> complete;
        LoopFuture<Void> everyoneJoined;
        ChatClient client;

        Receiver(String nick) {
            this.nick = nick;
        }

        @Override
        public void entryAdded(ChatEntry e) {
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
            if (++received == (CLIENTS - 1) * MESSAGES) {
                complete.complete(null);
            }
        }

        @Override
        public void channelChanged(ChannelInfo channel) {
            if (channel.members().size() == CLIENTS) {
                everyoneJoined.complete(null);
            }
        }
    }

    @Test
    void twoHundredClientsTimesFiftyMessagesAreAllDeliveredInOrder() {
        ServerConfig config = ServerConfig.defaults().withMaxClients(CLIENTS + 10).withMaxClientsPerHost(CLIENTS + 10)
                .withFlood(MESSAGES * 2, Duration.ZERO, 10_000).withSendQueue(256L << 20);
        try (TestServer.Embedded server = (TestServer.Embedded) TestServer.embedded(config);
             EventLoop loop = EventLoops.newDefault()) {
            List<Receiver> receivers = loop.runUntilComplete(loop.submit(() -> {
                List<Receiver> all = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Receiver r = new Receiver("load" + i);
                    r.complete = loop.newFuture();
                    r.everyoneJoined = loop.newFuture();
                    r.client = new ChatClient(loop, ChatConfig.of("127.0.0.1", server.port(), r.nick)
                            .withChannels(List.of("#load")).withRateLimit(1, Duration.ZERO));
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
                        r.client.say("#load", r.nick + " " + m);
                    }
                }
                return null;
            }));
            await(loop, receivers.stream().map(r -> r.complete).toList());
            double seconds = (System.nanoTime() - start) / 1e9;
            Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);

            for (Receiver r : loop.runUntilComplete(loop.submit(() -> receivers))) {
                assertEquals(List.of(), r.disorder, r.nick + " saw messages out of order");
                assertEquals((CLIENTS - 1) * MESSAGES, r.received, r.nick);
            }
            long deliveries = (long) CLIENTS * (CLIENTS - 1) * MESSAGES;
            System.out.printf("LoopChat load: %d clients x %d messages = %d sent, %d deliveries in %.2f s:"
                    + " %.0f messages/s delivered (%.0f sent/s; process CPU %.1f s)%n", CLIENTS, MESSAGES,
                    CLIENTS * MESSAGES, deliveries, seconds, deliveries / seconds, CLIENTS * MESSAGES / seconds,
                    cpu.toMillis() / 1e3);
            loop.runUntilComplete(loop.submit(() -> {
                receivers.forEach(r -> r.client.close());
                return null;
            }));
        }
    }

    private static void await(EventLoop loop, List<LoopFuture<Void>> futures) {
        LoopFuture<Void> all = loop.adopt(java.util.concurrent.CompletableFuture.allOf(futures.toArray(new LoopFuture<?>[0])));
        loop.runUntilComplete(all.orTimeout(BOUND.toMillis(), TimeUnit.MILLISECONDS));
    }
}
