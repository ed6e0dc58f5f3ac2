/**
 * LoopBridge for Vert.x 5: {@link dev.loopbridge.vertx.LoopExecutorProvider}, found by Vert.x as a
 * service, makes a context created on a loop thread (the JavaFX Application Thread, the Swing EDT,
 * or a registered loop's own thread) run its callbacks on that loop.
 *
 * <h2>Memory consistency</h2>
 * Vert.x hands each context task to the loop with {@code EventLoop.execute}: what a Netty thread
 * did before handing a result over happens-before the callback that receives it on the loop.
 */
package dev.loopbridge.vertx;
