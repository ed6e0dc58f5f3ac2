package dev.loopbridge.demo.server;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.irc.IrcText;

/**
 * The IRC commands the {@link ChatServer} understands, and their error numerics: loop thread
 * only, stateless (the state is in {@link Registry} and {@link ClientConn}).
 */
final class ServerCommands {

    private static final Set<String> BEFORE_REGISTRATION = Set.of("CAP", "NICK", "USER", "PASS", "PING", "PONG", "QUIT");

    /** How many targets one PRIVMSG or NOTICE may name (ISUPPORT {@code TARGMAX}); past it: 407. */
    static final int MAX_TARGETS = 4;

    /** The longest AWAY message kept (ISUPPORT {@code AWAYLEN}). */
    static final int AWAY_LENGTH = 200;

    private final ChatServer server;
    private final ServerQueries queries;
    private final ChannelOps ops;
    private final Registration registration;

    ServerCommands(ChatServer server) {
        this.server = server;
        this.registration = new Registration(server);
        this.queries = new ServerQueries(server);
        this.ops = new ChannelOps(server);
    }

    void handle(ClientConn c, String line) {
        IrcMessage m = IrcMessage.parse(line).orElse(null);
        if (m == null) {
            return;
        }
        if (!c.registered && !BEFORE_REGISTRATION.contains(m.command())) {
            c.numeric("451", "You have not registered");
            return;
        }
        switch (m.command()) {
            case "CAP" -> registration.cap(c, m);
            case "PASS" -> {
            }
            case "NICK" -> registration.nick(c, m);
            case "USER" -> registration.user(c, m);
            case "PING" -> {
                if (m.params().isEmpty()) {
                    c.numeric("409", "No origin specified");
                } else {
                    c.send(":" + server.config().serverName() + " PONG " + server.config().serverName() + " :" + m.last());
                }
            }
            case "PONG" -> {
            }
            case "QUIT" -> c.disconnect(m.params().isEmpty() ? "Client Quit" : "Quit: " + m.last(), false);
            case "JOIN" -> join(c, m);
            case "PART" -> part(c, m);
            case "PRIVMSG", "NOTICE" -> message(c, m);
            case "TOPIC" -> topic(c, m);
            case "NAMES" -> {
                if (m.params().isEmpty() || m.param(0).isEmpty()) {
                    for (Registry.Channel channel : server.registry().channels()) {
                        if (channel.visibleTo(c)) {
                            namesReply(c, channel);
                        }
                    }
                    c.numeric("366", "*", "End of /NAMES list");
                } else {
                    for (String name : m.param(0).split(",")) {
                        names(c, name);
                    }
                }
            }
            case "MODE" -> {
                Registry.Channel channel = server.registry().channel(m.param(0));
                if (channel != null) {
                    ops.mode(c, m, channel);
                } else {
                    queries.mode(c, m);
                }
            }
            case "KICK" -> ops.kick(c, m);
            case "INVITE" -> ops.invite(c, m);
            case "AWAY" -> away(c, m);
            case "WHO" -> queries.who(c, m);
            case "WHOIS" -> queries.whois(c, m);
            case "WHOWAS" -> queries.whowas(c, m);
            case "USERHOST" -> queries.userhost(c, m);
            case "LIST" -> queries.list(c);
            case "ISON" -> queries.ison(c, m);
            case "LUSERS" -> queries.lusers(c);
            case "TIME" -> c.numeric("391", server.config().serverName(),
                    ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.RFC_1123_DATE_TIME));
            case "VERSION" -> {
                c.numeric("351", Registration.VERSION + ".", server.config().serverName(), "LoopChat (LoopBridge)");
                registration.isupport(c);
            }
            case "MOTD" -> registration.motd(c);
            default -> c.numeric("421", m.command(), "Unknown command");
        }
    }

    private void away(ClientConn c, IrcMessage m) {
        String message = m.params().isEmpty() ? "" : m.last();
        if (message.isEmpty()) {
            c.away = null;
            c.numeric("305", "You are no longer marked as being away");
        } else {
            c.away = message.substring(0, Math.min(message.length(), AWAY_LENGTH));
            c.numeric("306", "You have been marked as being away");
        }
    }

    private void join(ClientConn c, IrcMessage m) {
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            c.numeric("461", "JOIN", "Not enough parameters");
            return;
        }
        if (m.param(0).equals("0")) {
            for (Registry.Channel channel : List.copyOf(c.channels)) {
                leave(c, channel, "Left all channels");
            }
            return;
        }
        for (String name : m.param(0).split(",")) {
            if (!validChannel(name)) {
                c.numeric("403", name.isEmpty() ? "*" : name, "No such channel");
                continue;
            }
            Registry.Channel existing = server.registry().channel(name);
            if (existing != null && existing.members.contains(c)) {
                continue;
            }
            if (c.channels.size() >= 20) {
                c.numeric("405", name, "You have joined too many channels");
                continue;
            }
            if (existing != null && !ops.mayJoin(c, existing)) {
                continue;
            }
            Registry.Channel channel = server.registry().join(c, name);
            byte[] line = encode(":" + c.mask() + " JOIN " + channel.name);
            for (ClientConn member : channel.members) {
                member.send(line);
            }
            if (!channel.topic.isEmpty()) {
                c.numeric("332", channel.name, channel.topic);
            }
            names(c, channel.name);
        }
    }

    private void part(ClientConn c, IrcMessage m) {
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            c.numeric("461", "PART", "Not enough parameters");
            return;
        }
        String reason = m.params().size() > 1 ? m.last() : "";
        for (String name : m.param(0).split(",")) {
            Registry.Channel channel = server.registry().channel(name);
            if (channel == null) {
                c.numeric("403", name, "No such channel");
            } else if (!channel.members.contains(c)) {
                c.numeric("442", channel.name, "You're not on that channel");
            } else {
                leave(c, channel, reason);
            }
        }
    }

    private void leave(ClientConn c, Registry.Channel channel, String reason) {
        byte[] line = encode(":" + c.mask() + " PART " + channel.name + (reason.isEmpty() ? "" : " :" + reason));
        for (ClientConn member : channel.members) {
            member.send(line);
        }
        server.registry().leave(c, channel);
    }

    private void message(ClientConn c, IrcMessage m) {
        boolean notice = m.command().equals("NOTICE");
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            if (!notice) {
                c.numeric("411", "No recipient given (" + m.command() + ")");
            }
            return;
        }
        if (m.params().size() < 2 || m.last().isEmpty()) {
            if (!notice) {
                c.numeric("412", "No text to send");
            }
            return;
        }
        String id = m.tags().get("loopbridge.dev/cid");
        if (id != null && c.caps.contains(Registration.DEDUP) && !server.registry().firstSighting(id)) {
            return;
        }
        List<String> targets = List.copyOf(new LinkedHashSet<>(Arrays.asList(m.param(0).split(","))));
        c.lastSpoke = c.loop.time();
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            if (i == MAX_TARGETS) {
                if (!notice) {
                    c.numeric("407", target, "Too many recipients (the limit is " + MAX_TARGETS + "); not sent to "
                            + String.join(",", targets.subList(i, targets.size())));
                }
                break;
            }
            byte[] line = encode(":" + c.mask() + " " + m.command() + " " + target + " :" + m.last());
            if (IrcText.isChannel(target)) {
                Registry.Channel channel = server.registry().channel(target);
                if (channel == null) {
                    if (!notice) {
                        c.numeric("403", target, "No such channel");
                    }
                } else if (!ChannelOps.maySend(c, channel)) {
                    if (!notice) {
                        c.numeric("404", channel.name, "Cannot send to channel");
                    }
                } else {
                    for (ClientConn member : channel.members) {
                        if (member != c) {
                            member.send(line);
                        }
                    }
                }
            } else {
                ClientConn other = server.registry().byNick(target);
                if (other == null || !other.registered) {
                    if (!notice) {
                        c.numeric("401", target, "No such nick/channel");
                    }
                } else {
                    other.send(line);
                    if (!notice && other.away != null) {
                        c.numeric("301", other.nick, other.away);
                    }
                }
            }
        }
    }

    private void topic(ClientConn c, IrcMessage m) {
        if (m.params().isEmpty()) {
            c.numeric("461", "TOPIC", "Not enough parameters");
            return;
        }
        Registry.Channel channel = server.registry().channel(m.param(0));
        if (channel == null) {
            c.numeric("403", m.param(0), "No such channel");
        } else if (!channel.members.contains(c)) {
            c.numeric("442", channel.name, "You're not on that channel");
        } else if (m.params().size() == 1) {
            if (channel.topic.isEmpty()) {
                c.numeric("331", channel.name, "No topic is set");
            } else {
                c.numeric("332", channel.name, channel.topic);
            }
        } else if (ops.maySetTopic(c, channel)) {
            String topic = m.last();
            channel.topic = topic.substring(0, Math.min(topic.length(), 390));
            byte[] line = encode(":" + c.mask() + " TOPIC " + channel.name + " :" + channel.topic);
            for (ClientConn member : channel.members) {
                member.send(line);
            }
        }
    }

    private void names(ClientConn c, String name) {
        Registry.Channel channel = server.registry().channel(name);
        if (channel != null && channel.visibleTo(c)) {
            namesReply(c, channel);
        }
        c.numeric("366", channel == null ? name : channel.name, "End of /NAMES list");
    }

    /** The 353 lines of {@code channel} ({@code @} marks a secret one), as many as its members need. */
    private void namesReply(ClientConn c, Registry.Channel channel) {
        String head = ":" + server.config().serverName() + " 353 " + c.target() + (channel.has('s') ? " @ " : " = ")
                + channel.name + " :";
        StringBuilder line = new StringBuilder(head);
        for (ClientConn member : channel.members) {
            String entry = channel.prefix(member) + member.nick;
            if (line.length() + entry.length() + 1 > IrcText.MAX_LINE_BYTES - 2 && line.length() > head.length()) {
                c.send(line.toString());
                line.setLength(head.length());
            }
            if (line.length() > head.length()) {
                line.append(' ');
            }
            line.append(entry);
        }
        if (line.length() > head.length()) {
            c.send(line.toString());
        }
    }

    static boolean validChannel(String name) {
        if (name.length() < 2 || name.length() > 50 || !(name.charAt(0) == '#' || name.charAt(0) == '&')) {
            return false;
        }
        return name.chars().noneMatch(ch -> ch <= ' ' || ch == ',' || ch == 7 || ch == ':');
    }

    private static byte[] encode(String line) {
        return ClientConn.wire(line);
    }
}
