package dev.loopbridge.demo.server;

import java.util.ArrayList;
import java.util.List;

import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.irc.IrcText;

/**
 * The {@link ChatServer}'s answers to the questions standard clients ask after joining (MODE,
 * WHO, WHOIS, LIST, ISON): loop thread only, read-only on the {@link Registry}. Channel modes are
 * fixed ({@code +nt}); changing them is refused.
 */
final class ServerQueries {

    private final ChatServer server;

    ServerQueries(ChatServer server) {
        this.server = server;
    }

    void list(ClientConn c) {
        c.numeric("321", "Channel", "Users  Name");
        for (Registry.Channel channel : server.registry().channels()) {
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

    void mode(ClientConn c, IrcMessage m) {
        String target = m.param(0);
        if (target.isEmpty()) {
            c.numeric("461", "MODE", "Not enough parameters");
        } else if (IrcText.isChannel(target)) {
            Registry.Channel channel = server.registry().channel(target);
            if (channel == null) {
                c.numeric("403", target, "No such channel");
            } else if (m.params().size() == 1 || m.param(1).equals("b")) {
                if (m.param(1).equals("b")) {
                    c.numeric("368", channel.name, "End of channel ban list");
                } else {
                    c.numeric("324", channel.name, "+nt");
                }
            } else {
                c.numeric("482", channel.name, "Channel modes cannot be changed on this server");
            }
        } else if (!IrcText.fold(target).equals(IrcText.fold(c.nick))) {
            c.numeric("502", "Cannot change mode for other users");
        } else {
            c.numeric("221", "+i");
        }
    }

    void who(ClientConn c, IrcMessage m) {
        String mask = m.param(0);
        Registry.Channel channel = server.registry().channel(mask);
        List<ClientConn> who = channel != null ? List.copyOf(channel.members)
                : server.registry().byNick(mask) != null ? List.of(server.registry().byNick(mask)) : List.of();
        for (ClientConn other : who) {
            c.numeric("352", channel != null ? channel.name : "*", other.user, other.host, server.config().serverName(),
                    other.nick, "H" + (channel != null && channel.ops.contains(other) ? "@" : ""), "0 " + other.realName);
        }
        c.numeric("315", mask.isEmpty() ? "*" : mask, "End of /WHO list");
    }

    void whois(ClientConn c, IrcMessage m) {
        String nick = m.last();
        ClientConn other = server.registry().byNick(nick);
        if (other == null || !other.registered) {
            c.numeric("401", nick.isEmpty() ? "*" : nick, "No such nick/channel");
        } else {
            c.numeric("311", other.nick, other.user, other.host, "*", other.realName);
            c.numeric("312", other.nick, server.config().serverName(), "LoopChat");
        }
        c.numeric("318", nick.isEmpty() ? "*" : nick, "End of /WHOIS list");
    }

}
