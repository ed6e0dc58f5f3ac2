/**
 * The Swing LoopChat client ({@link dev.loopbridge.demo.swing.SwingChat}): a
 * {@link dev.loopbridge.demo.client.ChatClient} on {@link dev.loopbridge.swing.SwingEventLoop#shared()},
 * so the client's callbacks run on the Event Dispatch Thread and touch the components directly.
 */
package dev.loopbridge.demo.swing;
