/**
 * The JavaFX LoopChat client ({@link dev.loopbridge.demo.fx.FxChat}): a
 * {@link dev.loopbridge.demo.client.ChatClient} on {@link dev.loopbridge.javafx.FxEventLoop#shared()},
 * so the client's callbacks run on the FX Application Thread and touch the scene graph directly.
 */
package dev.loopbridge.demo.fx;
