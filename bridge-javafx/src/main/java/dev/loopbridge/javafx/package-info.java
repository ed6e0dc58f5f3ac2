/**
 * LoopBridge on the JavaFX Application Thread: {@link dev.loopbridge.javafx.FxEventLoop} gives the
 * loop, {@link dev.loopbridge.javafx.FxAsync} turns asynchronous code into event handlers and ties
 * work to windows.
 */
package dev.loopbridge.javafx;
