/**
 * LoopBridge for JavaFX: the event loop on the JavaFX Application Thread
 * ({@link dev.loopbridge.javafx.FxEventLoop}) and helpers for JavaFX code
 * ({@link dev.loopbridge.javafx.FxAsync}).
 */
module dev.loopbridge.javafx {
    requires transitive dev.loopbridge.core;
    requires transitive javafx.graphics;
    requires transitive javafx.controls;
    requires org.slf4j;

    exports dev.loopbridge.javafx;
}
