package dev.loopbridge.demo.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.demo.internal.Backoff;
import dev.loopbridge.demo.internal.TokenBucket;
import dev.loopbridge.demo.irc.IrcMessage;
import dev.loopbridge.demo.irc.IrcText;

/**
 * An IRC client that stays connected, toolkit-independent: the model a JavaFX, Swing or terminal
 * UI binds to. Everything in this class runs on its loop's thread — the FX Application Thread or
 * the EDT when the loop is a toolkit loop — and every method except {@link #loop()},
 * {@link #config()}, {@link #addListener} and {@link #removeListener} must be called there
 * ({@code IllegalStateException} otherwise; from another thread, hop with
 * {@code loop.execute(() -> client.submit(line))}).
 *
 * <p>What it does: connects over TCP or TLS, or over a WebSocket ({@code ws://} or {@code wss://},
 * the IRCv3 WebSocket binding: see {@link ChatConfig#withServer}), registers (NICK / USER, falling back to another nick
 * on 433), joins the configured channels, answers PINGs and sends its own to measure the lag and
 * notice a dead connection, and reconnects after a loss with exponential backoff and jitter,
 * rejoining its channels. Lines typed while disconnected wait as PENDING and go out in order once
 * registered; how each line's delivery is confirmed (and why a line is sent exactly once across
 * reconnects) is described on {@link ChatEntry.Status}. Outgoing lines pass a token-bucket rate
 * limit, so a pasted page does not get the user kicked for flooding.
 *
 * <p>How a UI binds: {@link #addListener} for events (state, nick, log entries and their status
 * changes, channels and members, lag), the getters for the current state when a view opens,
 * {@link #submit(String)} for what the user typed.
 *
 * <pre>{@code
 * ChatClient client = new ChatClient(loop, ChatConfig.of("127.0.0.1", 6667, "ada")
 *         .withChannels(List.of("#loop")));
 * client.addListener(new ChatListener() {
 *     @Override public void entryAdded(ChatEntry e) { System.out.println(e.nick() + ": " + e.text()); }
 * });
 * client.start();
 * client.submit("hello");            // PRIVMSG #loop :hello (PENDING until registered)
 * client.submit("/me waves");        // CTCP ACTION
 * client.submit("/quit bye");
 * }</pre>
 */
public final class ChatClient implements AutoCloseable {

    /** How many log entries {@link #log()} keeps (older ones are forgotten; listeners saw them). */
    public static final int LOG_LIMIT = 10_000;

