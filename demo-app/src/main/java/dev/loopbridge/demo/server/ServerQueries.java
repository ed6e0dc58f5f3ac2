package dev.loopbridge.demo.server;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.irc.IrcText;

/**
 * The {@link ChatServer}'s answers to the questions standard clients ask (user MODE, WHO, WHOIS,
 * WHOWAS, USERHOST, LIST, ISON, LUSERS): loop thread only, read-only on the {@link Registry}.
 * Secret ({@code +s}) channels are hidden from those outside them, as RFC 2812 and ngircd do.
 */
final class ServerQueries {

    private final ChatServer server;

    ServerQueries(ChatServer server) {
        this.server = server;
    }

    void list(ClientConn c) {
        c.numeric("321", "Channel", "Users  Name");
        for (Registry.Channel channel : server.registry().channels()) {
            if (!channel.visibleTo(c)) {
                continue;
            }
            c.numeric("322", channel.name, String.valueOf(channel.members.size()), channel.topic);
        }
        c.numeric("323", "End of /LIST");
    }

    void ison(ClientConn c, IrcMessage m) {
        List<String> on = new ArrayList<>();
        for (String param : m.params()) {
            for (String nick : param.split(" ")) {
                ClientConn other = server.registry().byNick(nick);
                if (other != null && other.registered) {
                    on.add(other.nick);
                }
            }
        }
        c.numeric("303", String.join(" ", on));
    }

    /** A user's MODE (channels are {@link ChannelOps}'s): users are {@code +i}, which cannot change here. */
    void mode(ClientConn c, IrcMessage m) {
        String target = m.param(0);
        if (target.isEmpty()) {
            c.numeric("461", "MODE", "Not enough parameters");
        } else if (IrcText.isChannel(target)) {
            c.numeric("403", target, "No such channel");
        } else if (!IrcText.fold(target).equals(IrcText.fold(c.nick))) {
            c.numeric("502", "Cannot change mode for other users");
        } else {
            c.numeric("221", "+i");
        }
    }

    /**
     * {@code WHO #channel}, or {@code WHO mask} ({@code *}, {@code ?} wildcards over nick, user, host
     * and real name; {@code *} or {@code 0} for everyone): users are {@code +i}, so a mask finds
     * only those who share a channel with the asker, and the asker.
     */
    void who(ClientConn c, IrcMessage m) {
        String mask = m.param(0);
        Registry.Channel channel = server.registry().channel(mask);
        if (channel != null) {
            if (channel.visibleTo(c)) {
                for (ClientConn other : channel.members) {
                    whoReply(c, channel.name, other, channel.prefix(other));
                }
            }
        } else if (!IrcText.isChannel(mask)) {
            String glob = mask.isEmpty() || mask.equals("0") ? "*" : mask;
            Set<ClientConn> near = server.registry().peers(c);
            for (ClientConn other : server.registry().users()) {
                if ((other == c || near.contains(other)) && (matches(glob, other.nick) || matches(glob, other.user)
                        || matches(glob, other.host) || matches(glob, other.realName))) {
                    whoReply(c, "*", other, "");
                }
            }
        }
        c.numeric("315", mask.isEmpty() ? "*" : mask, "End of /WHO list");
    }

    private void whoReply(ClientConn c, String channel, ClientConn other, String prefix) {
        c.numeric("352", channel, other.user, other.host, server.config().serverName(), other.nick,
                (other.away == null ? "H" : "G") + prefix, "0 " + other.realName);
    }

