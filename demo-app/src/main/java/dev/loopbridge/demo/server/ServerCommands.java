package dev.loopbridge.demo.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.irc.IrcText;

/**
 * The IRC commands the {@link ChatServer} understands, and their error numerics: loop thread
 * only, stateless (the state is in {@link Registry} and {@link ClientConn}).
 */
final class ServerCommands {

    /**
     * The capability under which the server drops a PRIVMSG / NOTICE whose client id it has seen;
     * its value (in CAP LS) is the server's boot id, which changes when the server restarts.
     */
    static final String DEDUP = "loopbridge.dev/dedup";

    /** The capabilities the server offers. */
    static final Set<String> CAPS = Set.of("message-tags", DEDUP);

    /** The server's version, as 004 and VERSION give it. */
    static final String VERSION = "loopchat-0.2";

    private static final Set<String> BEFORE_REGISTRATION = Set.of("CAP", "NICK", "USER", "PASS", "PING", "PONG", "QUIT");

    /** How many targets one PRIVMSG or NOTICE may name (ISUPPORT {@code TARGMAX}); past it: 407. */
    static final int MAX_TARGETS = 4;

    /** The longest AWAY message kept (ISUPPORT {@code AWAYLEN}). */
    static final int AWAY_LENGTH = 200;

    private final ChatServer server;
    private final ServerQueries queries;
    private final ChannelOps ops;

    ServerCommands(ChatServer server) {
        this.server = server;
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
            case "CAP" -> cap(c, m);
            case "PASS" -> {
            }
            case "NICK" -> nick(c, m);
            case "USER" -> user(c, m);
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
                c.numeric("351", VERSION + ".", server.config().serverName(), "LoopChat (LoopBridge)");
                isupport(c);
            }
            case "MOTD" -> motd(c);
            default -> c.numeric("421", m.command(), "Unknown command");
        }
    }

    private void cap(ClientConn c, IrcMessage m) {
        String sub = m.param(0).toUpperCase(Locale.ROOT);
        String prefix = ":" + server.config().serverName() + " CAP " + c.target() + " ";
        switch (sub) {
            case "LS" -> {
                if (!c.registered) {
                    c.capNegotiating = true;
                }
                // The dedup value names this run of the server: its memory of ids dies with it.
                // Values are a CAP 302 feature: a client that did not ask for 302 gets bare names.
                boolean values = m.param(1).matches("\\d+") && Integer.parseInt(m.param(1)) >= 302;
                c.send(prefix + "LS :message-tags " + DEDUP + (values ? "=" + server.bootId() : ""));
            }
            case "LIST" -> c.send(prefix + "LIST :" + String.join(" ", c.caps));
            case "REQ" -> {
                if (!c.registered) {
                    c.capNegotiating = true;
                }
                List<String> wanted = Arrays.stream(m.last().split(" ")).filter(s -> !s.isEmpty()).toList();
                boolean all = wanted.stream().allMatch(w -> CAPS.contains(w.startsWith("-") ? w.substring(1) : w));
                if (all) {
                    for (String w : wanted) {
                        if (w.startsWith("-")) {
                            c.caps.remove(w.substring(1));
                        } else {
                            c.caps.add(w);
                        }
                    }
                    c.send(prefix + "ACK :" + m.last());
                } else {
                    c.send(prefix + "NAK :" + m.last());
                }
            }
            case "END" -> {
                c.capNegotiating = false;
                tryRegister(c);
            }
            default -> c.numeric("410", m.param(0).isEmpty() ? "*" : m.param(0), "Invalid CAP command");
        }
    }

    private void nick(ClientConn c, IrcMessage m) {
        String nick = m.param(0);
        if (nick.isEmpty()) {
            c.numeric("431", "No nickname given");
            return;
        }
        if (!validNick(nick)) {
            c.numeric("432", nick, "Erroneous nickname");
            return;
        }
        if (nick.equals(c.nick)) {
            return;
        }
        String oldMask = c.nick == null ? null : c.mask();
        ClientConn holder = server.registry().byNick(nick);
        if (holder != null && holder != c) {
            c.numeric("433", nick, "Nickname is already in use");
            return;
        }
        if (c.registered) {
            server.registry().depart(c);
        }
        server.registry().claimNick(c, nick);
        c.nick = nick;
        if (c.registered) {
            byte[] line = encode(":" + oldMask + " NICK :" + nick);
            c.send(line);
            for (ClientConn peer : server.registry().peers(c)) {
                peer.send(line);
            }
        } else {
            tryRegister(c);
        }
    }

    private void user(ClientConn c, IrcMessage m) {
        if (c.registered) {
            c.numeric("462", "You may not reregister");
            return;
        }
        if (m.params().size() < 4 || m.param(0).isEmpty()) {
            c.numeric("461", "USER", "Not enough parameters");
            return;
        }
        String user = m.param(0).replaceAll("[^A-Za-z0-9_.\\-~]", "");
        c.user = "~" + (user.isEmpty() ? "user" : user.substring(0, Math.min(user.length(), 9)));
        c.realName = m.last();
        tryRegister(c);
    }

    private void tryRegister(ClientConn c) {
        if (c.registered || c.nick == null || c.user == null || c.capNegotiating) {
            return;
        }
        c.registered = true;
        c.signon = Instant.now().getEpochSecond();
        c.lastSpoke = c.loop.time();
        server.registry().registeredNow();
        String name = server.config().serverName();
        c.numeric("001", "Welcome to the LoopChat IRC network, " + c.mask());
        c.numeric("002", "Your host is " + name + ", running " + VERSION + " (LoopChat, LoopBridge)");
        c.numeric("003", "This server was created " + server.created());
        c.numeric("004", name, VERSION, "i", Registry.Channel.FLAG_MODES + "ov");
        isupport(c);
        motd(c);
    }

    /** The 005 lines: what this server supports (modern clients read limits and modes here). */
    private void isupport(ClientConn c) {
        c.numeric("005", "CASEMAPPING=rfc1459", "CHANTYPES=#&", "NICKLEN=30", "CHANNELLEN=50", "TOPICLEN=390",
                "AWAYLEN=" + AWAY_LENGTH, "KICKLEN=390", "PREFIX=(ov)@+", "CHANMODES=,,," + Registry.Channel.FLAG_MODES,
                "are supported by this server");
        c.numeric("005", "MODES=" + ChannelOps.MODES_PER_COMMAND, "MAXTARGETS=" + MAX_TARGETS,
                "TARGMAX=PRIVMSG:" + MAX_TARGETS + ",NOTICE:" + MAX_TARGETS, "NETWORK=LoopChat",
                "are supported by this server");
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

    private void motd(ClientConn c) {
        List<String> motd = server.config().motd();
        if (motd.isEmpty()) {
            c.numeric("422", "MOTD File is missing");
            return;
        }
        c.numeric("375", "- " + server.config().serverName() + " Message of the day - ");
        for (String line : motd) {
            c.numeric("372", "- " + line);
        }
        c.numeric("376", "End of /MOTD command.");
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
        if (id != null && c.caps.contains(DEDUP) && !server.registry().firstSighting(id)) {
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

    static boolean validNick(String nick) {
        if (nick.isEmpty() || nick.length() > 30) {
            return false;
        }
        for (int i = 0; i < nick.length(); i++) {
            char ch = nick.charAt(i);
            boolean letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
            boolean special = "[]\\`_^{|}".indexOf(ch) >= 0;
            boolean rest = (ch >= '0' && ch <= '9') || ch == '-';
            if (!(letter || special || (i > 0 && rest))) {
                return false;
            }
        }
        return true;
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
