package dev.loopbridge.demo;

import java.awt.Component;
import java.awt.Container;
import java.awt.Frame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.swing.JTextField;

import javafx.event.ActionEvent;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.fx.FxChat;
import dev.loopbridge.demo.swing.SwingChat;
import dev.loopbridge.demo.ui.LocalServer;
import dev.loopbridge.demo.ui.Peer;
import dev.loopbridge.javafx.FxEventLoop;
import dev.loopbridge.swing.SwingEventLoop;

/**
 * Takes the README's screenshots of both clients: a short conversation on the embedded server,
 * then each window painted into a PNG in {@code docs/}. Not a test; run it under an X server:
 *
 * <pre>
 *   xvfb-run -a -s "-screen 0 1400x900x24" java -cp ... dev.loopbridge.demo.Screenshots docs
 * </pre>
 */
public final class Screenshots {

    private Screenshots() {
    }

    /** Writes {@code loopchat-javafx.png} and {@code loopchat-swing.png} into the directory {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs");
        Files.createDirectories(out);
        String channel = "#loopchat";
        try (LocalServer server = new LocalServer();
             Peer grace = new Peer(server.port(), "grace", channel);
             Peer linus = new Peer(server.port(), "linus", channel)) {
            ChatConfig ada = ChatConfig.of("127.0.0.1", server.port(), "ada").withChannels(List.of(channel));
            // Swing first (AWT before GTK glass), as Gui does for --both.
            CompletableFuture<Void> swingClosed = SwingChat.open(ChatConfig.of("127.0.0.1", server.port(), "bob")
                    .withChannels(List.of(channel)));
            CompletableFuture<Void> fxClosed = FxChat.open(ada);
            grace.awaitMember(channel, "ada");
            grace.awaitMember(channel, "bob");
            // The status bar's loop lag is the worst of the last 5 s; let the windows' start-up
            // (the first CSS and layout passes, on a cold JVM) leave that window first.
            EventLoop settle = FxEventLoop.shared();
            settle.runUntilComplete(settle.sleep(java.time.Duration.ofMillis(5_500)));
            grace.type("/topic one event loop, two toolkits");
            grace.type("morning! the FX and Swing clients share one chat core now");
            linus.type("nice. does the Swing one batch its appends too?");
            EventLoop fx = FxEventLoop.shared();
            EventLoop swing = SwingEventLoop.shared();
            typeFx(fx, "yes: one model event per frame, however many lines arrive");
            typeSwing(swing, "and the status bar shows the loop lag: how late its heartbeat fires");
            linus.type("/me runs the 10,000 message test");
            grace.type("pulses keep coming, the list is virtualized");
            grace.await("the lines so far", () -> grace.textsFrom("bob").size() == 1);
            // A paste: past the rate limit's burst the last lines wait, shown pending.
            for (int i = 1; i <= 7; i++) {
                typeFx(fx, "build log line " + i + ": [INFO] BUILD SUCCESS");
            }
            grace.await("the first pasted lines", () -> grace.textsFrom("ada").size() >= 4);
            shoot(fx, swing, out);
            on(fx, () -> {
                for (javafx.stage.Window w : List.copyOf(javafx.stage.Window.getWindows())) {
                    w.hide();
                }
                return null;
            });
            on(swing, () -> {
                for (Frame f : Frame.getFrames()) {
                    f.dispose();
                }
                return null;
            });
            CompletableFuture.allOf(fxClosed, swingClosed).get(10, TimeUnit.SECONDS);
        } finally {
            FxChat.exit();
        }
        System.exit(0);
    }

    private static <T> T on(EventLoop loop, Callable<T> task) {
        return loop.runUntilComplete(loop.submit(task));
    }

    private static void typeFx(EventLoop fx, String line) {
        on(fx, () -> {
            TextField input = (TextField) javafx.stage.Window.getWindows().get(0).getScene().lookup("#input");
            input.setText(line);
            input.fireEvent(new ActionEvent());
            return null;
        });
    }

    private static void typeSwing(EventLoop swing, String line) {
        on(swing, () -> {
            JTextField input = (JTextField) find(Frame.getFrames()[0], "input").orElseThrow();
            input.setText(line);
            input.postActionEvent();
            return null;
        });
    }

    private static Optional<Component> find(Component c, String name) {
        if (name.equals(c.getName())) {
            return Optional.of(c);
        }
        if (c instanceof Container container) {
            for (Component child : container.getComponents()) {
                Optional<Component> found = find(child, name);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static void shoot(EventLoop fx, EventLoop swing, Path out) throws Exception {
        // Let both views take their last batch and render it.
        fx.runUntilComplete(fx.sleep(java.time.Duration.ofMillis(300)));
        BufferedImage fxImage = on(fx, () -> {
            Stage stage = (Stage) javafx.stage.Window.getWindows().get(0);
            Scene scene = stage.getScene();
            WritableImage image = scene.snapshot(null);
            int w = (int) image.getWidth();
            int h = (int) image.getHeight();
            int[] argb = new int[w * h];
            image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
            BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            b.setRGB(0, 0, w, h, argb, 0, w);
            return b;
        });
        write(fxImage, out.resolve("loopchat-javafx.png"));
        BufferedImage swingImage = on(swing, () -> {
            Frame frame = Frame.getFrames()[0];
            Component root = ((javax.swing.JFrame) frame).getRootPane();
            BufferedImage b = new BufferedImage(root.getWidth(), root.getHeight(), BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = b.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                    java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            root.paint(g);
            g.dispose();
            return b;
        });
        write(swingImage, out.resolve("loopchat-swing.png"));
    }

    private static void write(BufferedImage image, Path file) {
        try {
            ImageIO.write(image, "png", file.toFile());
            System.out.println("wrote " + file + " (" + image.getWidth() + "x" + image.getHeight() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
