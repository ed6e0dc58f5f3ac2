/**
 * WebSockets, JDK {@code HttpClient} bodies and Server-Sent Events on the loop:
 * {@link dev.loopbridge.web.WebSockets#connect} and {@link dev.loopbridge.web.WebSockets#serve}
 * give {@link dev.loopbridge.web.WebSocket}s, and {@link dev.loopbridge.web.HttpBodies} gives
 * responses, body {@code StreamReader}s and {@link dev.loopbridge.web.EventSource}s, whose
 * messages, callbacks and futures all run on the loop thread (the FX thread, the EDT, or the
 * default loop's thread).
 *
 * <p>Thread rules: {@code connect}, {@code serve}, {@code HttpBodies.send},
 * {@code ofStreamReader} and {@code serverSentEvents} may be called from any thread; a
 * {@code WebSocket}'s methods, a body's {@code StreamReader}, {@code HttpBodies.abort} and an
 * {@code EventSource}'s methods only on its loop's thread. Memory consistency: actions on the
 * sending side before a message is handed to {@code send} are not visible to the peer (it is
 * another process); on this side, everything the loop thread did before completing a future
 * happens-before the actions of the dependents it runs, and what the {@code HttpClient}'s threads
 * did before handing a response or a body chunk over happens-before the loop thread's handling of
 * it.
 */
package dev.loopbridge.web;
