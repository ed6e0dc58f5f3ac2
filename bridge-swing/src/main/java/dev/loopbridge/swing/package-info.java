/**
 * LoopBridge on the Swing Event Dispatch Thread: {@link dev.loopbridge.swing.SwingEventLoop} gives
 * the loop, {@link dev.loopbridge.swing.SwingAsync} turns asynchronous code into action listeners
 * and actions, ties work to windows, and replaces {@code SwingWorker} in a few lines.
 */
package dev.loopbridge.swing;
