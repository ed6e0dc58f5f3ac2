/**
 * LoopBridge for Kotlin coroutines: {@link dev.loopbridge.kotlin.LoopDispatchers} makes a coroutine
 * dispatcher of any loop, and {@code Dispatchers.Main} becomes the loop of the JavaFX Application
 * Thread (or of the Swing EDT) through kotlinx's {@code MainDispatcherFactory} service.
 */
module dev.loopbridge.kotlin {
    requires transitive dev.loopbridge.core;
    requires transitive kotlinx.coroutines.core;
    requires kotlin.stdlib;
    // Dispatchers.Main takes whichever toolkit the application has.
    requires static dev.loopbridge.javafx;
    requires static javafx.graphics;
    requires static dev.loopbridge.swing;

    exports dev.loopbridge.kotlin;

    provides kotlinx.coroutines.internal.MainDispatcherFactory
            with dev.loopbridge.kotlin.internal.LoopMainDispatcherFactory;
}
