package dev.loopbridge.kotlin

import dev.loopbridge.core.EventLoops
import dev.loopbridge.core.tck.TestTimeouts
import dev.loopbridge.core.testing.TestEventLoop
import java.time.Duration
import java.util.concurrent.CancellationException
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** [LoopDispatchers.of]: dispatch, `delay`, `withTimeout`, `immediate` — timers on virtual time. */
class LoopDispatcherTest {

    private val loop = TestEventLoop.create()
    private val dispatcher = LoopDispatchers.of(loop)
    private val scope = CoroutineScope(SupervisorJob() + dispatcher)

    @AfterEach
    fun closeLoop() {
        loop.close()
    }

    /** The loop's pending timers, as its stats give them at the end of a tick. */
    private fun pendingTimers(): Long {
        loop.callSoon {}
        loop.runUntilIdle()
        return loop.stats().pendingTimers()
    }

    @Test
    fun `delay resumes at its deadline and not a nanosecond before`() {
        var resumedAt = -1L
        scope.launch {
            delay(1_000)
            resumedAt = loop.time()
        }
        loop.advance(Duration.ofSeconds(1).minusNanos(1))
        assertEquals(-1L, resumedAt)
        loop.advance(Duration.ofNanos(1))
        assertEquals(TimeUnit.SECONDS.toNanos(1), resumedAt)
    }

    @Test
    fun `delay resumes its coroutine from the timer itself, not from a callback queued after it`() {
        var resumed = false
        var seenByTimerAfterIt: Boolean? = null
        scope.launch {
            delay(1_000)
            resumed = true
        }
        loop.runUntilIdle() // the coroutine starts and its delay takes a timer
        // Due at the same instant, and queued after the delay's timer: it runs right after that
        // timer in the same tick, so it sees the coroutine resumed only if the timer resumed it.
        loop.callLater(Duration.ofSeconds(1)) { seenByTimerAfterIt = resumed }
        loop.advance(Duration.ofSeconds(1))
        assertEquals(true, seenByTimerAfterIt)
    }

    @Test
    fun `a cancelled delay leaves no timer behind`() {
        val job = scope.launch { delay(3_600_000) }
        assertEquals(1, pendingTimers())
        job.cancel()
        assertEquals(0, pendingTimers())
        assertTrue(job.isCancelled && job.isCompleted)
    }

    @Test
    fun `withTimeout times out on a loop timer and cancels the delay it interrupted`() {
        var result: String? = "not yet"
        scope.launch {
            result = withTimeoutOrNull(500) {
                delay(1_000)
                "too late"
            }
        }
        loop.advance(Duration.ofMillis(499))
        assertEquals("not yet", result)
        loop.advance(Duration.ofMillis(1))
        assertEquals(null, result)
        assertEquals(0, pendingTimers())
    }

    @Test
    fun `immediate runs in place on the loop thread and dispatches from any other`() {
        val order = mutableListOf<String>()
        scope.launch(dispatcher.immediate) { order += "immediate" }
        scope.launch { order += "dispatched" }
        order += "after both launches"
        loop.runUntilIdle()
        assertEquals(listOf("immediate", "after both launches", "dispatched"), order)
        assertFalse(dispatcher.immediate.isDispatchNeeded(EmptyCoroutineContext))
        assertTrue(dispatcher.isDispatchNeeded(EmptyCoroutineContext))
        val elsewhere = Thread.ofPlatform().start { assertTrue(dispatcher.immediate.isDispatchNeeded(EmptyCoroutineContext)) }
        elsewhere.join()
    }

    @Test
    fun `a flow is collected on the loop, its delays on loop timers`() {
        val seen = mutableListOf<Pair<Int, Long>>()
        scope.launch {
            flow {
                repeat(3) {
                    emit(it)
                    delay(100)
                }
            }.collect { seen += it to TimeUnit.NANOSECONDS.toMillis(loop.time()) }
        }
        loop.advance(Duration.ofSeconds(1))
        assertEquals(listOf(0 to 0L, 1 to 100L, 2 to 200L), seen)
    }

    @Test
    fun `a loop scope's coroutine scope is cancelled when the loop scope closes`() {
        val loopScope = loop.newScope()
        val job = loopScope.asCoroutineScope(dispatcher).launch { delay(3_600_000) }
        loop.runUntilIdle()
        loopScope.close()
        loop.runUntilIdle()
        assertTrue(job.isCancelled)
        assertEquals(0, pendingTimers())
    }

