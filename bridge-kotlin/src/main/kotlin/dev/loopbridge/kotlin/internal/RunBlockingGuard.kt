package dev.loopbridge.kotlin.internal

import dev.loopbridge.core.EventLoop
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job

/**
 * Refuses the coroutine that `runBlocking`, called on a loop thread, would wait for on that very
 * thread: kotlinx.coroutines issue #227, where `runBlocking { withContext(Dispatchers.Main) { } }`
 * on the UI thread hangs the application for good. Loop thread (it checks dispatches made there).
 *
 * The hang is certain when a coroutine is dispatched to the loop from the body of a `runBlocking`
 * that runs on the loop thread itself: the body's `runBlocking` holds the thread the coroutine
 * needs. That is what is detected, cheaply, from the coroutine's parent job — `launch`,
 * `async` and `withContext` straight from the body. A coroutine that reaches the loop from deeper
 * down (through another dispatcher first) still hangs, undetected: never block a UI thread.
 */
internal object RunBlockingGuard {

    /** The class of runBlocking's coroutine (internal to kotlinx). */
    private const val BLOCKING_COROUTINE = "kotlinx.coroutines.BlockingCoroutine"

    @OptIn(ExperimentalCoroutinesApi::class) // Job.parent
    fun check(context: CoroutineContext, loop: EventLoop) {
        val blocking = context[Job]?.parent ?: return
        if (blocking.javaClass.name != BLOCKING_COROUTINE) {
            return
        }
        val itsDispatcher = (blocking as? CoroutineScope)?.coroutineContext?.get(ContinuationInterceptor)
        if (itsDispatcher is LoopDispatcher && itsDispatcher.loop === loop) {
            return // runBlocking(Dispatchers.Main) from another thread: that thread waits, not this one
        }
        throw IllegalStateException(
            "runBlocking was called on thread \"${Thread.currentThread().name}\", the thread of $loop, and" +
                " the coroutine it now waits for must run on that same thread: it would wait forever" +
                " (kotlinx.coroutines issue #227). Never block a UI thread: launch the coroutine instead" +
                " (scope.launch(Dispatchers.Main) { ... }), or, to wait for its result, use" +
                " loop.runUntilComplete(scope.future { ... }), which runs a nested event loop",
        )
    }
}
