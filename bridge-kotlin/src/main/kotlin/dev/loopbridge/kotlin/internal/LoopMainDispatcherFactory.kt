package dev.loopbridge.kotlin.internal

import dev.loopbridge.core.EventLoop
import dev.loopbridge.javafx.FxEventLoop
import dev.loopbridge.swing.SwingEventLoop
import javafx.application.Platform
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.MainCoroutineDispatcher
import kotlinx.coroutines.internal.MainDispatcherFactory

/**
 * Makes `Dispatchers.Main` the loop of the JavaFX Application Thread, or, without JavaFX, of the
 * Swing EDT. Found by kotlinx through `ServiceLoader`; kotlinx asks it once, on the first use of
 * `Dispatchers.Main`, on any thread.
 */
@OptIn(InternalCoroutinesApi::class)
public class LoopMainDispatcherFactory : MainDispatcherFactory {

    /** Above kotlinx-coroutines-javafx (1) and kotlinx-coroutines-swing (0): with either, this wins. */
    override val loadPriority: Int get() = LOAD_PRIORITY

    override fun createDispatcher(allFactories: List<MainDispatcherFactory>): MainCoroutineDispatcher =
        mainDispatcher(::isOnClassPath)

    override fun hintOnError(): String = HINT

    internal companion object {
        const val LOAD_PRIORITY: Int = 100

        const val HINT: String = "bridge-kotlin makes Dispatchers.Main the LoopBridge loop of the JavaFX" +
            " Application Thread (it needs bridge-javafx and JavaFX on the class path) or of the Swing EDT" +
            " (it needs bridge-swing); neither is there. Add one of them, or, for a headless loop, dispatch" +
            " with LoopDispatchers.of(loop) instead of Dispatchers.Main"

        /** The Main dispatcher for the toolkits that `present` says are on the class path. */
        fun mainDispatcher(present: (String) -> Boolean): MainCoroutineDispatcher = when {
            present("dev.loopbridge.javafx.FxEventLoop") && present("javafx.application.Platform") ->
                LoopDispatcher(SharedLoop("JavaFX", FxMain::shared), inPlace = false)
            present("dev.loopbridge.swing.SwingEventLoop") ->
                LoopDispatcher(SharedLoop("Swing", SwingMain::shared), inPlace = false)
            else -> throw IllegalStateException(HINT)
        }

        private fun isOnClassPath(name: String): Boolean = try {
            Class.forName(name, false, LoopMainDispatcherFactory::class.java.classLoader)
            true
        } catch (absent: ClassNotFoundException) {
            false
        } catch (absent: LinkageError) {
            false
        }
    }
}

/** The JavaFX side, loaded only when JavaFX is there. */
internal object FxMain {
    /** The FX thread's shared loop; starts the toolkit first if nothing has, as kotlinx-coroutines-javafx does. */
    fun shared(): EventLoop = try {
        FxEventLoop.shared()
    } catch (notRunning: IllegalStateException) {
        try {
            Platform.startup {}
        } catch (startedMeanwhile: IllegalStateException) {
            // another thread started it, or it has exited: shared() below says which
        }
        FxEventLoop.shared()
    }
}

/** The Swing side, loaded only when bridge-swing is there. */
internal object SwingMain {
    fun shared(): EventLoop = SwingEventLoop.shared()
}