    /** {@code WHOIS [server] nick}: 311, 312, 319 (channels the asker may see), 317, 301, 318. */
    void whois(ClientConn c, IrcMessage m) {
        String nick = m.last();
        if (nick.isEmpty()) {
            c.numeric("431", "No nickname given");
            return;
        }
        ClientConn other = server.registry().byNick(nick);
        if (other == null || !other.registered) {
            c.numeric("401", nick, "No such nick/channel");
        } else {
            c.numeric("311", other.nick, other.user, other.host, "*", other.realName);
            c.numeric("312", other.nick, server.config().serverName(), "LoopChat");
            List<String> channels = new ArrayList<>();
            for (Registry.Channel channel : other.channels) {
                if (channel.visibleTo(c)) {
                    channels.add(channel.prefix(other) + channel.name);
                }
            }
            if (!channels.isEmpty()) {
                c.numeric("319", other.nick, String.join(" ", channels));
            }
            long idle = Duration.ofNanos(c.loop.time() - other.lastSpoke).toSeconds();
            c.numeric("317", other.nick, String.valueOf(idle), String.valueOf(other.signon), "seconds idle, signon time");
            if (other.away != null) {
                c.numeric("301", other.nick, other.away);
            }
        }
        c.numeric("318", nick, "End of /WHOIS list");
    }

    /** {@code WHOWAS nick}: who last went by it (314, 312), or 406; then 369. */
    void whowas(ClientConn c, IrcMessage m) {
        String nick = m.param(0);
        if (nick.isEmpty()) {
            c.numeric("431", "No nickname given");
            return;
        }
        List<Registry.Departed> was = server.registry().departed(nick);
        if (was.isEmpty()) {
            c.numeric("406", nick, "There was no such nickname");
        }
        for (Registry.Departed d : was) {
            c.numeric("314", d.nick(), d.user(), d.host(), "*", d.realName());
            c.numeric("312", d.nick(), server.config().serverName(),
                    d.when().atZone(ZoneOffset.UTC).format(DateTimeFormatter.RFC_1123_DATE_TIME));
        }
        c.numeric("369", nick, "End of WHOWAS");
    }

    /** {@code USERHOST nick...} (at most 5): 302 with {@code nick=+user@host}, {@code -} when away. */
    void userhost(ClientConn c, IrcMessage m) {
        if (m.params().isEmpty()) {
            c.numeric("461", "USERHOST", "Not enough parameters");
            return;
        }
        List<String> replies = new ArrayList<>();
        for (String nick : m.params().stream().flatMap(p -> Arrays.stream(p.split(" "))).limit(5).toList()) {
            ClientConn other = server.registry().byNick(nick);
            if (other != null && other.registered) {
                replies.add(other.nick + "=" + (other.away == null ? "+" : "-") + other.user + "@" + other.host);
            }
        }
        c.numeric("302", String.join(" ", replies));
    }

    /** LUSERS: 251, 253 (unregistered connections), 254, 255, 265, 266. */
    void lusers(ClientConn c) {
        Registry registry = server.registry();
        int users = registry.users().size();
        int unknown = registry.connections.size() - users;
        c.numeric("251", "There are " + users + " users and 0 services on 1 servers");
        if (unknown > 0) {
            c.numeric("253", String.valueOf(unknown), "unknown connection(s)");
        }
        c.numeric("254", String.valueOf(registry.channels().size()), "channels formed");
        c.numeric("255", "I have " + users + " users, 0 services and 0 servers");
        String most = String.valueOf(registry.mostUsers());
        c.numeric("265", String.valueOf(users), most, "Current local users: " + users + ", Max: " + most);
        c.numeric("266", String.valueOf(users), most, "Current global users: " + users + ", Max: " + most);
    }

    /** Whether {@code text} matches {@code glob} ({@code *} any run, {@code ?} one character), case-folded. */
    static boolean matches(String glob, String text) {
        String g = IrcText.fold(glob);
        String t = IrcText.fold(text == null ? "" : text);
        int gi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (gi < g.length() && (g.charAt(gi) == '?' || g.charAt(gi) == t.charAt(ti))) {
                gi++;
                ti++;
            } else if (gi < g.length() && g.charAt(gi) == '*') {
                star = gi++;
                mark = ti;
            } else if (star >= 0) {
                gi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (gi < g.length() && g.charAt(gi) == '*') {
            gi++;
        }
        return gi == g.length();
    }
}
