/**
 * WebSockets on the loop: {@link dev.loopbridge.web.WebSockets#connect} and
 * {@link dev.loopbridge.web.WebSockets#serve} give {@link dev.loopbridge.web.WebSocket}s whose
 * messages, callbacks and futures all run on the loop thread (the FX thread, the EDT, or the
 * default loop's thread).
 *
 * <p>Thread rules: {@code connect} and {@code serve} may be called from any thread; a
 * {@code WebSocket}'s methods only on its loop's thread. Memory consistency: actions on the
 * sending side before a message is handed to {@code send} are not visible to the peer (it is
 * another process); on this side, everything the loop thread did before completing a future
 * happens-before the actions of the dependents it runs.
 */
package dev.loopbridge.web;