    @Test
    fun `dispatchers of one loop are equal, the immediate one apart`() {
        assertEquals(LoopDispatchers.of(loop), LoopDispatchers.of(loop))
        assertEquals(LoopDispatchers.of(loop).hashCode(), LoopDispatchers.of(loop).hashCode())
        assertEquals(LoopDispatchers.of(loop).immediate, dispatcher.immediate)
        assertNotEquals(dispatcher, dispatcher.immediate)
        assertNotEquals(dispatcher, LoopDispatchers.of(TestEventLoop.create().also { it.close() }))
        assertEquals("LoopDispatchers.of($loop).immediate", dispatcher.immediate.toString())
    }

    @Test
    fun `runBlocking on the loop thread is refused with a message that says why and what instead`() {
        val e = assertThrows<IllegalStateException> {
            runBlocking { withContext(dispatcher) { } }
        }
        assertTrue(e.message!!.contains("kotlinx.coroutines issue #227"), e.message)
        assertTrue(e.message!!.contains("loop.runUntilComplete(scope.future"), e.message)
        assertThrows<IllegalStateException> {
            runBlocking { launch(dispatcher) { } }
        }
    }

    @Test
    fun `runUntilComplete of a loop future the coroutine completes is the way to wait on the loop thread`() {
        // A loop future, not scope.future { }: the test loop jumps virtual time only while it
        // waits for nothing outside itself, and a foreign future would be waited for in real time.
        val answer = loop.newFuture<String>()
        scope.launch {
            delay(1_000)
            answer.complete("after ${loop.elapsed().toMillis()} ms")
        }
        assertEquals("after 1000 ms", loop.runUntilComplete(answer))
    }

    @Test
    fun `coroutines run on the loop's own thread, between its callbacks`() {
        EventLoops.newDefault().use { real ->
            val onLoop = LoopDispatchers.of(real)
            assertTrue(runBlocking { withContext(onLoop) { real.inLoop() } })
            val order = real.runUntilComplete(real.submit {
                val order = mutableListOf<String>()
                CoroutineScope(onLoop).launch { order += "coroutine" }
                real.callSoon { order += "callback" }
                order
            }.thenCompose { order -> real.submit { order.toList() } })
            assertEquals(listOf("coroutine", "callback"), order)
        }
    }

    @Test
    fun `a flow emitted elsewhere is collected on the loop thread`() {
        EventLoops.newDefault().use { real ->
            val collected = runBlocking {
                withContext(LoopDispatchers.of(real)) {
                    flow {
                        repeat(3) { emit(real.inLoop()) }
                    }.flowOn(Dispatchers.Default).map { emittedOnLoop -> emittedOnLoop to real.inLoop() }.toList()
                }
            }
            assertEquals(List(3) { false to true }, collected)
        }
    }

    @Test
    fun `runBlocking inside a callback of the default loop is refused too`() {
        EventLoops.newDefault().use { real ->
            val refused = real.submit { runBlocking { withContext(LoopDispatchers.of(real)) { "never" } } }
            val e = assertThrows<ExecutionException> { refused.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) }
            assertTrue(e.cause is IllegalStateException && e.cause!!.message!!.contains("#227"), "${e.cause}")
        }
    }

    @Test
    fun `a closed loop cancels its coroutines, which finish off the loop`() {
        val real = EventLoops.newDefault()
        val realScope = CoroutineScope(SupervisorJob() + LoopDispatchers.of(real))
        var finishedOn: Thread? = null
        val job = realScope.launch {
            try {
                delay(3_600_000)
            } finally {
                finishedOn = Thread.currentThread()
            }
        }
        val loopThread = real.runUntilComplete(real.submit { Thread.currentThread() })
        real.close()
        runBlocking { withTimeout(TestTimeouts.TIMEOUT.toMillis()) { job.join() } }
        assertTrue(job.isCancelled)
        assertTrue(finishedOn != null)
        assertNotSame(loopThread, finishedOn)
        assertThrows<CancellationException> { runBlocking { withContext(LoopDispatchers.of(real)) { } } }
    }
}
