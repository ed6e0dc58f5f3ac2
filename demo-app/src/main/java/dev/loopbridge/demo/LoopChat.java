package dev.loopbridge.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.EventLoops;
import dev.loopbridge.core.TlsOptions;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.client.ServerAddress;
import dev.loopbridge.demo.server.ChatServer;
import dev.loopbridge.demo.server.ServerConfig;

/**
 * LoopChat's entry point: the embedded server, the terminal client, or the graphical one.
 *
 * <pre>
 *   LoopChat                                 embedded server on a free port + the JavaFX client;
 *                                            the web client's address printed on stdout
 *   LoopChat --swing                         ... the Swing client instead
 *   LoopChat --both                          ... the JavaFX and Swing clients side by side
 *   LoopChat --server [--port N]             only the server (headless), until killed
 *            [--max-clients N] [--max-clients-per-host N] [--tls-keystore FILE.p12 [--tls-password PW]]
 *   LoopChat --cli [--connect HOST:PORT]     terminal client: stdin lines in, channel messages out
 *   options: --connect HOST:PORT or ws://HOST:PORT/PATH or wss://... (instead of the embedded server),
 *            --origin URL (with ws[s]://), --tls, --nick NAME, --channel NAME
 * </pre>
 *
 * <p>Unknown or malformed options print the usage to stderr and exit with 2. The graphical modes
 * go through {@link Gui#installed()}.
 */
public final class LoopChat {

    /** Exit code for bad command-line options. */
    public static final int EXIT_USAGE = 2;

    /** Exit code of the terminal client when a line it was given was not confirmed by the server. */
    public static final int EXIT_UNDELIVERED = 3;

    /** How long the terminal client waits at the end of its input for its lines to be delivered. */
    static final Duration DELIVERY_WAIT = Duration.ofSeconds(60);

    static final String USAGE = """
            usage: loopchat [--server [--port N] [--max-clients N] [--max-clients-per-host N]
                                     [--tls-keystore FILE.p12 [--tls-password PW]]]
                            [--cli | --swing | --both] [--connect HOST:PORT | ws[s]://HOST:PORT/PATH [--origin URL]] [--tls]
                            [--nick NAME] [--channel NAME]
              (no mode)           the embedded server on a free port and the JavaFX client connected to it;
                                  prints the server's web client address (open it in a browser)
              --swing             the Swing client instead of the JavaFX one
              --both              the JavaFX and the Swing client side by side (two users)
              --cli               the terminal client: lines from stdin are sent, channel messages printed;
                                  exits with 3, naming each line, when a line could not be delivered
              --server            only the embedded server, headless, until killed (port 6667 or --port);
                                  with --cli, --swing or --both: the embedded server on --port, and that client
              --port N            the server's port (0-65535; 0 for a free one), with --server
              --max-clients N     the server's connection limit (default 100), with --server
              --max-clients-per-host N
                                  the server's connection limit per IP address (default 10; on loopback
                                  every client is 127.0.0.1), with --server
              --tls-keystore FILE the server speaks TLS only, with the key and certificate in this PKCS#12
                                  file (keytool -genkeypair -storetype PKCS12, or openssl pkcs12 -export),
                                  with --server alone
              --tls-password PW   the key store's password (default: $LOOPCHAT_TLS_PASSWORD, else none)
              --connect HOST:PORT a remote server instead of the embedded one
              --connect ws://HOST:PORT/PATH
                                  ... reached over a WebSocket (IRCv3 text.ircv3.net / binary.ircv3.net);
                                  wss:// for a WebSocket over TLS, verifying the server's certificate
              --origin URL        with --connect ws[s]://: the Origin header of the handshake (default none;
                                  InspIRCd 3 refuses a handshake without one)
              --tls               with --connect HOST:PORT: connect with TLS, verifying the server's certificate
              --nick NAME         the nick (default: a random loopNNNN)
              --channel NAME      the channel to join (default: #loopchat)
            """;

    /** The parsed command line. */
    record Options(Mode mode, boolean server, Integer port, ServerAddress connect, String origin, boolean tls,
                   String nick, String channel, ServerFlags serverFlags) {
        enum Mode { JAVAFX, SWING, BOTH, CLI, SERVER_ONLY }
    }

    /**
     * What {@code --server} takes beyond the port.
     *
     * @param maxClients        {@code --max-clients}, or null for the default
     * @param maxClientsPerHost {@code --max-clients-per-host}, or null for the default
     * @param keystore          {@code --tls-keystore}, or null for plain TCP
     * @param password          {@code --tls-password}, or null
     */
    record ServerFlags(Integer maxClients, Integer maxClientsPerHost, Path keystore, String password) {

