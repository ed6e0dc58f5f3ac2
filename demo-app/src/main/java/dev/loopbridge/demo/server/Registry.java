package dev.loopbridge.demo.server;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.loopbridge.demo.irc.IrcText;

/**
 * The server's shared state — who is connected under which nick, which channels exist and who is
 * in them, which client message ids were seen: loop thread only (the server's loop), so no locks.
 */
final class Registry {

    /** How many client message ids the server remembers to drop repeats ({@code loopbridge.dev/dedup}). */
    static final int DEDUP_MEMORY = 65_536;

    /** How many departed nicks WHOWAS remembers. */
    static final int WHOWAS_MEMORY = 200;

    /** One nick as WHOWAS remembers it. */
    record Departed(String nick, String user, String host, String realName, Instant when) {
    }

    /**
     * One channel: exists while it has members. Its flag modes are {@link #FLAG_MODES}; {@code n}
     * is set on creation (members only may send), the others by its operators.
     */
    static final class Channel {
        /** The channel modes without a parameter this server knows: no external messages,
         * topic locked, moderated, secret, invite only. */
        static final String FLAG_MODES = "imnst";

        final String name;
        final long created = Instant.now().getEpochSecond();
        String topic = "";
        final Set<ClientConn> members = new LinkedHashSet<>();
        final Set<ClientConn> ops = new LinkedHashSet<>();
        final Set<ClientConn> voiced = new LinkedHashSet<>();
        // Who was INVITEd and has not joined yet (what lets them into a +i channel).
        final Set<ClientConn> invited = new LinkedHashSet<>();
        // The set flag modes, in FLAG_MODES order.
        final TreeSet<Character> flags = new TreeSet<>(Set.of('n'));

        Channel(String name) {
            this.name = name;
        }

        boolean has(char flag) {
            return flags.contains(flag);
        }

        /** {@code @} for an operator, {@code +} for a voiced member, else nothing (NAMES, WHO, WHOIS). */
        String prefix(ClientConn member) {
            return ops.contains(member) ? "@" : voiced.contains(member) ? "+" : "";
        }

        /** Whether {@code conn} may see who is in it (not secret, or a member). */
        boolean visibleTo(ClientConn conn) {
            return !has('s') || members.contains(conn);
        }

        /** Whether {@code member} may speak in it (not moderated, or an operator or voiced). */
        boolean maySpeak(ClientConn member) {
            return !has('m') || ops.contains(member) || voiced.contains(member);
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
    // Guarded by: the loop thread. Nicks that quit or changed, newest first (WHOWAS).
    private final Deque<Departed> departed = new ArrayDeque<>();
    // Guarded by: the loop thread. The most registered clients there were at once (LUSERS).
    private int mostUsers;
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

    /** Remembers that {@code conn} goes by its nick no longer (it quits, or changes nick). */
    void depart(ClientConn conn) {
        departed.addFirst(new Departed(conn.nick, conn.user, conn.host, conn.realName, Instant.now()));
        if (departed.size() > WHOWAS_MEMORY) {
            departed.removeLast();
        }
    }

    /** What WHOWAS knows of {@code nick}, newest first. */
    List<Departed> departed(String nick) {
        String folded = IrcText.fold(nick);
        return departed.stream().filter(d -> IrcText.fold(d.nick()).equals(folded)).toList();
    }

    /** The registered clients, in connection order. */
    List<ClientConn> users() {
        return connections.stream().filter(c -> c.registered).toList();
    }

    /** Counts one more registered client; returns the most there were at once. */
    int registeredNow() {
        mostUsers = Math.max(mostUsers, users().size());
        return mostUsers;
    }

    int mostUsers() {
        return mostUsers;
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
        channel.invited.remove(conn);
        conn.channels.add(channel);
        return channel;
    }

    /** Removes {@code conn} from {@code channel}; the channel goes when empty. */
    void leave(ClientConn conn, Channel channel) {
        channel.members.remove(conn);
        channel.ops.remove(conn);
        channel.voiced.remove(conn);
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
        if (conn.registered) {
            depart(conn);
        }
        for (Channel channel : channels.values()) {
            channel.invited.remove(conn);
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
