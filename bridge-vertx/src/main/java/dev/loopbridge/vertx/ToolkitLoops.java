package dev.loopbridge.vertx;

import java.awt.EventQueue;

import javafx.application.Platform;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.javafx.FxEventLoop;
import dev.loopbridge.swing.SwingEventLoop;

/**
 * The shared loop of the toolkit thread the caller is on, for the toolkits on the class path.
 * Any thread. The toolkit classes are touched only when present.
 */
final class ToolkitLoops {

    private static final boolean JAVAFX = isPresent("dev.loopbridge.javafx.FxEventLoop")
            && isPresent("javafx.application.Platform");
    private static final boolean SWING = isPresent("dev.loopbridge.swing.SwingEventLoop");

    private ToolkitLoops() {
    }

    /** The shared loop of the JavaFX Application Thread or the EDT, if the caller is on one; else null. */
    static EventLoop ofCurrentThread() {
        if (JAVAFX && Fx.onThread()) {
            return Fx.shared();
        }
        if (SWING && Swing.onThread()) {
            return Swing.shared();
        }
        return null;
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, ToolkitLoops.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /** Loaded only with JavaFX and bridge-javafx present. */
    private static final class Fx {
        static boolean onThread() {
            return Platform.isFxApplicationThread();
        }

        static EventLoop shared() {
            return FxEventLoop.shared();
        }
    }

    /** Loaded only with bridge-swing present. */
    private static final class Swing {
        static boolean onThread() {
            return EventQueue.isDispatchThread();
        }

        static EventLoop shared() {
            return SwingEventLoop.shared();
        }
    }
}
