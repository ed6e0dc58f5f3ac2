package dev.loopbridge.benchmarks.e2e;

import java.util.concurrent.Executor;

import kotlin.Unit;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.jvm.functions.Function2;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CoroutineDispatcher;
import kotlinx.coroutines.CoroutineScope;
import kotlinx.coroutines.CoroutineStart;
import kotlinx.coroutines.DelayKt;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.GlobalScope;
import kotlinx.coroutines.Job;
import kotlinx.coroutines.javafx.JavaFxDispatcherKt;
import kotlinx.coroutines.swing.SwingDispatcherKt;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.kotlin.LoopDispatchers;

/**
 * Kotlin's UI dispatchers, called from Java as a Kotlin user's code would reach them:
 * {@code Dispatchers.JavaFx} and {@code Dispatchers.Swing} (kotlinx-coroutines-javafx / -swing), and
 * LoopBridge's {@code LoopDispatchers.of(loop)} (bridge-kotlin).
 * Any thread may call these; {@link #delayThen} must be called on the dispatcher's UI thread.
 */
final class Kotlin {

    private Kotlin() {
    }

    /** {@code Dispatchers.JavaFx}; the JavaFX toolkit must be running. */
    static CoroutineDispatcher javaFx() {
        return JavaFxDispatcherKt.getJavaFx(Dispatchers.INSTANCE);
    }

    /** {@code Dispatchers.Swing}. */
    static CoroutineDispatcher swing() {
        return SwingDispatcherKt.getSwing(Dispatchers.INSTANCE);
    }

    /** {@code LoopDispatchers.of(loop)}: bridge-kotlin's dispatcher, whose {@code delay} is a loop timer. */
    static CoroutineDispatcher loop(EventLoop loop) {
        return LoopDispatchers.of(loop);
    }

    /** The dispatcher as an executor: what {@code launch(Dispatchers.JavaFx) { ... }} does per resumption. */
    static Executor executor(CoroutineDispatcher dispatcher) {
        return task -> dispatcher.dispatch(EmptyCoroutineContext.INSTANCE, task);
    }

    /**
     * {@code GlobalScope.launch(dispatcher, UNDISPATCHED) { delay(millis); then() }}: a coroutine on
     * the UI dispatcher that suspends in Kotlin's {@code delay} (the dispatcher's own {@code Delay},
     * a {@code Timeline} on JavaFX and a {@code javax.swing.Timer} on Swing, a loop timer for
     * {@code LoopDispatchers}) and runs {@code then}
     * when it resumes. UI thread.
     */
    static void delayThen(CoroutineDispatcher dispatcher, long millis, Runnable then) {
        Function2<CoroutineScope, Continuation<? super Unit>, Object> body =
                (scope, continuation) -> DelayKt.delay(millis, continuation);
        Job job = BuildersKt.launch(GlobalScope.INSTANCE, dispatcher, CoroutineStart.UNDISPATCHED, body);
        job.invokeOnCompletion(cause -> {
            then.run();
            return Unit.INSTANCE;
        });
    }
}
