package dev.loopbridge.demo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.peers.PeerTool;
import dev.loopbridge.core.peers.RealPeerTest;
import dev.loopbridge.core.tck.TestTimeouts;
import dev.loopbridge.demo.LoopChat;
import dev.loopbridge.demo.WatchedOutput;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.fx.FxChat;
import dev.loopbridge.demo.server.ServerConfig;
import dev.loopbridge.javafx.FxEventLoop;

/**
 * Three LoopChat clients in one channel of the embedded server: the web client in headless
 * Chromium (IRC over WebSocket on the IRC port), the terminal client ({@code LoopChat --cli},
 * in-process with piped stdin and stdout) and the JavaFX client ({@code FxChat.open}, on the
 * toolkit TestFX started: Monocle, headless). Each says a line and each is asserted to show the
 * other two's: the page through the DevTools protocol, the terminal by what it prints, the JavaFX
 * window by its message view. Then the browser tab and the JavaFX window, side by side, go into
 * {@code target/loopchat-web-and-javafx.png} (the README's copy is {@code docs/}).
 */
class WebTerminalAndJavaFxClientsTest extends RealPeerTest {

    private static final String CHANNEL = "#room";
    // Each window's size in the screenshot.
    private static final int WIDTH = 800;
    private static final int HEIGHT = 520;

    private static final String FROM_BROWSER = "hello from a browser tab (WebSocket)";
    private static final String FROM_TERMINAL = "hi from the terminal (--cli)";
    private static final String FROM_JAVAFX = "and from JavaFX, on the FX thread";

