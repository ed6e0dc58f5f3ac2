package dev.loopbridge.kotlin

import dev.loopbridge.core.EventLoop
import dev.loopbridge.core.LoopScope
import dev.loopbridge.kotlin.internal.FixedLoop
import dev.loopbridge.kotlin.internal.LoopDispatcher
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.MainCoroutineDispatcher
import kotlinx.coroutines.SupervisorJob

/**
 * Coroutine dispatchers on LoopBridge loops: a coroutine dispatched to one runs on the loop thread
 * (its own, the JavaFX Application Thread or the Swing EDT), between the loop's other callbacks.
 * Any thread.
 *
 * The dispatcher implements kotlinx's `Delay` on the loop's timers: `delay` never resumes early,
 * a cancelled `delay` cancels its timer (nothing is left in the loop's heap), `withTimeout` times
 * out on a loop timer, and on the virtual-time test loop all of it runs on virtual time. Its
 * `immediate` dispatcher runs a coroutine in place when it is already on the loop thread
 * (`isDispatchNeeded` is `!loop.inLoop()`), as `Dispatchers.Main.immediate` does.
 *
 * With this module on the class path, `Dispatchers.Main` is the loop of the JavaFX Application
 * Thread (`FxEventLoop.shared()`), or without JavaFX the loop of the Swing EDT
 * (`SwingEventLoop.shared()`), ranked above kotlinx-coroutines-javafx and -swing.
 *
 * When the loop is closed, a coroutine dispatched to it is cancelled and finishes (its `finally`
 * blocks) on `Dispatchers.IO`, as kotlinx does for a closed executor.
 *
 * ```
 * val loop = EventLoops.newDefault()
 * val scope = CoroutineScope(SupervisorJob() + LoopDispatchers.of(loop))
 * scope.launch {
 *     val line = loop.openConnection(ConnectOptions.to("example.org", 7)).await()   // on the loop
 *     delay(500)                                                                     // a loop timer
 * }
 * ```
 */
public object LoopDispatchers {

    /** A dispatcher that runs coroutines on `loop`'s thread; equal to any other of the same loop. */
    @JvmStatic
    public fun of(loop: EventLoop): MainCoroutineDispatcher = LoopDispatcher(FixedLoop(loop), inPlace = false)
}

/**
 * A coroutine scope that lasts as long as this loop scope: when the loop scope closes (a window
 * scope when its window is hidden, a scope closed by hand, the loop closing), every coroutine
 * launched in it is cancelled. Its coroutines run on `dispatcher`. Loop thread only, as
 * [LoopScope.onClose] is.
 *
 * ```
 * val scope = FxAsync.scopeOf(stage).asCoroutineScope(Dispatchers.Main)
 * scope.launch { while (true) { label.text = poll(); delay(1_000) } }   // stops when the stage hides
 * ```
 */
public fun LoopScope.asCoroutineScope(dispatcher: CoroutineDispatcher): CoroutineScope {
    val job = SupervisorJob()
    onClose { job.cancel(CancellationException("the loop scope closed")) }
    return CoroutineScope(job + dispatcher)
}
