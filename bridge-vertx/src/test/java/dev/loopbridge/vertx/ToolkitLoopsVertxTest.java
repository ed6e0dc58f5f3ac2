package dev.loopbridge.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeoutException;

import javafx.application.Platform;
import javax.swing.SwingUtilities;

import io.vertx.core.Context;
import io.vertx.core.ThreadingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.javafx.FxEventLoop;
import dev.loopbridge.swing.SwingEventLoop;

/** Contexts made on the JavaFX Application Thread or the EDT run on the toolkit's shared loop, unregistered. */
class ToolkitLoopsVertxTest {

    private static VertxFixture vertx;

    @BeforeAll
    static void start() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
        vertx = new VertxFixture();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void theHttpClientCallsBackOnTheFxThread() {
        EventLoop fx = FxEventLoop.shared();
        Context context = fx.runUntilComplete(fx.submit(vertx.vertx::getOrCreateContext));
        assertEquals(ThreadingModel.EXTERNAL, context.threadingModel());
        String body = fx.runUntilComplete(fx.submit(() -> vertx.get("/fx", Platform::isFxApplicationThread)
                .toCompletionStage()).thenCompose(stage -> stage));
        assertEquals("hello /fx", body);
        assertEquals(List.of(), vertx.offThread());
    }

    @Test
    void theHttpClientCallsBackOnTheEdt() {
        EventLoop edt = SwingEventLoop.shared();
        String body = edt.runUntilComplete(edt.submit(() -> vertx.get("/swing", SwingUtilities::isEventDispatchThread)
                .toCompletionStage()).thenCompose(stage -> stage));
        assertEquals("hello /swing", body);
        assertEquals(List.of(), vertx.offThread());
    }
}
