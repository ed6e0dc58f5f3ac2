package dev.loopbridge.benchmarks.soak;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.client.ConnectionState;

/**
 * One {@link LoopChatSoak} client's lines and its listener: says numbered lines, and keeps the
 * {@link Ledger}'s books on what it sends (the status of each line) and receives (whose line, how
 * late, in order or not). Runs on its client's loop thread; the {@link Crowd} gauges it moves are
 * read by the sampler.
 */
final class ClientBooks implements ChatListener {

    /** What every client's line starts with: {@code soak SENDER SEQ NANOTIME}. */
    private static final String PREFIX = "soak ";

    /** Gauges over all the clients: written on their loops, read by the sampler. */
    static final class Crowd {
        /** Clients CONNECTED now. */
        final AtomicInteger connected = new AtomicInteger();
        /** Times a client became CONNECTED again after it had been. */
        final AtomicLong reconnects = new AtomicLong();
        /** Entries the clients' logs hold (each holds at most {@link ChatClient#LOG_LIMIT}). */
        final AtomicLong logEntries = new AtomicLong();
    }

    private final int id;
    private final ChatClient client;
    private final Ledger ledger;
    private final Crowd crowd;
    // Guarded by: the loop thread (all below). Own lines not yet SENT or DROPPED: entry id -> seq.
    private final Map<Long, Integer> seqOfEntry = new HashMap<>();
    private final int[] lastSeen;   // per sender, the highest seq received: a lower one is a repeat
    private int saying = -1;        // the seq of the line inside say(), whose entry is added there
    private long entries;
    private boolean online;
    private boolean everOnline;

    ClientBooks(int id, ChatClient client, Ledger ledger, Crowd crowd) {
        this.id = id;
        this.client = client;
        this.ledger = ledger;
        this.crowd = crowd;
        this.lastSeen = new int[ledger.senders()];
        Arrays.fill(lastSeen, -1);
    }

    ChatClient client() {
        return client;
    }

    /** Queues the next numbered line to {@code channel}, stamped with the time now. */
    void say(String channel) {
        saying = ledger.queued(id);
        client.say(channel, PREFIX + id + " " + saying + " " + System.nanoTime());
        saying = -1;
    }

    @Override
    public void entryAdded(ChatEntry e) {
        if (++entries <= ChatClient.LOG_LIMIT) {
            crowd.logEntries.incrementAndGet();
        }
        if (e.isOwn()) {
            if (saying >= 0 && e.kind() == ChatEntry.Kind.MESSAGE) {
                seqOfEntry.put(e.id(), saying);
            }
            return;
        }
        if (e.kind() != ChatEntry.Kind.MESSAGE || !e.text().startsWith(PREFIX)) {
            return;
        }
        String[] f = e.text().split(" ");
        int sender = Integer.parseInt(f[1]);
        int seq = Integer.parseInt(f[2]);
        ledger.received(sender, seq, System.nanoTime() - Long.parseLong(f[3]));
        if (seq <= lastSeen[sender]) {
            ledger.duplicate();
        }
        lastSeen[sender] = Math.max(lastSeen[sender], seq);
    }

    @Override
    public void entryUpdated(ChatEntry e) {
        Integer seq = seqOfEntry.get(e.id());
        if (seq == null) {
            return;
        }
        boolean alone = e.status() == ChatEntry.Status.SENT
                && client.channel(e.target()).map(c -> c.members().size() <= 1).orElse(true);
        ledger.status(id, seq, e.status(), alone);
        if (e.status() == ChatEntry.Status.SENT || e.status() == ChatEntry.Status.DROPPED) {
            seqOfEntry.remove(e.id());
        }
    }

    @Override
    public void stateChanged(ConnectionState state) {
        boolean now = state == ConnectionState.CONNECTED;
        if (now && !online) {
            crowd.connected.incrementAndGet();
            if (everOnline) {
                crowd.reconnects.incrementAndGet();
            }
            everOnline = true;
        } else if (!now && online) {
            crowd.connected.decrementAndGet();
        }
        online = now;
    }
}
