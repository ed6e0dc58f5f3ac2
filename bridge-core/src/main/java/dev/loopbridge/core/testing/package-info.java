/**
 * Testing support: {@link dev.loopbridge.core.testing.TestEventLoop}, an event loop on virtual time
 * for deterministic tests of timer-driven application logic.
 */
package dev.loopbridge.core.testing;
