package dev.loopbridge.demo.client;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.irc.IrcText;

/**
 * One connection of a {@link ChatClient}, from the socket being up to it being gone: loop thread
 * only. It registers (CAP, NICK, USER, nick fallback), reads and dispatches lines, answers and
 * sends PINGs, and notices silence. A new connection is a new {@code Session}; a dead one ignores
 * everything that still arrives for it ({@link #closed}). It sees lines only: what carries them
 * (TCP, TLS, a WebSocket) is its {@link LineTransport}.
 */
final class Session implements Outbox.Wire, LineTransport.Receiver {

    private static final Set<String> WANTED_CAPS = Set.of("message-tags", "server-time", Outbox.DEDUP_CAP);

    private final ChatClient client;
    private final LineTransport transport;
    private final EventLoop loop;
    // Guarded by: the loop thread. Capabilities offered (CAP LS) and enabled (CAP ACK).
    private final Set<String> offeredCaps = new LinkedHashSet<>();
    private final Set<String> enabledCaps = new HashSet<>();
    // Guarded by: the loop thread. The value of the dedup capability: which run of the server.
    private String dedupBoot;
    // Guarded by: the loop thread. PING sequence number -> loop time it was written.
    private final Map<Long, Long> pings = new HashMap<>();
    // Guarded by: the loop thread. false -> true once (001 received).
    private boolean registered;
    // Guarded by: the loop thread. false -> true once: lost, aborted or quit; nothing happens after.
    private boolean closed;
    private int nickAttempts;
    private long lastReceived;
    private long nextPing = 1;
    private TimerHandle keepalive;
    private LoopFuture<Void> quitting;
    // Guarded by: the loop thread. The server-time of the message being handled, or null.
    private Instant messageTime;

    Session(ChatClient client, LineTransport transport) {
        this.client = client;
        this.transport = transport;
        this.loop = client.loop();
    }

    void start() {
        if (closed) {
            return;   // closed before its first callback ran
        }
        lastReceived = loop.time();
        write(IrcMessage.of("CAP", "LS", "302"));
        write(IrcMessage.of("NICK", client.wantedNick));
        client.setNick(client.wantedNick);
        write(IrcMessage.of("USER", client.config().user(), "0", "*", client.config().realName()));
        scheduleKeepalive();
        transport.start(this);
    }

    boolean registered() {
        return registered;
    }

    @Override
    public boolean dedup() {
        return enabledCaps.contains(Outbox.DEDUP_CAP) && dedupBoot != null;
    }

    @Override
    public String dedupBoot() {
        return dedupBoot;
    }

    @Override
    public boolean write(IrcMessage message) {
        if (closed) {
            // Never written: the outbox marks a tracked line DROPPED. (A lost session is detached
            // at once; one aborted by ChatClient.close() stays attached, and lines typed after the
            // close come here.)
            return false;
        }
        String wire = message.toWire();
        int bodyBytes = IrcText.utf8Length(message.tags().isEmpty() ? wire : message.withoutTags().toWire());
        if (bodyBytes > IrcText.MAX_LINE_BYTES - 2) {
            client.error(ChatEntry.SERVER, "Not sent: the line is " + bodyBytes + " bytes (IRC allows "
                    + (IrcText.MAX_LINE_BYTES - 2) + "): " + message.command());
            return false;
        }
        transport.send(wire);
        return true;
    }

    @Override
    public long nextPing() {
        return nextPing;
    }

    @Override
    public long ping() {
        long seq = nextPing++;
        pings.put(seq, loop.time());
        write(IrcMessage.of("PING", "lb-" + seq));
        return seq;
    }

    /** Sends QUIT, then waits for the server to close (at most the ping timeout) and completes {@code done}. */
    void quit(String reason, LoopFuture<Void> done) {
        quitting = done;
        ping();   // its PONG confirms the lines in flight before the server closes
        write(IrcMessage.of("QUIT", reason.isEmpty() ? "LoopChat" : reason));
        TimerHandle limit = loop.callLater(client.config().pingTimeout(), () -> lost("no reply to QUIT"));
        done.whenComplete((v, e) -> limit.cancel());
    }

    /** Drops the connection now, reporting nothing. */
    void abort() {
        if (!closed) {
            closed = true;
            stop();
        }
    }

    private void stop() {
        if (keepalive != null) {
            keepalive.cancel();
        }
        transport.abort();
        if (quitting != null) {
            quitting.complete(null);
        }
    }

    private void lost(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        client.onLost(this, reason);
    }

    @Override
    public void heard() {
        lastReceived = loop.time();
    }

    @Override
    public void line(String line) {
        onLine(line);
    }

    @Override
    public void ended(String reason) {
        lost(reason);
    }

    /** The parameters each command needs before {@link #handle} may read them. */
    private static final Map<String, Integer> MIN_PARAMS = Map.ofEntries(Map.entry("JOIN", 1), Map.entry("PART", 1),
            Map.entry("KICK", 2), Map.entry("NICK", 1), Map.entry("TOPIC", 2), Map.entry("PRIVMSG", 2),
            Map.entry("NOTICE", 2), Map.entry("332", 3), Map.entry("353", 3), Map.entry("366", 2), Map.entry("001", 1),
            Map.entry("CAP", 2));

