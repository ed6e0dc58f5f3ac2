package dev.loopbridge.demo.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.client.ServerAddress;

/**
 * InspIRCd from Debian (3.15 on bookworm) as a child process in the foreground, with a generated
 * configuration in a directory under {@code target/}: one loopback port for IRC over TCP and a
 * second with its {@code websocket} module, for the clients under test when {@code overWebSocket}.
 * Test thread only.
 *
 * <p>What InspIRCd 3's WebSocket module asks of a client, read from its source and confirmed by the
 * tests: a handshake without an {@code Origin} header is refused with 400 (a browser always sends
 * one; RFC 6455 lets other clients leave it out), so the clients under test send the origin this
 * configuration allows ({@link #webSocketOrigin()}); and it knows only its own subprotocols
 * ({@code text.inspircd.org}, {@code binary.inspircd.org}; the IRCv3 names came with InspIRCd 4),
 * so it agrees to none of those the client offers and speaks its default, text messages, one line
 * each.
 */
final class Inspircd extends ServerProcess {

    /** The binary Debian installs (in /usr/sbin, not on every user's PATH). */
    private static final Path BINARY = Path.of("/usr/sbin/inspircd");

    private static String version;

    private final boolean overWebSocket;
    private final Path conf;
    private final int port = TestServer.freePort();
    private final int wsPort = TestServer.freePort();

    Inspircd(boolean overWebSocket) {
        super(ServerProcess.newDirectory("inspircd-"), "inspircd.out");
        this.overWebSocket = overWebSocket;
        String v = version();
        try {
            Path motd = dir.resolve("motd.txt");
            Files.writeString(motd, "LoopChat integration test\n");
            conf = dir.resolve("inspircd.conf");
            Files.writeString(conf, configuration(motd));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("LoopChat integration test: " + v + " on 127.0.0.1:" + port
                + (overWebSocket ? ", the clients under test over ws://127.0.0.1:" + wsPort + "/" : ""));
        startAgain();
    }

    /**
     * What {@code inspircd --version} prints, such as {@code InspIRCd-3.15.0-debian}; fails, naming
     * the package, when the binary is missing: a missing peer fails the test, it does not skip it.
     */
    static synchronized String version() {
        if (version == null) {
            if (!Files.isExecutable(BINARY)) {
                throw new IllegalStateException("InspIRCd is not installed: no " + BINARY
                        + " (apt-get install inspircd; .ci/run installs it)");
            }
            try {
                Process p = new ProcessBuilder(BINARY.toString(), "--version").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0
                        || !out.startsWith("InspIRCd-")) {
                    throw new IllegalStateException(BINARY + " --version: \"" + out + "\" (expected: InspIRCd-VERSION)");
                }
                version = out;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + BINARY + " --version", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking InspIRCd its version", e);
            }
        }
        return version;
    }

    /**
     * The configuration: loopback only, no DNS or ident lookups, flood limits far above what the
     * tests send (they burst 20 lines), the same limits on both ports, logs and pid file in
     * {@link #dir}. InspIRCd 3 requires at least one {@code <wsorigin>} when the module is loaded.
     */
    private String configuration(Path motd) {
        return """
                <config format="xml">
                <server name="inspircd.test" description="LoopChat integration test" network="LoopChatTest">
                <admin name="LoopChat tests" nick="loopchat" email="loopchat@localhost">
                <path datadir="%1$s" logdir="%1$s">
                <pid file="%1$s/inspircd.pid">
                <files motd="%2$s">
                <log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="%1$s/ircd.log">
                <bind address="127.0.0.1" port="%3$d" type="clients">
                <bind address="127.0.0.1" port="%4$d" type="clients" hook="websocket">
                <module name="sha1">
                <module name="websocket">
                <websocket defaultmode="text">
                <wsorigin allow="%5$s">
                <connect name="loopchat" allow="127.0.0.1" maxchans="100" timeout="20" pingfreq="120"
                         hardsendq="16M" softsendq="1M" recvq="1M" threshold="100000" commandrate="1000000"
                         fakelag="no" localmax="1000" globalmax="1000" maxconnwarn="no"
                         resolvehostnames="no" useident="no" limit="5000">
                """.formatted(dir, motd, port, wsPort, webSocketOrigin());
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public ServerAddress address() {
        return overWebSocket ? ServerAddress.parse("ws://127.0.0.1:" + wsPort + "/") : super.address();
    }

    /** The one origin {@code <wsorigin allow>} lets in: the WebSocket port's own, as a page served there would send. */
    @Override
    public String webSocketOrigin() {
        return "http://127.0.0.1:" + wsPort;
    }

    @Override
    List<String> command() {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--config", conf.toString(), "--nofork", "--nopid"));
        if ("root".equals(System.getProperty("user.name"))) {
            // InspIRCd refuses to start as root (exit 8) unless told that is meant; CI containers run as root.
            command.add("--runasroot");
        }
        return command;
    }

    @Override
    List<Integer> ports() {
        return List.of(port, wsPort);
    }

    @Override
    String installHint() {
        return "apt-get install inspircd";
    }

    @Override
    public String toString() {
        return overWebSocket ? "InspIRCd over a WebSocket" : "InspIRCd";
    }
}