    private final EventLoop fx = FxEventLoop.shared();
    private TestServer server;
    private PipedOutputStream typing;
    private CompletableFuture<Integer> terminal;
    private Stage window;
    private DevToolsPage page;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    @AfterEach
    void stopClientsAndServer() throws Exception {
        if (typing != null) {
            typing.close();
        }
        if (window != null) {
            onFx(() -> {
                window.hide();
                return null;
            });
        }
        if (terminal != null) {
            terminal.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theBrowserTheTerminalAndTheJavaFxClientEachShowTheOthersLines(@TempDir Path profile) throws Exception {
        server = TestServer.embedded(ServerConfig.defaults());
        int port = server.port();

        // The JavaFX client first, as ./loopchat opens it.
        CompletableFuture<Void> windowClosed = openJavaFx(ChatConfig.of("127.0.0.1", port, "ada")
                .withChannels(List.of(CHANNEL)));
        fxShows("ada in " + CHANNEL, entries -> users().contains("ada"));

        // The terminal client, as ./loopchat --cli --connect runs it.
        WatchedOutput out = new WatchedOutput("the terminal client");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing);
        terminal = CompletableFuture.supplyAsync(() -> LoopChat.run(new String[] {"--cli", "--connect",
            "127.0.0.1:" + port, "--nick", "term", "--channel", CHANNEL}, stdin,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        fxShows("term in the user list", entries -> users().contains("term"));

        // The browser last: it joins with the other two there, which the terminal prints.
        start(PeerTool.CHROMIUM, DevToolsPage.chromiumArguments(profile));
        page = await(DevToolsPage.open(loop, DevToolsPage.browserEndpoint(profile), WIDTH, HEIGHT));
        await(page.navigate("http://127.0.0.1:" + port + "/?nick=webby&channel=%23room&join"));
        browserShows("JSON.stringify(window.loopchat.users().sort()) === '[\"ada\",\"term\",\"webby\"]'",
                "JSON.stringify(window.loopchat.users())");
        out.await("[" + CHANNEL + "] --> webby joined");
        fxShows("webby in the user list", entries -> users().contains("webby"));

        // Each says a line in turn, and each line is shown by the other two before the next.
        await(page.evaluate("(() => { document.getElementById('input').value = " + DevToolsPage.json(FROM_BROWSER) + ";"
                + " document.getElementById('send-form').requestSubmit(); return 'sent'; })()"));
        out.await("[" + CHANNEL + "] <webby> " + FROM_BROWSER);
        fxShows("the browser's line", entries -> shows(entries, "webby", FROM_BROWSER, ChatEntry.Status.RECEIVED));

        typing.write((FROM_TERMINAL + "\n").getBytes(StandardCharsets.UTF_8));
        typing.flush();
        browserShowsLines("term " + FROM_TERMINAL);
        fxShows("the terminal's line", entries -> shows(entries, "term", FROM_TERMINAL, ChatEntry.Status.RECEIVED));

        onFx(() -> {
            TextField input = (TextField) window.getScene().lookup("#input");
            input.setText(FROM_JAVAFX);
            input.fireEvent(new ActionEvent());
            return null;
        });
        browserShowsLines("ada " + FROM_JAVAFX);
        out.await("[" + CHANNEL + "] <ada> " + FROM_JAVAFX);
        fxShows("its own line, confirmed", entries -> shows(entries, "ada", FROM_JAVAFX, ChatEntry.Status.SENT));

        // What each shows at the end: all three lines, in the order they were said.
        assertEquals(List.of("webby " + FROM_BROWSER, "term " + FROM_TERMINAL, "ada " + FROM_JAVAFX),
                browserMessages(), "the page's messages");
        assertEquals(List.of("webby " + FROM_BROWSER, "term " + FROM_TERMINAL, "ada " + FROM_JAVAFX),
                onFx(() -> entries().stream().filter(e -> e.kind() == ChatEntry.Kind.MESSAGE)
                        .map(e -> e.nick() + " " + e.text()).toList()), "the JavaFX window's messages");
        assertEquals(List.of("[" + CHANNEL + "] <webby> " + FROM_BROWSER, "[" + CHANNEL + "] <ada> " + FROM_JAVAFX),
                out.printed().lines().filter(l -> l.contains("] <")).toList(), "the terminal's messages");

        // The status bar's loop lag is the worst of its last few beats, which the window's start-up
        // (a cold JVM's first CSS and layout passes) leaves after a few seconds: the screenshot waits
        // for that, at most the scaled timeout, and is taken as it is after that.
        fxWaitsFor(() -> loopLagMillis() < 50);
        BufferedImage browser = ImageIO.read(new ByteArrayInputStream(await(page.screenshot())));
        BufferedImage javafx = onFx(this::snapshot);
        byte[] png = sideBySide(browser, javafx);

        typing.close();
        assertEquals(0, terminal.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                "the terminal client delivered its line and quit; it said: " + err.toString(StandardCharsets.UTF_8));
        onFx(() -> {
            window.fireEvent(new WindowEvent(window, WindowEvent.WINDOW_CLOSE_REQUEST));
            return null;
        });
        windowClosed.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        // Both quit on their way out, and the page says so.
        browserShows("JSON.stringify(window.loopchat.users()) === '[\"webby\"]'"
                + " && window.loopchat.lines().some((l) => l.includes('term quit'))"
                + " && window.loopchat.lines().some((l) => l.includes('ada quit'))",
                "JSON.stringify(window.loopchat.lines())");
        assertEquals(1000, await(page.close()));

        // Passed: the screenshot may go where the README's copy is taken from.
        assertTrue(png.length < 400_000, "a modest PNG: " + png.length + " bytes");
        Files.write(Path.of("target", "loopchat-web-and-javafx.png"), png);
    }

    // ------------------------------------------------------------ the JavaFX window

    /** Opens the JavaFX client as LoopChat does; {@link #window} is its stage. Returns when it is closed. */
    private CompletableFuture<Void> openJavaFx(ChatConfig config) {
        Set<Window> before = onFx(() -> Set.copyOf(Window.getWindows()));
        CompletableFuture<Void> closed = FxChat.open(config);
        // FxChat.open shows the window in a task on the FX loop; this one runs after it.
        window = onFx(() -> Window.getWindows().stream()
                .filter(w -> !before.contains(w) && w instanceof Stage && w.getScene() != null
                        && w.getScene().lookup("#messages") != null)
                .map(w -> (Stage) w).findFirst().orElseThrow(() -> new AssertionError("no LoopChat window opened")));
        onFx(() -> {
            window.setWidth(WIDTH);
            window.setHeight(HEIGHT);
            return null;
        });
        return closed;
    }

    @SuppressWarnings("unchecked")
    private List<ChatEntry> entries() {
        return ((ListView<ChatEntry>) window.getScene().lookup("#messages")).getItems();
    }

    @SuppressWarnings("unchecked")
    private List<String> users() {
        return ((ListView<String>) window.getScene().lookup("#users")).getItems();
    }

    private static boolean shows(List<ChatEntry> entries, String nick, String text, ChatEntry.Status status) {
        return entries.stream().anyMatch(e -> e.kind() == ChatEntry.Kind.MESSAGE && e.nick().equals(nick)
                && e.text().equals(text) && e.status() == status);
    }

    /** Waits until the message view's lines pass {@code condition}, checked at every pulse (the view changes only then). */
    private void fxShows(String what, Predicate<List<ChatEntry>> condition) {
        if (!fxWaitsFor(() -> condition.test(entries()))) {
            throw new AssertionError("the JavaFX window did not show " + what + " within " + TestTimeouts.TIMEOUT
                    + "; it shows " + onFx(() -> entries().stream().map(l -> l.nick() + " " + l.text()).toList())
                    + ", users " + onFx(this::users));
        }
    }

    /** Whether {@code condition}, checked on the FX thread at every pulse, held within the scaled timeout. */
    private boolean fxWaitsFor(BooleanSupplier condition) {
        LoopFuture<Boolean> done = onFx(() -> {
            LoopFuture<Boolean> f = fx.newFuture();
            AnimationTimer checker = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    if (!f.isDone() && condition.getAsBoolean()) {
                        f.complete(true);
                    }
                }
            };
            checker.start();
            f.whenComplete((v, e) -> checker.stop());
            return f;
        });
        return fx.runUntilComplete(done.completeOnTimeout(false, TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** What the status bar's loop lag says, in milliseconds. FX thread. */
    private double loopLagMillis() {
        String shown = ((Labeled) window.getScene().lookup("#loop-lag")).getText();
        Matcher m = Pattern.compile("loop lag ([0-9.]+) ms").matcher(shown);
        return m.matches() ? Double.parseDouble(m.group(1)) : Double.MAX_VALUE;
    }

    private <T> T onFx(Callable<T> task) {
        return fx.runUntilComplete(fx.submit(task));
    }

    private BufferedImage snapshot() {
        WritableImage image = window.getScene().snapshot(null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        b.setRGB(0, 0, w, h, argb, 0, w);
        return b;
    }

    // ------------------------------------------------------------ the browser, the screenshot

    /** Waits until the page shows {@code line} ("nick text") among its messages. */
    private void browserShowsLines(String line) {
        browserShows("window.loopchat.lines().includes(" + DevToolsPage.json(line) + ")",
                "JSON.stringify(window.loopchat.lines())");
    }

    /** The page's messages ("nick text"), without its events (joins and the like). */
    private List<String> browserMessages() {
        return await(page.evaluate("window.loopchat.lines().filter((l) => /^(webby|term|ada) /.test(l)).join('\\n')"))
                .lines().toList();
    }

    /** Waits until {@code condition} holds in the page; fails quoting {@code report}'s value if not in time. */
    private void browserShows(String condition, String report) {
        String result = await(page.whenTrue(condition, report));
        assertEquals("yes", result, "the page: " + condition);
    }

    /** The two images on one canvas, a margin around and between them, as a PNG. */
    private static byte[] sideBySide(BufferedImage left, BufferedImage right) throws IOException {
        int margin = 16;
        BufferedImage canvas = new BufferedImage(left.getWidth() + right.getWidth() + 3 * margin,
                Math.max(left.getHeight(), right.getHeight()) + 2 * margin, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(new Color(0xd8dde3));
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.drawImage(left, margin, margin, null);
        g.drawImage(right, 2 * margin + left.getWidth(), margin, null);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(canvas, "png", png), "a PNG writer");
        return png.toByteArray();
    }
}
