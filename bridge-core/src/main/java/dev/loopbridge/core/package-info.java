/**
 * LoopBridge's API: the {@link dev.loopbridge.core.EventLoop}, its futures, timers and scopes.
 *
 * <h2>Memory consistency</h2>
 * <ul>
 *   <li>Actions in a thread before {@code callSoon}, {@code execute}, {@code submit},
 *       {@code callLater} or {@code callAt} happen-before the callback runs.</li>
 *   <li>All callbacks, timers and future dependents of one loop run on its loop thread, one at a
 *       time: each happens-before the next, so state touched only on the loop thread needs no
 *       synchronization.</li>
 *   <li>Completing a {@link dev.loopbridge.core.LoopFuture} happens-before its dependents run,
 *       and before {@code join}/{@code get} return, as for any {@code CompletableFuture}.</li>
 *   <li>Actions in a {@code runInExecutor} task happen-before its future completes on the loop.</li>
 *   <li>{@code close()} called off the loop thread returns after the loop's shutdown, which
 *       happens-after every callback that ran on the loop.</li>
 *   <li>In an {@link dev.loopbridge.core.Async} body, completing the awaited stage (on any thread)
 *       happens-before {@code Async.await} returns its value or throws its failure.</li>
 * </ul>
 */
package dev.loopbridge.core;
