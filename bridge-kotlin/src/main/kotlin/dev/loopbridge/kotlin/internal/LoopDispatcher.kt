package dev.loopbridge.kotlin.internal

import dev.loopbridge.core.EventLoop
import java.time.Duration
import java.util.concurrent.RejectedExecutionException
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Delay
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.MainCoroutineDispatcher
import kotlinx.coroutines.cancel

/**
 * The dispatcher of [dev.loopbridge.kotlin.LoopDispatchers] and of `Dispatchers.Main`: coroutines
 * as loop callbacks, `delay` and `withTimeout` as loop timers. Any thread.
 *
 * @param inPlace whether it runs a coroutine in place when already on the loop thread (`immediate`)
 */
@OptIn(InternalCoroutinesApi::class, ExperimentalCoroutinesApi::class)
internal class LoopDispatcher(
    private val source: LoopSource,
    private val inPlace: Boolean,
) : MainCoroutineDispatcher(), Delay {

    override val immediate: MainCoroutineDispatcher = if (inPlace) this else LoopDispatcher(source, true)

    /** The loop it dispatches to now. */
    val loop: EventLoop get() = source.loop()

    override fun isDispatchNeeded(context: CoroutineContext): Boolean = !inPlace || !source.loop().inLoop()

    override fun dispatch(context: CoroutineContext, block: Runnable) {
        val loop = source.loop()
        if (loop.inLoop()) {
            RunBlockingGuard.check(context, loop)
        }
        try {
            loop.execute(block)
        } catch (closed: RejectedExecutionException) {
            context.cancel(CancellationException("$loop is closed: the coroutine is cancelled", closed))
            Dispatchers.IO.dispatch(context, block)
        }
    }

    override fun scheduleResumeAfterDelay(timeMillis: Long, continuation: CancellableContinuation<Unit>) {
        // A sleep is a loop timer that the loop cancels when it closes: the coroutine is then
        // cancelled rather than left suspended for good.
        val sleep = try {
            source.loop().sleep(Duration.ofMillis(timeMillis))
        } catch (closed: RejectedExecutionException) {
            continuation.cancel(closed)
            return
        }
        sleep.handle { _, error ->
            if (error == null) {
                with(continuation) { resumeUndispatched(Unit) } // on the loop thread already
            } else {
                continuation.cancel(error)
            }
        }
        continuation.invokeOnCancellation { sleep.cancel(false) } // takes the timer out of the heap
    }

    override fun invokeOnTimeout(timeMillis: Long, block: Runnable, context: CoroutineContext): DisposableHandle {
        val timer = source.loop().callLater(Duration.ofMillis(timeMillis), block)
        return DisposableHandle { timer.cancel() }
    }

    override fun equals(other: Any?): Boolean =
        other is LoopDispatcher && other.source == source && other.inPlace == inPlace

    override fun hashCode(): Int = source.hashCode() * 31 + inPlace.hashCode()

    override fun toString(): String = toStringInternalImpl() ?: ("$source" + if (inPlace) ".immediate" else "")
}

/** Where a dispatcher finds its loop. Any thread. */
internal interface LoopSource {
    fun loop(): EventLoop
}

/** One loop, for [dev.loopbridge.kotlin.LoopDispatchers.of]. */
internal data class FixedLoop(private val loop: EventLoop) : LoopSource {
    override fun loop(): EventLoop = loop

    override fun toString(): String = "LoopDispatchers.of($loop)"
}

/**
 * A toolkit's shared loop, for `Dispatchers.Main`: the toolkit closes it when it exits, and a
 * toolkit started again gets a new one. While none can be had, the closed loop is kept, so that
 * coroutines dispatched to it are cancelled.
 */
internal class SharedLoop(private val toolkit: String, private val shared: () -> EventLoop) : LoopSource {
    @Volatile
    private var current: EventLoop? = null

    override fun loop(): EventLoop {
        val loop = current
        if (loop != null && !loop.isClosed) {
            return loop
        }
        synchronized(this) {
            val again = current
            if (again != null && !again.isClosed) {
                return again
            }
            val fresh = try {
                shared()
            } catch (noToolkit: IllegalStateException) {
                again ?: throw noToolkit
            }
            current = fresh
            return fresh
        }
    }

    override fun toString(): String = "Dispatchers.Main on the $toolkit loop"
}
