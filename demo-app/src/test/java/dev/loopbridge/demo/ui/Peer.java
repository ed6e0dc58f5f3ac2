package dev.loopbridge.demo.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.client.ChannelInfo;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.client.ConnectionState;

/**
 * Another user for the GUI tests: a {@link ChatClient} on a default loop of its own, recording
 * what it hears. Its conditions are checked on its loop after every event, so a wait ends the
 * moment one holds, bounded by the scaled timeout. Test thread, except where noted.
 */
public final class Peer implements ChatListener, AutoCloseable {

    private final EventLoop loop = EventLoops.newDefault();
    private final ChatClient client;
    // Loop thread only.
    private final Map<Long, ChatEntry> entries = new LinkedHashMap<>();
    private final List<Check> checks = new ArrayList<>();

    private record Check(BooleanSupplier condition, LoopFuture<Void> done) {
    }

    /** Connects {@code nick} to the server on {@code port} and joins {@code channel}. */
    public Peer(int port, String nick, String channel) {
        ChatConfig config = ChatConfig.of("127.0.0.1", port, nick).withChannels(List.of(channel))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(200)).withRateLimit(1_000_000, Duration.ZERO);
        client = loop.runUntilComplete(loop.submit(() -> {
            ChatClient c = new ChatClient(loop, config);
            c.addListener(this);
            c.start();
            return c;
        }));
    }

    /** Types {@code line} as this user. */
    public void type(String line) {
        loop.runUntilComplete(loop.submit(() -> {
            client.submit(line);
            return null;
        }));
    }

    /** Types each of {@code lines} in one go on the peer's loop. */
    public void typeAll(List<String> lines) {
        loop.runUntilComplete(loop.submit(() -> {
            lines.forEach(client::submit);
            return null;
        }));
    }

    /** The texts of the messages received from {@code nick}, in order. */
    public List<String> textsFrom(String nick) {
        if (loop.inLoop()) {   // in an await condition
            return entries.values().stream()
                    .filter(e -> e.kind() == ChatEntry.Kind.MESSAGE && e.nick().equals(nick) && !e.isOwn())
                    .map(ChatEntry::text).toList();
        }
        return loop.runUntilComplete(loop.submit(() -> textsFrom(nick)));
    }

    /** Whether this peer saw an entry of {@code kind} by {@code nick} with {@code text}. */
    public boolean saw(ChatEntry.Kind kind, String nick, String text) {
        if (loop.inLoop()) {
            return entries.values().stream().anyMatch(e -> e.kind() == kind && e.nick().equals(nick) && e.text().equals(text));
        }
        return loop.runUntilComplete(loop.submit(() -> saw(kind, nick, text)));
    }

    /** Waits until this peer is in {@code channel} and sees {@code nick} there. */
    public void awaitMember(String channel, String nick) {
        await(nick + " in " + channel, () -> client.channel(channel).filter(ChannelInfo::joined)
                .map(c -> c.members().contains(nick)).orElse(false));
    }

    /** Waits until this peer's own lines are all confirmed by the server. */
    public void awaitDelivered() {
        await("own lines confirmed", () -> client.state() == ConnectionState.CONNECTED && client.pendingCount() == 0
                && entries.values().stream().filter(ChatEntry::isOwn).allMatch(e -> e.status() == ChatEntry.Status.SENT));
    }

    /** Waits until {@code condition}, checked on the peer's loop after each event, holds. */
    public void await(String what, BooleanSupplier condition) {
        LoopFuture<Void> done = loop.runUntilComplete(loop.submit(() -> {
            LoopFuture<Void> f = loop.newFuture();
            if (condition.getAsBoolean()) {
                f.complete(null);
            } else {
                checks.add(new Check(condition, f));
            }
            return f;
        }));
        try {
            loop.runUntilComplete(done.orTimeout(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            throw new AssertionError("peer " + client + " timed out waiting for " + what, e);
        }
    }

    private void changed() {
        checks.removeIf(c -> c.done().isDone() || c.condition().getAsBoolean() && c.done().complete(null));
    }

    @Override
    public void entryAdded(ChatEntry entry) {
        entries.put(entry.id(), entry);
        changed();
    }

    @Override
    public void entryUpdated(ChatEntry entry) {
        entries.replace(entry.id(), entry);
        changed();
    }

    @Override
    public void channelChanged(ChannelInfo channel) {
        changed();
    }

    @Override
    public void stateChanged(ConnectionState state) {
        changed();
    }

    @Override
    public void close() {
        loop.runUntilComplete(loop.submit(() -> {
            client.close();
            return null;
        }));
        loop.close();
    }
}
