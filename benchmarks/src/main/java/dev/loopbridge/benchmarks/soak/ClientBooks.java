package dev.loopbridge.benchmarks.soak;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.irc.IrcText;

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

    /** An own line written to {@code channel}, and who was there before the server read it. */
    private static final class Written {
        final String channel;
        Set<String> present;

        Written(String channel, Set<String> present) {
            this.channel = channel;
            this.present = present;
        }
    }

    private final int id;
    private final ChatClient client;
    private final Ledger ledger;
    private final Crowd crowd;
    // Guarded by: the loop thread (all below). Own lines not yet SENT or DROPPED: entry id -> seq.
    private final Map<Long, Integer> seqOfEntry = new HashMap<>();
    // Channels (folded) whose member list is the server's: the NAMES reply to our latest JOIN came.
    private final Set<String> namesKnown = new HashSet<>();
    // Own lines IN_FLIGHT, by entry id: the other members surely in the channel when the server took
    // the line (see entryUpdated), or null while the NAMES reply to our JOIN is still to come.
    private final Map<Long, Written> written = new HashMap<>();
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

    /**
     * Books the line's new status, and for a SENT one whether the sender was alone in the channel
     * when the server took it: no other member it knew of when it wrote the line is still there at
     * the confirmation. The confirmation (the PONG
     * to a PING written after the line, often a few lines later) does not say when the server
     * relayed the line, so a member whose JOIN came between the write and the PONG may have joined
     * after the relay, and is not counted (after a restart the first client back writes its queued
     * lines as it rejoins; the others rejoin within milliseconds, often before its PONG). Members
     * the sender knew of before writing the line were there before the server read it: their JOIN
     * reached the sender first, or the server listed them in the NAMES reply to the sender's own
     * JOIN, which goes before the queued lines.
     */
    @Override
    public void entryUpdated(ChatEntry e) {
        Integer seq = seqOfEntry.get(e.id());
        if (seq == null) {
            return;
        }
        boolean alone = false;
        if (e.status() == ChatEntry.Status.IN_FLIGHT) {
            String channel = IrcText.fold(e.target());
            written.put(e.id(), new Written(channel, namesKnown.contains(channel) ? others(channel) : null));
        } else if (e.status() == ChatEntry.Status.SENT) {
            Written line = written.remove(e.id());
            Set<String> present = others(e.target());
            if (line != null && line.present != null) {
                present.retainAll(line.present);
            }
            alone = present.isEmpty();
        } else {
            written.remove(e.id());
        }
        ledger.status(id, seq, e.status(), alone);
        if (e.status() == ChatEntry.Status.SENT || e.status() == ChatEntry.Status.DROPPED) {
            seqOfEntry.remove(e.id());
        }
    }

    /** Follows our JOINs and the NAMES replies to them; a line written before the reply takes its list. */
    @Override
    public void messageReceived(IrcMessage m) {
        if (m.command().equals("JOIN") && !m.params().isEmpty()
                && IrcText.fold(m.sourceNick()).equals(IrcText.fold(client.nick()))) {
            namesKnown.remove(IrcText.fold(m.param(0)));
        } else if (m.command().equals("366") && m.params().size() >= 2) {
            String channel = IrcText.fold(m.param(1));
            namesKnown.add(channel);
            for (Written line : written.values()) {
                if (line.present == null && line.channel.equals(channel)) {
                    line.present = others(channel);
                }
            }
        }
    }

    /** The members of {@code channel} the client knows of now, itself left out. */
    private Set<String> others(String channel) {
        Set<String> members = new HashSet<>();
        client.channel(channel).ifPresent(c -> c.members().forEach(n -> members.add(IrcText.fold(n))));
        members.remove(IrcText.fold(client.nick()));
        return members;
    }

    @Override
    public void stateChanged(ConnectionState state) {
        if (state != ConnectionState.CONNECTED) {
            namesKnown.clear();   // the channels are joined again on the next connection
        }
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
