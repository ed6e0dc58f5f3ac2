package dev.loopbridge.kotlin

import dev.loopbridge.core.tck.TestTimeouts
import dev.loopbridge.javafx.FxAsync
import dev.loopbridge.javafx.FxEventLoop
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import javafx.application.Platform
import javafx.stage.Stage
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.testfx.api.FxToolkit

/**
 * `Dispatchers.Main` with bridge-kotlin, bridge-javafx and kotlinx-coroutines-javafx on the class
 * path: the LoopBridge loop of the JavaFX Application Thread (headless, on Monocle).
 */
class MainDispatcherFxTest {

    companion object {
        @JvmStatic
        @BeforeAll
        fun startToolkit() {
            FxToolkit.registerPrimaryStage()
            Platform.setImplicitExit(false)
        }
    }

    private val scope = CoroutineScope(SupervisorJob())
    private val timeoutMillis = TestTimeouts.TIMEOUT.toMillis()

    @AfterEach
    fun cancelScope() {
        scope.coroutineContext[kotlinx.coroutines.Job]!!.cancel()
    }

    private fun <T> onMain(block: suspend CoroutineScope.() -> T): T =
        runBlocking { withTimeout(timeoutMillis) { withContext(Dispatchers.Main, block) } }

    @Test
    fun `Dispatchers Main is the FX loop, ranked above kotlinx-coroutines-javafx`() {
        assertTrue(Dispatchers.Main.javaClass.name.startsWith("dev.loopbridge.kotlin."), Dispatchers.Main.javaClass.name)
        assertEquals("Dispatchers.Main", Dispatchers.Main.toString())
        assertEquals(true, onMain { Platform.isFxApplicationThread() && FxEventLoop.shared().inLoop() })
    }

    @Test
    fun `launch on Main runs on the FX thread and withContext hops off and back`() {
        val threads = runBlocking {
            scope.async(Dispatchers.Main) {
                val first = Platform.isFxApplicationThread()
                val inBetween = withContext(Dispatchers.Default) { Platform.isFxApplicationThread() }
                listOf(first, inBetween, Platform.isFxApplicationThread())
            }.await()
        }
        assertEquals(listOf(true, false, true), threads)
    }

    @Test
    fun `delay on Main resumes on the FX thread and never early`() {
        val (waitedNanos, onFxThread) = onMain {
            val start = System.nanoTime()
            delay(30)
            System.nanoTime() - start to Platform.isFxApplicationThread()
        }
        assertTrue(waitedNanos >= TimeUnit.MILLISECONDS.toNanos(30), "resumed after $waitedNanos ns")
        assertTrue(onFxThread)
    }

    @Test
    fun `Main immediate runs in place on the FX thread`() {
        val order = onMain {
            val order = mutableListOf<String>()
            launch(Dispatchers.Main.immediate) { order += "immediate" }
            launch { order += "dispatched" }
            order += "after both launches"
            yield()
            order
        }
        assertEquals(listOf("immediate", "after both launches", "dispatched"), order)
    }

    @Test
    fun `a window's coroutines are cancelled when the window is hidden`() {
        val job = onMain {
            val stage = Stage()
            stage.show()
            val job = FxAsync.scopeOf(stage).asCoroutineScope(Dispatchers.Main).launch { delay(3_600_000) }
            yield()
            stage.hide()
            job
        }
        runBlocking { withTimeout(timeoutMillis) { job.join() } }
        assertTrue(job.isCancelled)
    }

    @Test
    fun `a flow from another dispatcher is collected on the FX thread`() {
        val collected = onMain {
            flow { repeat(3) { emit(Platform.isFxApplicationThread()) } }
                .flowOn(Dispatchers.Default)
                .map { emittedOnFx -> emittedOnFx to Platform.isFxApplicationThread() }
                .toList()
        }
        assertEquals(List(3) { false to true }, collected)
    }

    @Test
    fun `runBlocking on the FX thread is refused instead of hanging the application`() {
        val refused = FxEventLoop.shared().submit { runBlocking { withContext(Dispatchers.Main) { "never" } } }
        val e = assertThrows<ExecutionException> { refused.get(timeoutMillis, TimeUnit.MILLISECONDS) }
        assertTrue(e.cause is IllegalStateException && e.cause!!.message!!.contains("#227"), "${e.cause}")
        assertEquals("still responsive", onMain { "still responsive" })
    }

    @Test
    fun `runUntilComplete waits for a coroutine on the FX thread in a nested loop`() {
        val loop = FxEventLoop.shared()
        val answer = loop.submit {
            loop.runUntilComplete(scope.future(Dispatchers.Main) {
                delay(10)
                "done on the FX thread: ${Platform.isFxApplicationThread()}"
            })
        }.get(timeoutMillis, TimeUnit.MILLISECONDS)
        assertEquals("done on the FX thread: true", answer)
    }
}