        /** {@code base} with these options applied; reads the key store. */
        ServerConfig apply(ServerConfig base) {
            ServerConfig config = base;
            if (maxClients != null) {
                config = config.withMaxClients(maxClients);
            }
            if (maxClientsPerHost != null) {
                config = config.withMaxClientsPerHost(maxClientsPerHost);
            }
            if (keystore != null) {
                config = config.withTls(TlsOptions.server(serverContext(keystore, password)));
            }
            return config;
        }
    }

    private LoopChat() {
    }

    /** Runs LoopChat; exits the JVM with the mode's exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs LoopChat with the given streams and returns the exit code (what tests call). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, Gui.installed());
    }

    /** As {@link #run(String[], InputStream, PrintStream, PrintStream)}, the graphical modes shown by {@code gui}. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Gui gui) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("loopchat: " + e.getMessage());
            err.print(USAGE);
            return EXIT_USAGE;
        }
        return switch (options.mode()) {
            case SERVER_ONLY -> runServer(options, out, err);
            // The terminal client's stdout is the chat: there the server's addresses go to stderr.
            case CLI -> runWithServer(options, err, err, config -> runCli(config, in, out, err));
            case JAVAFX -> runWithServer(options, out, err, config -> gui.run(Gui.Toolkit.JAVAFX, config, err));
            case SWING -> runWithServer(options, out, err, config -> gui.run(Gui.Toolkit.SWING, config, err));
            case BOTH -> runWithServer(options, out, err, config -> gui.run(Gui.Toolkit.BOTH, config, err));
        };
    }

    static Options parse(String[] args) {
        boolean server = false;
        boolean cli = false;
        boolean swing = false;
        boolean both = false;
        boolean tls = false;
        Integer port = null;
        ServerAddress connect = null;
        String origin = null;
        String nick = "loop" + ThreadLocalRandom.current().nextInt(1000, 10000);
        String channel = "#loopchat";
        Integer maxClients = null;
        Integer maxClientsPerHost = null;
        Path keystore = null;
        String password = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--server" -> server = true;
                case "--cli" -> cli = true;
                case "--swing" -> swing = true;
                case "--both" -> both = true;
                case "--tls" -> tls = true;
                case "--port" -> {
                    String value = value(args, ++i, arg);
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port: \"" + value + "\" is not a number (expected: 0-65535)");
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port: " + port + " (expected: 0-65535)");
                    }
                }
                case "--max-clients" -> maxClients = positive(value(args, ++i, arg), arg);
                case "--max-clients-per-host" -> maxClientsPerHost = positive(value(args, ++i, arg), arg);
                case "--tls-keystore" -> keystore = Path.of(value(args, ++i, arg));
                case "--tls-password" -> password = value(args, ++i, arg);
                case "--connect" -> {
                    String value = value(args, ++i, arg);
                    try {
                        connect = ServerAddress.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--connect: " + e.getMessage(), e);
                    }
                }
                case "--origin" -> origin = value(args, ++i, arg);
                case "--nick" -> {
                    nick = value(args, ++i, arg);
                    if (nick.isEmpty() || nick.chars().anyMatch(c -> c <= ' ' || c == ':' || c == ',' || c == '#')) {
                        throw new IllegalArgumentException("--nick: \"" + nick + "\" (expected: no spaces, ':', ',' or '#')");
                    }
                }
                case "--channel" -> {
                    channel = value(args, ++i, arg);
                    if (!channel.startsWith("#") && !channel.startsWith("&")) {
                        channel = "#" + channel;
                    }
                    if (channel.length() < 2 || channel.chars().anyMatch(c -> c <= ' ' || c == ',' || c == ':')) {
                        throw new IllegalArgumentException("--channel: \"" + channel + "\" (expected: #name without spaces or ',')");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option \"" + arg + "\"");
            }
        }
        if (cli && swing) {
            throw new IllegalArgumentException("--cli and --swing exclude each other");
        }
        if (both && (cli || swing)) {
            throw new IllegalArgumentException("--both excludes --cli and --swing");
        }
        if (port != null && !server) {
            throw new IllegalArgumentException("--port goes with --server");
        }
        if (server && port == null && (cli || swing || both)) {
            port = 0;
        }
        if ((maxClients != null || maxClientsPerHost != null || keystore != null) && !server) {
            throw new IllegalArgumentException("--max-clients, --max-clients-per-host and --tls-keystore go with --server");
        }
        if (keystore != null && (cli || swing || both)) {
            throw new IllegalArgumentException("--tls-keystore goes with --server alone (the clients here would not trust it)");
        }
        if (password != null && keystore == null) {
            throw new IllegalArgumentException("--tls-password goes with --tls-keystore");
        }
        if (server && connect != null) {
            throw new IllegalArgumentException("--server and --connect exclude each other");
        }
        if (tls && connect == null) {
            throw new IllegalArgumentException("--tls goes with --connect (the embedded server speaks plain TCP)");
        }
        if (tls && connect.isWebSocket()) {
            throw new IllegalArgumentException("--tls goes with --connect HOST:PORT (for a WebSocket over TLS: --connect "
                    + "wss://" + connect.toString().replaceFirst("^wss?://", "") + ")");
        }
        if (origin != null && (connect == null || !connect.isWebSocket())) {
            throw new IllegalArgumentException("--origin goes with --connect ws://HOST:PORT/PATH or wss://...");
        }
        if (origin != null) {
            try {
                ChatConfig.of(connect, nick).withWebSocketOrigin(origin);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--origin: " + e.getMessage(), e);
            }
        }
        Options.Mode mode = cli ? Options.Mode.CLI : swing ? Options.Mode.SWING : both ? Options.Mode.BOTH
                : server ? Options.Mode.SERVER_ONLY : Options.Mode.JAVAFX;
        ServerFlags serverFlags = new ServerFlags(maxClients, maxClientsPerHost, keystore,
                password != null ? password : System.getenv("LOOPCHAT_TLS_PASSWORD"));
        return new Options(mode, server, port, connect, origin, tls, nick, channel, serverFlags);
    }

    private static int positive(String value, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": \"" + value + "\" (expected: a number >= 1)");
    }

    /** An SSLContext with the key and certificate of a PKCS#12 key store, for the server side. */
    static SSLContext serverContext(Path keystore, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try {
            KeyStore store = KeyStore.getInstance(keystore.toFile(), secret);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the key store " + keystore + " (expected: a PKCS#12 file"
                    + " with a key and its certificate, and its password in --tls-password or"
                    + " $LOOPCHAT_TLS_PASSWORD): " + e.getMessage(), e);
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int runServer(Options options, PrintStream out, PrintStream err) {
        return runServer(options, out, err, new CompletableFuture<Void>());   // until the process is killed
    }

    /** The server-only mode, until {@code stop} completes (tests stop it; the command line never does). */
    static int runServer(Options options, PrintStream out, PrintStream err, CompletableFuture<?> stop) {
        EventLoop loop = EventLoops.newDefault();
        try {
            ServerConfig config = options.serverFlags().apply(ServerConfig.defaults())
                    .withPort(options.port() == null ? 6667 : options.port());
            ChatServer server = loop.runUntilComplete(ChatServer.start(loop, config));
            out.println("LoopChat server listening on 127.0.0.1:" + loop.runUntilComplete(loop.submit(server::port))
                    + (config.tls() != null ? " (TLS)" : ""));
            out.println("LoopChat web client: " + loop.runUntilComplete(loop.submit(server::webClientUrl)));
            out.flush();
            loop.runUntilComplete(stop);
            return 0;
        } catch (RuntimeException e) {
            err.println("loopchat: cannot start the server: " + e.getMessage());
            return 1;
        } finally {
            loop.close();
        }
    }

    /**
     * Starts the embedded server unless {@code --connect} was given, then runs {@code client}. The
     * server's address and its web client's go to {@code addresses}: stdout for the windows, where
     * a user reads them, stderr for the terminal client, whose stdout is the chat.
     */
    private static int runWithServer(Options options, PrintStream addresses, PrintStream err,
                                     java.util.function.ToIntFunction<ChatConfig> client) {
        if (options.connect() != null) {
            ChatConfig config = ChatConfig.of(options.connect(), options.nick())
                    .withChannels(List.of(options.channel())).withWebSocketOrigin(options.origin());
            return client.applyAsInt(options.tls() ? config.withTls(TlsOptions.client()) : config);
        }
        EventLoop serverLoop = EventLoops.newDefault();
        try {
            int wanted = options.port() == null ? 0 : options.port();
            ServerConfig serverConfig = options.serverFlags().apply(ServerConfig.defaults()).withPort(wanted);
            ChatServer server = serverLoop.runUntilComplete(ChatServer.start(serverLoop, serverConfig));
            int port = serverLoop.runUntilComplete(serverLoop.submit(server::port));
            addresses.println("loopchat: embedded server on 127.0.0.1:" + port);
            addresses.println("loopchat: web client at " + serverLoop.runUntilComplete(serverLoop.submit(server::webClientUrl)));
            addresses.flush();
            return client.applyAsInt(ChatConfig.of("127.0.0.1", port, options.nick())
                    .withChannels(List.of(options.channel())));
        } catch (RuntimeException e) {
            err.println("loopchat: cannot start the embedded server: " + e.getMessage());
            return 1;
        } finally {
            serverLoop.close();
        }
    }

    /**
     * The terminal client: each stdin line is submitted as if typed; messages in channels and
     * private messages go to {@code out} as {@code [#channel] <nick> text}; server information and
     * errors go to {@code err}. At end of input or {@code /quit} it waits (at most a minute)
     * until every typed line is delivered, then quits. Returns 0 when every line was confirmed,
     * else {@link #EXIT_UNDELIVERED} after one {@code loopchat: not delivered} line on {@code err}
     * per line that was not (the server unreachable, the certificate refused, the connection lost).
     */
    static int runCli(ChatConfig config, InputStream in, PrintStream out, PrintStream err) {
        return runCli(config, in, out, err, EventLoops.newDefault(), DELIVERY_WAIT);
    }

    /** As above, on {@code loop} (closed at the end), waiting {@code deliveryWait} for delivery. */
    static int runCli(ChatConfig config, InputStream in, PrintStream out, PrintStream err, EventLoop loop,
                      Duration deliveryWait) {
        try {
            ChatClient client = loop.runUntilComplete(loop.submit(() -> {
                ChatClient c = new ChatClient(loop, config);
                c.addListener(new CliPrinter(out, err));
                c.start();
                return c;
            }));
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            String reason = "end of input";
            while ((line = reader.readLine()) != null) {
                String typed = line;
                if (typed.equals("/quit") || typed.startsWith("/quit ")) {
                    // In a script, /quit means: after what was typed before it is delivered.
                    reason = typed.length() > 6 ? typed.substring(6) : "bye";
                    break;
                }
                if (loop.runUntilComplete(loop.submit(() -> {
                    client.submit(typed);
                    return client.state() == ConnectionState.CLOSED;
                }))) {
                    break;
                }
            }
            loop.runUntilComplete(loop.submit(() -> client.whenDelivered()
                    .orTimeout(deliveryWait.toMillis(), TimeUnit.MILLISECONDS).exceptionally(timeout -> null))
                    .thenCompose(f -> f));
            String goodbye = reason;
            loop.runUntilComplete(loop.submit(() -> client.quit(goodbye)).thenCompose(f -> f));
            List<ChatEntry> undelivered = loop.runUntilComplete(loop.submit(() -> client.log().stream()
                    .filter(e -> e.isOwn() && e.status() != ChatEntry.Status.SENT).toList()));
            for (ChatEntry e : undelivered) {
                err.println("loopchat: not delivered (" + e.status().name().toLowerCase(java.util.Locale.ROOT)
                        + "): [" + e.target() + "] " + e.text());
            }
            err.flush();
            return undelivered.isEmpty() ? 0 : EXIT_UNDELIVERED;
        } catch (IOException e) {
            err.println("loopchat: reading stdin: " + e.getMessage());
            return 1;
        } finally {
            loop.close();
        }
    }

    /** Prints the chat to the terminal: runs on the client's loop thread. */
    private record CliPrinter(PrintStream out, PrintStream err) implements ChatListener {
        CliPrinter {
            Objects.requireNonNull(out);
        }

        @Override
        public void entryAdded(ChatEntry e) {
            if (e.isOwn()) {
                return;
            }
            String where = e.target().equals(ChatEntry.SERVER) ? "" : "[" + e.target() + "] ";
            switch (e.kind()) {
                case MESSAGE -> out.println(where + "<" + e.nick() + "> " + e.text());
                case NOTICE -> out.println(where + "-" + e.nick() + "- " + e.text());
                case ACTION -> out.println(where + "* " + e.nick() + " " + e.text());
                case JOIN -> out.println(where + "--> " + e.nick() + " joined");
                case PART -> out.println(where + "<-- " + e.nick() + " left" + (e.text().isEmpty() ? "" : " (" + e.text() + ")"));
                case QUIT -> out.println(where + "<-- " + e.nick() + " quit (" + e.text() + ")");
                case KICK -> out.println(where + "<-- " + e.nick() + " was kicked " + e.text());
                case NICK -> out.println(where + "--- " + e.nick() + " is now " + e.text());
                case TOPIC -> out.println(where + "--- topic: " + e.text());
                case INFO -> err.println("--- " + e.text());
                case ERROR -> err.println("!!! " + e.text());
            }
            out.flush();
        }

        @Override
        public void entryUpdated(ChatEntry e) {
            if (e.status() == ChatEntry.Status.UNCERTAIN) {
                err.println("!!! not confirmed (the connection dropped): " + e.text());
            }
        }

        @Override
        public void stateChanged(ConnectionState state) {
            err.println("--- " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

}