    /** Commands that say what someone did: without a source there is nobody to show. */
    private static final Set<String> NEED_SOURCE = Set.of("JOIN", "PART", "KICK", "NICK", "QUIT", "TOPIC");

    /** What is wrong with {@code m} for this client to show it, or null when nothing is. */
    private static String malformed(IrcMessage m) {
        int needed = MIN_PARAMS.getOrDefault(m.command(), 0);
        if (m.params().size() < needed) {
            return m.command() + " needs " + needed + " parameters";
        }
        boolean numeric = Character.isDigit(m.command().charAt(0));
        if (!numeric && needed > 0 && m.param(0).isEmpty() || m.command().equals("KICK") && m.param(1).isEmpty()) {
            return m.command() + " with an empty target";
        }
        if (NEED_SOURCE.contains(m.command()) && m.sourceNick().isEmpty()) {
            return m.command() + " without a source";
        }
        return null;
    }

    private static Instant serverTime(IrcMessage message) {
        String time = message.tags().get("time");
        if (time == null) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException malformed) {
            return null;
        }
    }

    private void scheduleKeepalive() {
        keepalive = loop.callLater(client.config().pingInterval(), () -> {
            if (closed) {
                return;
            }
            long silent = loop.time() - lastReceived;
            if (silent >= client.config().pingTimeout().toNanos()) {
                lost("ping timeout: nothing from the server for " + Duration.ofNanos(silent).toSeconds() + " s");
                return;
            }
            if (registered) {
                ping();
            }
            scheduleKeepalive();
        });
    }

    private void onLine(String line) {
        if (closed) {
            return;
        }
        IrcMessage message = IrcMessage.parse(line).orElse(null);
        if (message == null) {
            return;
        }
        String malformed = malformed(message);
        if (malformed != null) {
            client.error(ChatEntry.SERVER, "Ignored a malformed line from the server (" + malformed + "): " + line);
            return;
        }
        messageTime = serverTime(message);
        try {
            handle(message);
        } catch (RuntimeException e) {
            // A line this client cannot make sense of must not stop it reading the next one.
            loop.reportError(e, "ChatClient: handling " + line);
        }
        client.emit(l -> l.messageReceived(message));
    }

    private void handle(IrcMessage m) {
        String self = client.nick();
        String who = m.sourceNick();
        boolean fromSelf = IrcText.fold(who).equals(IrcText.fold(self));
        switch (m.command()) {
            case "PING" -> write(IrcMessage.of("PONG", m.last()));
            case "PONG" -> pong(m.last());
            case "CAP" -> capability(m);
            case "001" -> welcome(m);
            case "432", "433", "436", "437" -> nickRejected(m);
            case "JOIN" -> {
                String channel = m.param(0);
                if (fromSelf) {
                    client.channels.joined(channel, self);
                    client.setActiveIfNone(channel);
                } else {
                    client.channels.memberJoined(channel, who);
                }
                received(channel, ChatEntry.Kind.JOIN, who, "");
            }
            case "PART" -> {
                String channel = m.param(0);
                received(channel, ChatEntry.Kind.PART, who, m.params().size() > 1 ? m.last() : "");
                if (fromSelf) {
                    client.channels.removed(channel);
                } else {
                    client.channels.memberLeft(channel, who);
                }
            }
            case "KICK" -> {
                String channel = m.param(0);
                String victim = m.param(1);
                received(channel, ChatEntry.Kind.KICK, victim, "by " + who + ": " + m.param(2));
                if (IrcText.fold(victim).equals(IrcText.fold(self))) {
                    client.wantedChannels.remove(IrcText.fold(channel));
                    client.channels.removed(channel);
                } else {
                    client.channels.memberLeft(channel, victim);
                }
            }
            case "QUIT" -> {
                for (String channel : client.channels.quit(who)) {
                    received(channel, ChatEntry.Kind.QUIT, who, m.last());
                }
            }
            case "NICK" -> {
                String to = m.param(0);
                if (fromSelf) {
                    client.setNick(to);
                    client.wantedNick = to;
                }
                List<String> where = client.channels.renamed(who, to);
                for (String channel : where) {
                    received(channel, ChatEntry.Kind.NICK, who, to);
                }
                if (where.isEmpty() && fromSelf) {
                    received(ChatEntry.SERVER, ChatEntry.Kind.NICK, who, to);
                }
            }
            case "TOPIC" -> {
                client.channels.topic(m.param(0), m.last());
                received(m.param(0), ChatEntry.Kind.TOPIC, who, m.last());
            }
            case "332" -> {
                client.channels.topic(m.param(1), m.last());
                received(m.param(1), ChatEntry.Kind.TOPIC, "", m.last());
            }
            case "353" -> client.channels.names(m.param(m.params().size() - 2), Arrays.asList(m.last().split(" ")));
            case "366" -> client.channels.namesEnd(m.param(1));
            case "PRIVMSG", "NOTICE" -> text(m, who);
            case "ERROR" -> client.error(ChatEntry.SERVER, "Server: " + m.last());
            default -> numeric(m);
        }
    }

    /** A RECEIVED entry stamped with the message's {@code time} tag (IRCv3 server-time) when it has one. */
    private void received(String target, ChatEntry.Kind kind, String who, String text) {
        client.addEntry(target, kind, who, text, ChatEntry.Status.RECEIVED, messageTime);
    }

    private void pong(String token) {
        if (!token.startsWith("lb-")) {
            return;
        }
        long seq;
        try {
            seq = Long.parseLong(token.substring(3));
        } catch (NumberFormatException notOurs) {
            return;
        }
        Long sent = pings.remove(seq);
        if (sent == null) {
            return;
        }
        pings.keySet().removeIf(older -> older < seq);
        client.setLag(Duration.ofNanos(loop.time() - sent));
        client.outbox.acknowledge(seq);
    }

    private void capability(IrcMessage m) {
        if (registered) {
            return;
        }
        String sub = ChatClient.lower(m.param(1));
        switch (sub) {
            case "ls" -> {
                for (String cap : m.last().split(" ")) {
                    int eq = cap.indexOf('=');
                    if (!cap.isEmpty()) {
                        String name = eq < 0 ? cap : cap.substring(0, eq);
                        offeredCaps.add(name);
                        if (name.equals(Outbox.DEDUP_CAP) && eq > 0) {
                            dedupBoot = cap.substring(eq + 1);
                        }
                    }
                }
                if (m.params().size() > 3 && m.param(2).equals("*")) {
                    return;
                }
                Set<String> request = new LinkedHashSet<>(offeredCaps);
                request.retainAll(WANTED_CAPS);
                if (!request.contains("message-tags")) {
                    request.remove(Outbox.DEDUP_CAP);   // its id travels in a tag
                }
                if (request.isEmpty()) {
                    write(IrcMessage.of("CAP", "END"));
                } else {
                    write(IrcMessage.of("CAP", "REQ", String.join(" ", request)));
                }
            }
            case "ack" -> {
                enabledCaps.addAll(Arrays.asList(m.last().split(" ")));
                write(IrcMessage.of("CAP", "END"));
            }
            case "nak" -> write(IrcMessage.of("CAP", "END"));
            default -> {
            }
        }
    }

    private void welcome(IrcMessage m) {
        registered = true;
        client.setNick(m.param(0));
        client.info(ChatEntry.SERVER, m.last());
        for (String channel : client.wantedChannels.values()) {
            write(IrcMessage.of("JOIN", channel));
        }
        client.onRegistered(this);
    }

    private void nickRejected(IrcMessage m) {
        if (registered) {
            client.error(ChatEntry.SERVER, m.param(1) + ": " + m.last());
            return;
        }
        nickAttempts++;
        String base = client.wantedNick;
        String candidate = switch (nickAttempts) {
            case 1 -> base + "_";
            case 2 -> base + "__";
            default -> base.substring(0, Math.min(base.length(), 9)) + (1000 + client.random().nextInt(9000));
        };
        client.info(ChatEntry.SERVER, "Nick " + m.param(1) + " is taken or invalid; trying " + candidate);
        client.setNick(candidate);
        write(IrcMessage.of("NICK", candidate));
    }

    private void text(IrcMessage m, String who) {
        String target = m.param(0);
        String text = m.last();
        boolean notice = m.command().equals("NOTICE");
        boolean fromServer = m.source() == null || (m.source().indexOf('!') < 0 && m.source().indexOf('@') < 0);
        String conversation = IrcText.isChannel(target) ? target : fromServer ? ChatEntry.SERVER : who;
        ChatEntry.Kind kind = notice ? ChatEntry.Kind.NOTICE : ChatEntry.Kind.MESSAGE;
        if (text.length() >= 2 && text.charAt(0) == '\u0001') {
            int end = text.lastIndexOf('\u0001');
            String ctcp = end > 0 ? text.substring(1, end) : text.substring(1);
            if (!ctcp.startsWith("ACTION ") && !ctcp.equals("ACTION")) {
                return;
            }
            kind = ChatEntry.Kind.ACTION;
            text = ctcp.length() > 7 ? ctcp.substring(7) : "";
        }
        received(conversation, kind, who, text);
    }

    private void numeric(IrcMessage m) {
        String command = m.command();
        if (command.length() != 3 || !Character.isDigit(command.charAt(0))) {
            return;
        }
        String detail = String.join(" ", m.params().subList(Math.min(1, m.params().size()), m.params().size()));
        if (command.charAt(0) == '4' || command.charAt(0) == '5') {
            if (command.equals("421") && m.param(1).equalsIgnoreCase("CAP")) {
                write(IrcMessage.of("CAP", "END"));
                return;
            }
            String about = m.param(1);
            String target = IrcText.isChannel(about) && client.channels.contains(about) ? about : ChatEntry.SERVER;
            client.error(target, detail);
        } else if (!command.equals("333") && !command.equals("366") && !command.equals("329")) {
            client.info(ChatEntry.SERVER, detail);
        }
    }
}
