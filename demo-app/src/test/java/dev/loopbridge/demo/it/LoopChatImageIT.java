package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.loopbridge.core.tck.TestTimeouts;

/**
 * LoopChat's runtime image (target/loopchat, linked in the package phase) started as a user starts
 * it, {@code bin/loopchat}: it runs, does its job, and the JVM prints no warning on the way
 * (JavaFX on the class path, native access, {@code sun.misc.Unsafe} — each once printed one).
 */
class LoopChatImageIT {

    private static final Pattern SERVER_PORT = Pattern.compile("(?:listening on|embedded server on) 127\\.0\\.0\\.1:(\\d+)");

    private Running running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.stop(true);
        }
    }

    @Test
    void theServerModeAnswersIrcClientsAndPrintsNoWarning() throws Exception {
        running = start("--server", "--port", "0");
        int port = running.port();
        try (RawClient ada = RawClient.registered(port, "ada")) {
            ada.send("JOIN #image");
            ada.expect(m -> m.command().equals("366"));
        }
        // The web client is in the image (bridge-web linked in, the page's resources with it).
        String page = RawWebSocket.exchange(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertTrue(page.startsWith("HTTP/1.1 200 ") && page.contains("<title>LoopChat</title>"), page);
        try (RawWebSocket ws = RawWebSocket.open(port)) {
            ws.sendLines("NICK webimage", "USER w 0 * :w", "QUIT :done");
            assertTrue(ws.readAll().contains(" 001 webimage "), "IRC over WebSocket in the image");
        }
        running.stop(false);
        assertNoWarnings(running.output(), "the server mode");
    }

    @Test
    void theTerminalClientDeliversStdinToItsEmbeddedServerAndExitsCleanly() throws Exception {
        running = start("--cli", "--nick", "term", "--channel", "#image");
        try (OutputStream stdin = running.process.getOutputStream()) {
            stdin.write("hello from the image\n/quit done\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(running.process.waitFor(TestTimeouts.PROGRAM_START.toMillis(), TimeUnit.MILLISECONDS),
                "the terminal client did not quit; printed: " + running.output());
        assertEquals(0, running.process.exitValue(), running.output().toString());
        assertNoWarnings(running.output(), "the terminal client");
    }

    @Test
    void theTerminalClientChatsOverAWebSocketWithTheImagesWebModuleAndExitsCleanly() throws Exception {
        try (WebSocketIrcStandIn standIn = WebSocketIrcStandIn.plain("text.ircv3.net", "binary.ircv3.net")) {
            running = start("--cli", "--connect", "ws://127.0.0.1:" + standIn.port() + "/irc", "--nick", "term",
                    "--channel", "#image");
            try (OutputStream stdin = running.process.getOutputStream()) {
                stdin.write("hello over a WebSocket\n/quit done\n".getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(running.process.waitFor(TestTimeouts.PROGRAM_START.toMillis(), TimeUnit.MILLISECONDS),
                    "the terminal client did not quit; printed: " + running.output());
            assertEquals(0, running.process.exitValue(), running.output().toString());
            assertEquals(List.of("hello over a WebSocket"), standIn.privmsgTexts());
            assertEquals(List.of("text.ircv3.net"), standIn.agreed());
            assertNoWarnings(running.output(), "the terminal client over a WebSocket");
        }
    }

    /** Under Xvfb (the x11 profile): the window opens, the client joins its channel, silently. */
    @Tag("window")
    @ParameterizedTest
    @ValueSource(strings = {"--nick fxuser", "--swing --nick swuser"})
    void theGraphicalClientJoinsItsChannelAndPrintsNoWarning(String args) throws Exception {
        String[] options = args.split(" ");
        String nick = options[options.length - 1];
        boolean javafx = !args.contains("--swing");
        running = startWithJavaOptions(javafx ? "-Dorg.slf4j.simpleLogger.log.dev.loopbridge.demo.fx=debug" : null, options);
        try (RawClient bob = RawClient.registered(running.port(), "bob")) {
            bob.send("JOIN #loopchat");
            // The client joins after its window is up: by then the toolkit has loaded its native
            // code and rendered, which is when the warnings used to come.
            bob.expect(m -> m.command().equals("JOIN") && nick.equals(m.sourceNick()));
            bob.send("PRIVMSG #loopchat :hello " + nick);
            bob.send("PING :drawn");
            bob.expect(m -> m.command().equals("PONG"));
        }
        if (javafx) {
            // JavaFX's renderer (Marlin) used sun.misc.Unsafe on its first frame: wait for that frame.
            running.awaitLine(line -> line.contains("window drawn"));
        }
        running.stop(false);
        assertNoWarnings(running.output(), "the client " + args);
    }

    private static void assertNoWarnings(List<String> output, String what) {
        List<String> warnings = output.stream().filter(line -> line.contains("WARNING")).toList();
        assertTrue(warnings.isEmpty(), what + " printed warnings: " + warnings + "; all it printed: " + output);
    }

    private static Running start(String... args) throws IOException {
        return startWithJavaOptions(null, args);
    }

    /** Starts the image's launcher with {@code args}, and {@code javaOptions} (if not null) for its JVM. */
    private static Running startWithJavaOptions(String javaOptions, String... args) throws IOException {
        Path image = Path.of(System.getProperty("loopchat.image", "target/loopchat"));
        Path launcher = image.resolve("bin").resolve("loopchat");
        assertTrue(Files.isExecutable(launcher), "no runtime image at " + image + " (built in the package phase)");
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");   // the JVM would print a note about it
        builder.environment().remove("JDK_JAVA_OPTIONS");
        if (javaOptions != null) {
            builder.environment().put("JDK_JAVA_OPTIONS", javaOptions);   // the launcher notes it, not a warning
        }
        return new Running(builder.start());
    }

    /** A started image: its merged stdout and stderr, read line by line on a thread of its own. */
    private static final class Running {
        final Process process;
        private final List<String> lines = new ArrayList<>();
        private final CompletableFuture<Integer> port = new CompletableFuture<>();
        /** Lines awaited by {@link #awaitLine}, with the futures they complete (guarded by {@code lines}). */
        private final List<Map.Entry<Predicate<String>, CompletableFuture<String>>> awaited = new ArrayList<>();
        private final Thread reader;

        Running(Process process) {
            this.process = process;
            this.reader = Thread.ofPlatform().daemon().name("loopchat-output").start(this::read);
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        for (Map.Entry<Predicate<String>, CompletableFuture<String>> a : awaited) {
                            if (a.getKey().test(line)) {
                                a.getValue().complete(line);
                            }
                        }
                    }
                    Matcher m = SERVER_PORT.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new AssertionError("LoopChat ended without naming its server's port; printed: " + copy()));
            } catch (IOException e) {
                port.completeExceptionally(new UncheckedIOException(e));
            }
        }

        /** Waits until LoopChat prints a line that matches. */
        String awaitLine(Predicate<String> match) throws Exception {
            CompletableFuture<String> seen = new CompletableFuture<>();
            synchronized (lines) {
                lines.stream().filter(match).findFirst().ifPresent(seen::complete);
                awaited.add(Map.entry(match, seen));
            }
            try {
                return seen.get(TestTimeouts.PROGRAM_START.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("LoopChat never printed the awaited line; printed: " + copy(), e);
            }
        }

        int port() throws Exception {
            try {
                return port.get(TestTimeouts.PROGRAM_START.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("LoopChat named no server port; printed: " + copy(), e);
            }
        }

        /**
         * Ends LoopChat: the image's launcher is a shell script that starts {@code java} as its
         * child, so the JVM is stopped first (SIGTERM, or SIGKILL if {@code forcibly}), then the script.
         */
        void stop(boolean forcibly) {
            process.descendants().forEach(forcibly ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
            if (forcibly) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
        }

        /** Everything printed, once the process has ended (waits for it and for the reader). */
        List<String> output() throws InterruptedException {
            if (!process.waitFor(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(true);
            }
            reader.join(TestTimeouts.TIMEOUT.toMillis());
            return copy();
        }

        private List<String> copy() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }
    }
}
