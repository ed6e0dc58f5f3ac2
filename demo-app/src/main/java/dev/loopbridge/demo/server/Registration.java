package dev.loopbridge.demo.server;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.loopbridge.demo.irc.IrcMessage;

/**
 * Registration on the {@link ChatServer} — CAP negotiation, NICK, USER, the welcome (001-005) and
 * the MOTD — and what a registered client may ask again of it (NICK, MOTD, the 005 lines): loop
 * thread only, state in {@link ClientConn} and {@link Registry}.
 */
final class Registration {

    /**
     * The capability under which the server drops a PRIVMSG / NOTICE whose client id it has seen;
     * its value (in CAP LS 302) is the server's boot id, which changes when the server restarts.
     */
    static final String DEDUP = "loopbridge.dev/dedup";

    /** The capabilities the server offers. */
    static final Set<String> CAPS = Set.of("message-tags", DEDUP);

    /** The server's version, as 004 and VERSION give it. */
    static final String VERSION = "loopchat-0.2";

    private final ChatServer server;

    Registration(ChatServer server) {
        this.server = server;
    }

    void cap(ClientConn c, IrcMessage m) {
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

    void nick(ClientConn c, IrcMessage m) {
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
            byte[] line = ClientConn.wire(":" + oldMask + " NICK :" + nick);
            c.send(line);
            for (ClientConn peer : server.registry().peers(c)) {
                peer.send(line);
            }
        } else {
            tryRegister(c);
        }
    }

    void user(ClientConn c, IrcMessage m) {
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

    void tryRegister(ClientConn c) {
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
    void isupport(ClientConn c) {
        c.numeric("005", "CASEMAPPING=rfc1459", "CHANTYPES=#&", "NICKLEN=30", "CHANNELLEN=50", "TOPICLEN=390",
                "AWAYLEN=" + ServerCommands.AWAY_LENGTH, "KICKLEN=390", "PREFIX=(ov)@+", "CHANMODES=,,," + Registry.Channel.FLAG_MODES,
                "are supported by this server");
        c.numeric("005", "MODES=" + ChannelOps.MODES_PER_COMMAND, "MAXTARGETS=" + ServerCommands.MAX_TARGETS,
                "TARGMAX=PRIVMSG:" + ServerCommands.MAX_TARGETS + ",NOTICE:" + ServerCommands.MAX_TARGETS, "NETWORK=LoopChat",
                "are supported by this server");
    }

    void motd(ClientConn c) {
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
}