    private final EventLoop loop;
    private final ChatConfig config;
    private final List<ChatListener> listeners = new CopyOnWriteArrayList<>();
    private final Connector connector;
    private final Random random;
    final Outbox outbox;
    final ChannelBook channels;
    // Guarded by: the loop thread. Channels to be in, by folded name: rejoined after reconnecting.
    final Map<String, String> wantedChannels = new LinkedHashMap<>();
    // Guarded by: the loop thread. The recent log, by entry id.
    private final Map<Long, ChatEntry> log = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ChatEntry> eldest) {
            return size() > LOG_LIMIT;
        }
    };

    // Guarded by: the loop thread. DISCONNECTED -> CONNECTING -> REGISTERING -> CONNECTED ->
    // WAITING -> CONNECTING ...; CLOSED is final (see ConnectionState).
    private ConnectionState state = ConnectionState.DISCONNECTED;
    // Guarded by: the loop thread. The nick the server knows us by (the wanted one before 001).
    private String nick;
    // Guarded by: the loop thread. The nick to register with (changes with /nick).
    String wantedNick;
    // Guarded by: the loop thread. Where plain typed text goes; null until a channel is joined.
    private String activeTarget;
    private Duration lag;
    private long nextEntryId = 1;
    private long nextCid;
    // Unique per client instance (not from the seeded jitter: two clients must never share ids).
    private final String cidPrefix = java.util.UUID.randomUUID().toString().replace("-", "") + "-";

    /** A client for {@code config} on {@code loop}, opening real connections; call {@link #start()}. */
    public ChatClient(EventLoop loop, ChatConfig config) {
        this(loop, config, Dialer.of(loop));
    }

    /**
     * A client that opens its TCP and TLS connections through {@code dialer} (tests pass an
     * in-memory one); WebSockets ({@code ws://}, {@code wss://} servers) are opened on the loop.
     */
    public ChatClient(EventLoop loop, ChatConfig config, Dialer dialer) {
        this(loop, config, dialer, WebSocketDialer.of(loop));
    }

    /** A client that opens its connections through these dialers (tests in this package). */
    ChatClient(EventLoop loop, ChatConfig config, Dialer dialer, WebSocketDialer webSocketDialer) {
        this.loop = loop;
        this.config = config;
        this.random = new Random(config.jitterSeed());
        this.connector = new Connector(this, dialer, webSocketDialer, new Backoff(config.reconnectInitial(), config.reconnectMax(), random));
        this.outbox = new Outbox(loop, new TokenBucket(config.rateBurst(), config.rateInterval().toNanos(), loop.time()),
                this::updateEntry);
        this.channels = new ChannelBook(
                info -> emit(l -> l.channelChanged(info)),
                name -> emit(l -> l.channelRemoved(name)));
        this.nick = config.nick();
        this.wantedNick = config.nick();
        for (String channel : config.channels()) {
            wantedChannels.put(IrcText.fold(channel), channel);
        }
        this.activeTarget = config.channels().isEmpty() ? null : config.channels().get(0);
    }

    // ---------------------------------------------------------------- state a UI reads

    /** The loop everything runs on (any thread may call this). */
    public EventLoop loop() {
        return loop;
    }

    /** The configuration (any thread may call this). */
    public ChatConfig config() {
        return config;
    }

    /** The connection state. */
    public ConnectionState state() {
        checkLoop("state");
        return state;
    }

    /** The current nick. */
    public String nick() {
        checkLoop("nick");
        return nick;
    }

    /** The channels the client shows, in join order. */
    public List<ChannelInfo> channels() {
        checkLoop("channels");
        return channels.snapshots();
    }

    /** The channel named {@code name} (any case), if the client shows it. */
    public Optional<ChannelInfo> channel(String name) {
        checkLoop("channel");
        return Optional.ofNullable(channels.get(name));
    }

    /** The last {@link #LOG_LIMIT} log entries, oldest first, each in its latest status. */
    public List<ChatEntry> log() {
        checkLoop("log");
        return new ArrayList<>(log.values());
    }

    /** The last measured round trip to the server, empty until one was measured. */
    public Optional<Duration> lag() {
        checkLoop("lag");
        return Optional.ofNullable(lag);
    }

    /** Where plain typed text goes (the last joined or chosen channel or nick), if anywhere. */
    public Optional<String> activeTarget() {
        checkLoop("activeTarget");
        return Optional.ofNullable(activeTarget);
    }

    /** Chooses where plain typed text goes (a UI calls this when the user picks a channel tab). */
    public void setActiveTarget(String target) {
        checkLoop("setActiveTarget");
        this.activeTarget = target;
    }

    /** How many typed lines wait for a connection or the rate limit. */
    public int pendingCount() {
        checkLoop("pendingCount");
        return outbox.queuedCount();
    }

    /**
     * A future completed on the loop once every line typed so far has left the queue: SENT, or
     * given up (UNCERTAIN, DROPPED). While disconnected it waits; bound it with {@code orTimeout}.
     */
    public LoopFuture<Void> whenDelivered() {
        checkLoop("whenDelivered");
        return outbox.settled();
    }

    /** Adds a listener (any thread); it hears only what happens from now on (read the getters for now). */
    public void addListener(ChatListener listener) {
        listeners.add(listener);
    }

    /** Removes a listener. */
    public void removeListener(ChatListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- what a UI calls

    /**
     * Connects, and keeps connecting until {@link #quit} or {@link #close}.
     *
     * @throws IllegalStateException if already started, or not on the loop thread
     */
    public void start() {
        checkLoop("start");
        if (state != ConnectionState.DISCONNECTED) {
            throw new IllegalStateException("start: the client is " + state + " (expected: DISCONNECTED; start once)");
        }
        connector.connect();
    }

    /**
     * Handles one line the user typed: a command ({@code /join #c}, {@code /part [#c] [reason]},
     * {@code /nick name}, {@code /msg target text}, {@code /me action}, {@code /topic [text]},
     * {@code /names}, {@code /quit [reason]}), or text for the active channel ({@code //} sends a
     * line starting with {@code /}). CR, LF and NUL in the line are replaced by spaces; a long text
     * is split into several messages. Mistakes become ERROR entries, never exceptions.
     */
    public void submit(String input) {
        checkLoop("submit");
        new Commands(this).run(IrcText.clean(input));
    }

    /**
     * Sends {@code text} to {@code target} (a channel or a nick), split to fit IRC's line limit:
     * one PENDING log entry per piece, returned in order.
     */
    public List<ChatEntry> say(String target, String text) {
        checkLoop("say");
        return sendText(target, IrcText.clean(text), false);
    }

    /** Sends a CTCP ACTION ({@code /me}) to {@code target}. */
    public List<ChatEntry> act(String target, String text) {
        checkLoop("act");
        return sendText(target, IrcText.clean(text), true);
    }

    /** Joins {@code channel} (now or after reconnecting) and makes it the active target. */
    public void join(String channel) {
        checkLoop("join");
        wantedChannels.put(IrcText.fold(channel), channel);
        activeTarget = channel;
        if (state.isOnline()) {
            command(IrcMessage.of("JOIN", channel));
        }
    }

    /** Leaves {@code channel}. */
    public void part(String channel, String reason) {
        checkLoop("part");
        wantedChannels.remove(IrcText.fold(channel));
        if (state.isOnline() && channels.contains(channel)) {
            command(reason.isEmpty() ? IrcMessage.of("PART", channel) : IrcMessage.of("PART", channel, reason));
        } else {
            channels.removed(channel);
        }
        String parted = IrcText.fold(channel);
        if (activeTarget != null && IrcText.fold(activeTarget).equals(parted)) {
            // The channel stays listed until the server confirms the PART: not a candidate.
            activeTarget = channels.snapshots().stream().map(ChannelInfo::name)
                    .filter(name -> !IrcText.fold(name).equals(parted)).findFirst().orElse(null);
        }
    }

    /** Asks for a new nick (now, or at the next registration). */
    public void changeNick(String newNick) {
        checkLoop("changeNick");
        wantedNick = newNick;
        if (state.isOnline()) {
            command(IrcMessage.of("NICK", newNick));
        }
    }

    /** Sends a raw command after the lines queued before it (rate-limited, not shown in the log). */
    public void command(IrcMessage message) {
        checkLoop("command");
        outbox.add(new Outbox.Item(message, null, null));
    }

    /** Sends an UNCERTAIN line again; returns false if {@code entryId} is not an UNCERTAIN line. */
    public boolean resend(long entryId) {
        checkLoop("resend");
        return outbox.resend(entryId);
    }

    /**
     * Says goodbye: sends QUIT with {@code reason} after the lines in flight, waits for the server
     * to close (at most the ping timeout), and never reconnects. Lines still PENDING become DROPPED.
     * The future completes on the loop when the connection is closed.
     */
    public LoopFuture<Void> quit(String reason) {
        checkLoop("quit");
        LoopFuture<Void> done = loop.newFuture();
        if (state == ConnectionState.CLOSED) {
            done.complete(null);
            return done;
        }
        Session current = connector.shutdown();
        if (current != null && current.registered()) {
            current.quit(reason, done);
        } else {
            if (current != null) {
                current.abort();
            }
            done.complete(null);
        }
        return done;
    }

    /** Drops the connection at once and never reconnects; PENDING lines become DROPPED. Idempotent. */
    @Override
    public void close() {
        checkLoop("close");
        if (state == ConnectionState.CLOSED) {
            return;
        }
        Session current = connector.shutdown();
        if (current != null) {
            current.abort();
        }
        outbox.abandonInFlight();
    }

    // ---------------------------------------------------------------- package-private: Session calls

    void checkLoop(String method) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("ChatClient." + method + " must be called on the loop thread (loop: "
                    + loop + ", current thread: " + Thread.currentThread().getName()
                    + "); use loop.execute(...) to get there");
        }
    }

    void emit(java.util.function.Consumer<ChatListener> event) {
        for (ChatListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                loop.reportError(e, "ChatListener " + listener);
            }
        }
    }

    ChatEntry addEntry(String target, ChatEntry.Kind kind, String who, String text, ChatEntry.Status status) {
        return addEntry(target, kind, who, text, status, null);
    }

    /** Adds an entry stamped {@code at}, or now when {@code at} is null. */
    ChatEntry addEntry(String target, ChatEntry.Kind kind, String who, String text, ChatEntry.Status status,
                       java.time.Instant at) {
        ChatEntry entry = new ChatEntry(nextEntryId++, at != null ? at : config.clock().instant(), target, kind, who,
                text, status);
        log.put(entry.id(), entry);
        emit(l -> l.entryAdded(entry));
        return entry;
    }

    void info(String target, String text) {
        addEntry(target, ChatEntry.Kind.INFO, "", text, ChatEntry.Status.RECEIVED);
    }

    void error(String target, String text) {
        addEntry(target, ChatEntry.Kind.ERROR, "", text, ChatEntry.Status.RECEIVED);
    }

    void setState(ConnectionState newState) {
        if (state != newState) {
            state = newState;
            emit(l -> l.stateChanged(newState));
        }
    }

    void setNick(String newNick) {
        if (!newNick.equals(nick)) {
            nick = newNick;
            emit(l -> l.nickChanged(newNick));
        }
    }

    void setLag(Duration measured) {
        lag = measured;
        emit(l -> l.lagChanged(measured));
    }

    void setActiveIfNone(String target) {
        if (activeTarget == null) {
            activeTarget = target;
        }
    }

    Random random() {
        return random;
    }

    /** 001 arrived on {@code registered}: online. */
    void onRegistered(Session registered) {
        connector.registered();
        setState(ConnectionState.CONNECTED);
        outbox.attach(registered);
    }

    /** {@code lost} died: forget it and, unless closed, schedule the next attempt. */
    void onLost(Session lost, String reason) {
        if (!connector.forget(lost)) {
            return;
        }
        outbox.detach();
        channels.disconnected();
        if (state == ConnectionState.CLOSED) {
            outbox.dropQueued();
            return;
        }
        connector.scheduleReconnect(reason);
    }

    ConnectionState currentState() {
        return state;
    }

    private List<ChatEntry> sendText(String target, String text, boolean action) {
        if (target == null || target.isEmpty() || target.indexOf(' ') >= 0 || target.startsWith(":")) {
            error(ChatEntry.SERVER, "Cannot send to \"" + target + "\" (expected: a channel or nick)");
            return List.of();
        }
        int nickBytes = Math.max(30, IrcText.utf8Length(nick));
        int budget = IrcText.MAX_LINE_BYTES - 2 - IrcText.RELAY_PREFIX_RESERVE - nickBytes
                - IrcText.utf8Length("PRIVMSG " + target + " :") - (action ? 9 : 0);
        List<ChatEntry> entries = new ArrayList<>();
        for (String piece : IrcText.split(text, Math.max(16, budget))) {
            ChatEntry entry = addEntry(target, action ? ChatEntry.Kind.ACTION : ChatEntry.Kind.MESSAGE, nick, piece,
                    ChatEntry.Status.PENDING);
            String wire = action ? "\u0001ACTION " + piece + "\u0001" : piece;
            String cid = cidPrefix + Long.toHexString(nextCid++);
            outbox.add(new Outbox.Item(IrcMessage.of("PRIVMSG", target, wire), cid, entry));
            entries.add(entry);
        }
        return entries;
    }

    private void updateEntry(ChatEntry entry) {
        log.computeIfPresent(entry.id(), (id, old) -> entry);
        emit(l -> l.entryUpdated(entry));
    }

    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public String toString() {
        return "ChatClient[" + nick + "@" + config.server() + ", " + state + "]";
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
