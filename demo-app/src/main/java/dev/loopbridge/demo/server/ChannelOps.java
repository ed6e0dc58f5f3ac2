package dev.loopbridge.demo.server;

import java.util.ArrayList;
import java.util.List;

import dev.loopbridge.demo.irc.IrcMessage;

/**
 * What a channel operator may do — channel MODE ({@code +imnst}, {@code +o}/{@code +v} and their
 * removal), KICK, INVITE — and the checks other commands make against a channel's modes: loop
 * thread only, state in {@link Registry.Channel}. Numerics as RFC 2812 gives them and ngircd sends
 * them: 482 for a non-operator, 441 for a target not in the channel, 472 for an unknown mode,
 * 443 for inviting a member, 473 for joining a {@code +i} channel uninvited.
 */
final class ChannelOps {

    /** How many {@code o}/{@code v} changes one MODE may carry (ISUPPORT {@code MODES}). */
    static final int MODES_PER_COMMAND = 3;

    private final ChatServer server;

    ChannelOps(ChatServer server) {
        this.server = server;
    }

    /** {@code MODE #channel [changes [params...]]}: shows the modes, or changes them. */
    void mode(ClientConn c, IrcMessage m, Registry.Channel channel) {
        if (m.params().size() == 1) {
            c.numeric("324", channel.name, modeString(channel));
            c.numeric("329", channel.name, String.valueOf(channel.created));
            return;
        }
        String changes = m.param(1);
        if (changes.equals("b") || changes.equals("+b")) {
            c.numeric("368", channel.name, "End of channel ban list");
            return;
        }
        if (!channel.ops.contains(c)) {
            c.numeric("482", channel.name, "You're not channel operator");
            return;
        }
        StringBuilder applied = new StringBuilder();
        List<String> appliedParams = new ArrayList<>();
        char appliedSign = 0;
        boolean adding = true;
        int nextParam = 2;
        int memberChanges = 0;
        for (char mode : changes.toCharArray()) {
            if (mode == '+' || mode == '-') {
                adding = mode == '+';
                continue;
            }
            boolean changed;
            String param = null;
            if (mode == 'o' || mode == 'v') {
                if (nextParam >= m.params().size() || memberChanges++ == MODES_PER_COMMAND) {
                    continue;   // no nick for it (ngircd ignores such a change too), or too many
                }
                param = m.param(nextParam++);
                ClientConn target = server.registry().byNick(param);
                if (target == null || !target.registered) {
                    c.numeric("401", param, "No such nick/channel");
                    continue;
                }
                if (!channel.members.contains(target)) {
                    c.numeric("441", target.nick, channel.name, "They aren't on that channel");
                    continue;
                }
                param = target.nick;
                var set = mode == 'o' ? channel.ops : channel.voiced;
                changed = adding ? set.add(target) : set.remove(target);
            } else if (Registry.Channel.FLAG_MODES.indexOf(mode) >= 0) {
                changed = adding ? channel.flags.add(mode) : channel.flags.remove(mode);
            } else {
                c.numeric("472", String.valueOf(mode), "is unknown mode char for " + channel.name);
                continue;
            }
            if (changed) {
                char sign = adding ? '+' : '-';
                if (sign != appliedSign) {
                    applied.append(sign);
                    appliedSign = sign;
                }
                applied.append(mode);
                if (param != null) {
                    appliedParams.add(param);
                }
            }
        }
        if (applied.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder(":").append(c.mask()).append(" MODE ").append(channel.name)
                .append(' ').append(applied);
        appliedParams.forEach(p -> line.append(' ').append(p));
        broadcast(channel, line.toString());
    }

    /** {@code KICK #channel nick[,nick...] [:reason]}. */
    void kick(ClientConn c, IrcMessage m) {
        if (m.params().size() < 2 || m.param(1).isEmpty()) {
            c.numeric("461", "KICK", "Not enough parameters");
            return;
        }
        Registry.Channel channel = memberOf(c, m.param(0));
        if (channel == null) {
            return;
        }
        if (!channel.ops.contains(c)) {
            c.numeric("482", channel.name, "You're not channel operator");
            return;
        }
        String reason = m.params().size() > 2 && !m.last().isEmpty() ? m.last() : c.nick;
        for (String nick : m.param(1).split(",")) {
            ClientConn target = server.registry().byNick(nick);
            if (target == null || !target.registered) {
                c.numeric("401", nick, "No such nick/channel");
            } else if (!channel.members.contains(target)) {
                c.numeric("441", target.nick, channel.name, "They aren't on that channel");
            } else {
                broadcast(channel, ":" + c.mask() + " KICK " + channel.name + " " + target.nick + " :" + reason);
                server.registry().leave(target, channel);
                if (channel.members.isEmpty()) {
                    return;
                }
            }
        }
    }

    /** {@code INVITE nick #channel}: lets {@code nick} into a {@code +i} channel. */
    void invite(ClientConn c, IrcMessage m) {
        if (m.params().size() < 2 || m.param(0).isEmpty() || m.param(1).isEmpty()) {
            c.numeric("461", "INVITE", "Not enough parameters");
            return;
        }
        ClientConn target = server.registry().byNick(m.param(0));
        if (target == null || !target.registered) {
            c.numeric("401", m.param(0), "No such nick/channel");
            return;
        }
        Registry.Channel channel = server.registry().channel(m.param(1));
        String name = m.param(1);
        if (channel != null) {
            if (!channel.members.contains(c)) {
                c.numeric("442", channel.name, "You're not on that channel");
                return;
            }
            if (channel.has('i') && !channel.ops.contains(c)) {
                c.numeric("482", channel.name, "You're not channel operator");
                return;
            }
            if (channel.members.contains(target)) {
                c.numeric("443", target.nick, channel.name, "is already on channel");
                return;
            }
            channel.invited.add(target);
            name = channel.name;
        }
        c.numeric("341", target.nick, name);
        if (target.away != null) {
            c.numeric("301", target.nick, target.away);
        }
        target.send(":" + c.mask() + " INVITE " + target.nick + " " + name);
    }

    /** Whether {@code c} may join {@code channel}; answers 473 if not. */
    boolean mayJoin(ClientConn c, Registry.Channel channel) {
        if (channel.has('i') && !channel.invited.contains(c)) {
            c.numeric("473", channel.name, "Cannot join channel (+i)");
            return false;
        }
        return true;
    }

    /** Whether {@code c} may set the topic of {@code channel} ({@code +t}: operators only); answers 482 if not. */
    boolean maySetTopic(ClientConn c, Registry.Channel channel) {
        if (channel.has('t') && !channel.ops.contains(c)) {
            c.numeric("482", channel.name, "You're not channel operator");
            return false;
        }
        return true;
    }

    /** Whether {@code c} may send to {@code channel} ({@code +n}: members only; {@code +m}: voiced). */
    static boolean maySend(ClientConn c, Registry.Channel channel) {
        boolean member = channel.members.contains(c);
        return (member || !channel.has('n')) && (!member || channel.maySpeak(c)) && (member || !channel.has('m'));
    }

    static String modeString(Registry.Channel channel) {
        StringBuilder modes = new StringBuilder("+");
        channel.flags.forEach(modes::append);
        return modes.toString();
    }

    private Registry.Channel memberOf(ClientConn c, String name) {
        Registry.Channel channel = server.registry().channel(name);
        if (channel == null) {
            c.numeric("403", name, "No such channel");
            return null;
        }
        if (!channel.members.contains(c)) {
            c.numeric("442", channel.name, "You're not on that channel");
            return null;
        }
        return channel;
    }

    private static void broadcast(Registry.Channel channel, String line) {
        byte[] bytes = ClientConn.wire(line);
        for (ClientConn member : channel.members) {
            member.send(bytes);
        }
    }
}
