/**
 * LoopBridge for Swing: the event loop on the Event Dispatch Thread
 * ({@link dev.loopbridge.swing.SwingEventLoop}) and helpers for Swing code
 * ({@link dev.loopbridge.swing.SwingAsync}).
 */
module dev.loopbridge.swing {
    requires transitive dev.loopbridge.core;
    requires transitive java.desktop;

    exports dev.loopbridge.swing;
}
