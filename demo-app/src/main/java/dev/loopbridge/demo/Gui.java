package dev.loopbridge.demo;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.fx.FxChat;
import dev.loopbridge.demo.swing.SwingChat;

/**
 * The graphical LoopChat client, as {@link LoopChat} starts it: called on the main thread, runs
 * until the user closes the window and returns the process's exit code.
 *
 * <p>{@link #installed()} is the one place that says which implementation runs: the JavaFX client
 * ({@link FxChat}), the Swing client ({@link SwingChat}), or both side by side, each a
 * {@link dev.loopbridge.demo.client.ChatClient} on its toolkit's shared loop. {@link #NOT_BUILT}
 * remains as a stand-in for tests of the command line.
 */
@FunctionalInterface
public interface Gui {

    /** Which toolkit to show the client in. */
    enum Toolkit {
        /** JavaFX (the default). */
        JAVAFX,
        /** Swing ({@code --swing}). */
        SWING,
        /** Both side by side ({@code --both}): two clients, the Swing one with the nick + {@code _sw}. */
        BOTH
    }

    /** Exit code of {@link #NOT_BUILT}: the GUI is missing from this build. */
    int EXIT_NOT_BUILT = 3;

    /** The stand-in until the GUI clients are built: says so and returns {@link #EXIT_NOT_BUILT}. */
    Gui NOT_BUILT = (toolkit, config, err) -> {
        err.println("LoopChat: the " + toolkit + " GUI is not built yet; use --cli for the terminal client"
                + " (would connect to " + config.server() + " as " + config.nick() + ")");
        return EXIT_NOT_BUILT;
    };

    /**
     * Shows the client in {@code toolkit}, connected as {@code config} says, until its window
     * closes; problems are reported on {@code err}.
     *
     * @return the exit code for the process
     */
    int run(Toolkit toolkit, ChatConfig config, PrintStream err);

    /** The GUI this build has: the JavaFX and Swing clients. */
    static Gui installed() {
        return Gui::show;
    }

    /** Opens the window(s) for {@code toolkit} and waits until they are all closed. Main thread. */
    private static int show(Toolkit toolkit, ChatConfig config, PrintStream err) {
        boolean fx = toolkit != Toolkit.SWING;
        try {
            // Swing first: with both toolkits in one process, AWT must be initialized (its X error
            // handler installed) before GTK glass starts; the other order crashes in GTK's main loop.
            if (toolkit == Toolkit.BOTH) {
                java.awt.Toolkit.getDefaultToolkit();
            }
            CompletableFuture<Void> swingClosed = toolkit == Toolkit.JAVAFX ? CompletableFuture.completedFuture(null)
                    : SwingChat.open(toolkit == Toolkit.BOTH ? withNick(config, config.nick() + "_sw") : config);
            CompletableFuture<Void> fxClosed = fx ? FxChat.open(config) : CompletableFuture.completedFuture(null);
            CompletableFuture.allOf(fxClosed, swingClosed).join();
            return 0;
        } catch (IllegalStateException | CompletionException | java.awt.HeadlessException e) {
            err.println("LoopChat: cannot show the " + toolkit + " client: " + e.getMessage()
                    + " (no display? try --cli)");
            return 1;
        } finally {
            if (fx) {
                FxChat.exit();
            }
        }
    }

    private static ChatConfig withNick(ChatConfig c, String nick) {
        return c.withNick(nick);
    }
}
