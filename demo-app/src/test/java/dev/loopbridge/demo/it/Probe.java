package dev.loopbridge.demo.it;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.client.ChannelInfo;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.irc.IrcMessage;

/**
 * Records what a client reports and lets the test thread wait for a condition on it: the
 * condition is evaluated on the loop after every event, so a wait ends the moment it holds, with
 * the scaled timeout as the only bound. Loop thread only, except {@link #await}.
 */
final class Probe implements ChatListener {

    private final EventLoop loop;
    final ChatClient client;
    private final List<ChatEntry> entries = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(BooleanSupplier condition, LoopFuture<Void> done) {
    }

    Probe(ChatClient client) {
        this.loop = client.loop();
        this.client = client;
    }

    /** Blocks the (test) thread until {@code condition}, evaluated on the loop, holds. */
    void await(String what, BooleanSupplier condition) {
        LoopFuture<Void> done = loop.runUntilComplete(loop.submit(() -> when(condition)));
        try {
            loop.runUntilComplete(done.orTimeout(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            String seen = loop.isClosed() ? "(loop closed)" : loop.runUntilComplete(loop.submit(() -> entries.toString()));
            throw new AssertionError(client + ": timed out waiting for " + what + "; entries: " + seen, e);
        }
    }

    /** A future completed (on the loop) once {@code condition} holds; loop thread only. */
    LoopFuture<Void> when(BooleanSupplier condition) {
        LoopFuture<Void> f = loop.newFuture();
        if (condition.getAsBoolean()) {
            f.complete(null);
        } else {
            waiters.add(new Waiter(condition, f));
        }
        return f;
    }

    /**
     * What the client reported, in order: a copy taken on the loop, whichever thread asks. The
     * loop keeps adding and updating entries (a confirmation, a late echo) while the test thread
     * checks what it waited for; a stream over the live list from the test thread failed with a
     * ConcurrentModificationException.
     */
    List<ChatEntry> entries() {
        return onLoop(() -> List.copyOf(entries));
    }

    /** Messages (MESSAGE, ACTION, NOTICE) received from {@code nick}, in order, as text; any thread. */
    List<String> textsFrom(String nick) {
        return onLoop(() -> entries.stream().filter(e -> !e.isOwn() && e.nick().equals(nick)
                && (e.kind() == ChatEntry.Kind.MESSAGE || e.kind() == ChatEntry.Kind.ACTION
                || e.kind() == ChatEntry.Kind.NOTICE)).map(ChatEntry::text).toList());
    }

    /** Whether an entry of {@code kind} from {@code nick} with {@code text} was reported; any thread. */
    boolean has(ChatEntry.Kind kind, String nick, String text) {
        return onLoop(() -> entries.stream().anyMatch(e -> e.kind() == kind && e.nick().equals(nick) && e.text().equals(text)));
    }

    /** Reads the probe's state on the loop: at once there, else through a task the caller waits for. */
    private <T> T onLoop(Supplier<T> read) {
        return loop.inLoop() ? read.get() : loop.runUntilComplete(loop.submit(read::get));
    }

    /** Whether the client is in {@code channel} with {@code nick} among its members. */
    boolean sees(String channel, String nick) {
        return client.channel(channel).map(ChannelInfo::members).map(m -> m.contains(nick)).orElse(false);
    }

    boolean joined(String channel) {
        return client.state() == ConnectionState.CONNECTED
                && client.channel(channel).map(ChannelInfo::joined).orElse(false);
    }

    private void check() {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.done().isDone()) {
                it.remove();
            } else if (waiter.condition().getAsBoolean()) {
                it.remove();
                waiter.done().complete(null);
            }
        }
    }

    @Override
    public void stateChanged(ConnectionState state) {
        check();
    }

    @Override
    public void nickChanged(String nick) {
        check();
    }

    @Override
    public void entryAdded(ChatEntry entry) {
        entries.add(entry);
        check();
    }

    @Override
    public void entryUpdated(ChatEntry entry) {
        entries.replaceAll(e -> e.id() == entry.id() ? entry : e);
        check();
    }

    @Override
    public void channelChanged(ChannelInfo channel) {
        check();
    }

    @Override
    public void lagChanged(java.time.Duration lag) {
        check();
    }

    @Override
    public void messageReceived(IrcMessage message) {
        check();
    }
}
