/**
 * The service-provider interface for toolkit adapters: a {@link dev.loopbridge.core.spi.LoopDriver}
 * says how to post a tick to the toolkit's thread, and {@link dev.loopbridge.core.spi.DrivenLoops}
 * builds a complete loop on it. The JavaFX and Swing modules are nothing more than a driver plus
 * helpers.
 */
package dev.loopbridge.core.spi;
