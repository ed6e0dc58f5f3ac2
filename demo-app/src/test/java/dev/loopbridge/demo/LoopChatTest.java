package dev.loopbridge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.it.TestServerAccess;

/** The command line: options, usage errors, the terminal client end to end, and the GUI hook. */
class LoopChatTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return LoopChat.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "--port 6667", "--server --port abc", "--server --port 70000", "--connect nohost",
        "--connect host:0", "--connect", "--nick", "--nick a:b", "--tls", "--cli --swing", "--both --cli", "--both --swing", "--server --connect h:1",
        "--channel #a,b"})
    void unknownOrMalformedOptionsPrintTheUsageAndExitWith2(String args) {
        assertEquals(LoopChat.EXIT_USAGE, run(args.split(" ")));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("usage: loopchat"), printed);
    }

    @Test
    void optionsCombineIntoAMode() {
        LoopChat.Options serverOnly = LoopChat.parse(new String[] {"--server", "--port", "7000"});
        assertEquals(LoopChat.Options.Mode.SERVER_ONLY, serverOnly.mode());
        assertEquals(7000, serverOnly.port());
        LoopChat.Options cliWithServer = LoopChat.parse(new String[] {"--server", "--cli", "--nick", "ada"});
        assertEquals(LoopChat.Options.Mode.CLI, cliWithServer.mode());
        assertEquals(0, cliWithServer.port(), "the embedded server on a free port");
        LoopChat.Options remote = LoopChat.parse(new String[] {"--swing", "--connect", "[::1]:6697", "--tls", "--channel", "loop"});
        assertEquals(LoopChat.Options.Mode.SWING, remote.mode());
        assertEquals("::1", remote.host());
        assertEquals(6697, remote.remotePort());
        assertEquals("#loop", remote.channel());
        assertTrue(remote.tls());
    }

    @Test
    void theGuiModesGoThroughTheGuiHookWithTheirToolkit() {
        assertEquals(Gui.EXIT_NOT_BUILT, runGui("--nick", "ada"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("JAVAFX GUI is not built yet"), err.toString());
        assertEquals(Gui.EXIT_NOT_BUILT, runGui("--swing", "--connect", "127.0.0.1:6667"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("SWING GUI is not built yet"), err.toString());
        assertEquals(Gui.EXIT_NOT_BUILT, runGui("--both"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("BOTH GUI is not built yet"), err.toString());
    }

    private int runGui(String... args) {
        return LoopChat.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8), Gui.NOT_BUILT);
    }

    @Test
    void theTerminalClientSendsStdinLinesAndPrintsChannelMessages() throws Exception {
        try (TestServerAccess.Running server = TestServerAccess.embedded();
             TestServerAccess.Raw bob = server.registered("bob")) {
            bob.send("JOIN #c");
            bob.expect("366");
            PipedOutputStream typing = new PipedOutputStream();
            PipedInputStream stdin = new PipedInputStream(typing);
            Watched out = new Watched();
            CompletableFuture<Integer> cli = CompletableFuture.supplyAsync(() -> LoopChat.run(
                    new String[] {"--cli", "--connect", "127.0.0.1:" + server.port(), "--nick", "term", "--channel", "#c"},
                    stdin, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
            bob.expectFrom("term", "JOIN");
            typing.write("hello from the terminal\n/me types\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            assertEquals("hello from the terminal", bob.expectFrom("term", "PRIVMSG").last());
            assertEquals("\u0001ACTION types\u0001", bob.expectFrom("term", "PRIVMSG").last());
            bob.send("PRIVMSG #c :hi terminal");
            out.await("[#c] <bob> hi terminal");
            typing.close();
            assertEquals(0, cli.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(bob.expectFrom("term", "QUIT").last().contains("end of input"));
        }
    }

    /** An output stream a test can wait on for some text, without polling. */
    private static final class Watched extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private String wanted;
        private CompletableFuture<Void> seen;

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            check();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            check();
        }

        void await(String text) throws Exception {
            CompletableFuture<Void> f;
            synchronized (this) {
                wanted = text;
                seen = new CompletableFuture<>();
                f = seen;
                check();
            }
            try {
                f.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("never printed: " + text + "; printed: " + bytes.toString(StandardCharsets.UTF_8), e);
            }
        }

        private void check() {
            if (seen != null && bytes.toString(StandardCharsets.UTF_8).contains(wanted)) {
                seen.complete(null);
            }
        }

        @Override
        public void close() throws IOException {
        }
    }
}
