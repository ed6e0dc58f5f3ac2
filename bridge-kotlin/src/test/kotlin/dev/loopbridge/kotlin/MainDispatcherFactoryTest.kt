package dev.loopbridge.kotlin

import dev.loopbridge.core.tck.TestTimeouts
import dev.loopbridge.kotlin.internal.LoopMainDispatcherFactory
import java.util.ServiceLoader
import javax.swing.SwingUtilities
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.delay
import kotlinx.coroutines.internal.MainDispatcherFactory
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** How `Dispatchers.Main` is chosen: above kotlinx's own factories; JavaFX, else Swing, else a clear error. */
@OptIn(InternalCoroutinesApi::class)
class MainDispatcherFactoryTest {

    @Test
    fun `the factory is a service ranked above kotlinx-coroutines-javafx and -swing`() {
        val factories = ServiceLoader.load(MainDispatcherFactory::class.java).toList()
        val ours = factories.single { it is LoopMainDispatcherFactory }
        val kotlinx = factories.filter { it.javaClass.name.startsWith("kotlinx.coroutines.") }
        assertEquals(2, kotlinx.size, "kotlinx-coroutines-javafx and -swing are on the test class path: $factories")
        kotlinx.forEach { assertTrue(ours.loadPriority > it.loadPriority, "$it ranks ${it.loadPriority}") }
    }

    @Test
    fun `without JavaFX Main is the Swing loop on the EDT`() {
        val main = LoopMainDispatcherFactory.mainDispatcher { it.startsWith("dev.loopbridge.swing.") }
        val onEdt = runBlocking {
            withTimeout(TestTimeouts.TIMEOUT.toMillis()) {
                withContext(main) {
                    delay(5)
                    SwingUtilities.isEventDispatchThread()
                }
            }
        }
        assertTrue(onEdt)
        assertEquals("Dispatchers.Main on the Swing loop", main.toString())
    }

    @Test
    fun `with neither toolkit the error says what is missing and what to do`() {
        val e = assertThrows<IllegalStateException> { LoopMainDispatcherFactory.mainDispatcher { false } }
        assertTrue(e.message!!.contains("bridge-javafx") && e.message!!.contains("bridge-swing"), e.message)
        assertTrue(e.message!!.contains("LoopDispatchers.of(loop)"), e.message)
        assertEquals(e.message, LoopMainDispatcherFactory().hintOnError())
    }
}
