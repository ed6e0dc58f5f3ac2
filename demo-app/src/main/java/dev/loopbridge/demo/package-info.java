/**
 * LoopChat's entry point, {@link dev.loopbridge.demo.LoopChat}, and the hook a graphical client
 * plugs into, {@link dev.loopbridge.demo.Gui}.
 */
package dev.loopbridge.demo;
