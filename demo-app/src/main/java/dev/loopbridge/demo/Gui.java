package dev.loopbridge.demo;

import java.io.PrintStream;

import dev.loopbridge.demo.client.ChatConfig;

/**
 * The graphical LoopChat client, as {@link LoopChat} starts it: called on the main thread, runs
 * until the user closes the window and returns the process's exit code.
 *
 * <p><b>The hook for the UI modules:</b> {@link #installed()} is the one place that says which
 * implementation runs. It returns {@link #NOT_BUILT} until the JavaFX and Swing clients exist;
 * replace its body to return the real one (which creates its toolkit loop, a
 * {@link dev.loopbridge.demo.client.ChatClient} on it, and the window).
 */
@FunctionalInterface
public interface Gui {

    /** Which toolkit to show the client in. */
    enum Toolkit {
        /** JavaFX (the default). */
        JAVAFX,
        /** Swing ({@code --swing}). */
        SWING
    }

    /** Exit code of {@link #NOT_BUILT}: the GUI is missing from this build. */
    int EXIT_NOT_BUILT = 3;

    /** The stand-in until the GUI clients are built: says so and returns {@link #EXIT_NOT_BUILT}. */
    Gui NOT_BUILT = (toolkit, config, err) -> {
        err.println("LoopChat: the " + toolkit + " GUI is not built yet; use --cli for the terminal client"
                + " (would connect to " + config.host() + ":" + config.port() + " as " + config.nick() + ")");
        return EXIT_NOT_BUILT;
    };

    /**
     * Shows the client in {@code toolkit}, connected as {@code config} says, until its window
     * closes; problems are reported on {@code err}.
     *
     * @return the exit code for the process
     */
    int run(Toolkit toolkit, ChatConfig config, PrintStream err);

    /** The GUI this build has. The UI engineer replaces this body (see the type's doc). */
    static Gui installed() {
        return NOT_BUILT;
    }
}
