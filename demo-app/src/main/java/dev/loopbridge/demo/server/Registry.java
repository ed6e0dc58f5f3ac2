package dev.loopbridge.demo.server;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.loopbridge.demo.irc.IrcText;

/**
 * The server's shared state — who is connected under which nick, which channels exist and who is
 * in them, which client message ids were seen: loop thread only (the server's loop), so no locks.
 */
final class Registry {

    /** How many client message ids the server remembers to drop repeats ({@code loopbridge.dev/dedup}). */
    static final int DEDUP_MEMORY = 65_536;

    /** One channel: exists while it has members. */
    static final class Channel {
        final String name;
        String topic = "";
        final Set<ClientConn> members = new LinkedHashSet<>();
        final Set<ClientConn> ops = new LinkedHashSet<>();

        Channel(String name) {
            this.name = name;
        }
    }

    // Guarded by: the loop thread. Every open connection, registered or not.
    final Set<ClientConn> connections = new LinkedHashSet<>();
    // Guarded by: the loop thread. How many of them come from each host (address), absent for 0.
    private final Map<String, Integer> perHost = new HashMap<>();
    // Guarded by: the loop thread. Registered (or registering) clients by folded nick.
    private final Map<String, ClientConn> nicks = new HashMap<>();
    // Guarded by: the loop thread. Channels by folded name.
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    // Guarded by: the loop thread. The last DEDUP_MEMORY client message ids, oldest first.
    private final Map<String, Boolean> seenIds = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > DEDUP_MEMORY;
        }
    };

    /** Counts {@code conn} among the open connections. */
    void add(ClientConn conn) {
        connections.add(conn);
        perHost.merge(conn.host, 1, Integer::sum);
    }

    /** The open connections from {@code host}. */
    int connectionsFrom(String host) {
        return perHost.getOrDefault(host, 0);
    }

    ClientConn byNick(String nick) {
        return nicks.get(IrcText.fold(nick));
    }

    /** Claims {@code nick} for {@code conn} (releasing its old one); false if someone else holds it. */
    boolean claimNick(ClientConn conn, String nick) {
        ClientConn holder = nicks.get(IrcText.fold(nick));
        if (holder != null && holder != conn) {
            return false;
        }
        if (conn.nick != null) {
            nicks.remove(IrcText.fold(conn.nick));
        }
        nicks.put(IrcText.fold(nick), conn);
        return true;
    }

    Channel channel(String name) {
        return channels.get(IrcText.fold(name));
    }

    Collection<Channel> channels() {
        return channels.values();
    }

    /** Adds {@code conn} to {@code name}, creating it (with {@code conn} as operator) if new. */
    Channel join(ClientConn conn, String name) {
        Channel channel = channels.computeIfAbsent(IrcText.fold(name), k -> new Channel(name));
        if (channel.members.isEmpty()) {
            channel.ops.add(conn);
        }
        channel.members.add(conn);
        conn.channels.add(channel);
        return channel;
    }

    /** Removes {@code conn} from {@code channel}; the channel goes when empty. */
    void leave(ClientConn conn, Channel channel) {
        channel.members.remove(conn);
        channel.ops.remove(conn);
        conn.channels.remove(channel);
        if (channel.members.isEmpty()) {
            channels.remove(IrcText.fold(channel.name));
        }
    }

    /** Everyone who shares a channel with {@code conn}, each once, {@code conn} excluded. */
    Set<ClientConn> peers(ClientConn conn) {
        Set<ClientConn> peers = new LinkedHashSet<>();
        for (Channel channel : conn.channels) {
            peers.addAll(channel.members);
        }
        peers.remove(conn);
        return peers;
    }

    /** Forgets {@code conn}: its nick and its channel memberships. */
    void remove(ClientConn conn) {
        if (connections.remove(conn)) {
            perHost.computeIfPresent(conn.host, (h, n) -> n == 1 ? null : n - 1);
        }
        if (conn.nick != null && nicks.get(IrcText.fold(conn.nick)) == conn) {
            nicks.remove(IrcText.fold(conn.nick));
        }
        for (Channel channel : Set.copyOf(conn.channels)) {
            leave(conn, channel);
        }
    }

    /** Records a client message id; false if it was seen already (a resend: drop it). */
    boolean firstSighting(String id) {
        return seenIds.putIfAbsent(id, Boolean.TRUE) == null;
    }
}
