package dev.loopbridge.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.core.Reentry;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.tck.CapturedLog;

/** FxAsync on real controls, clicked by TestFX's robot, headless on Monocle. */
@ExtendWith(ApplicationExtension.class)
class FxAsyncTest {

    /** The shared FX loop; the toolkit starts before each test (ApplicationExtension), so it is taken then. */
    private EventLoop loop;
    private final List<String> reported = new CopyOnWriteArrayList<>();
    private Button button;
    private Label label;
    private Stage stage;

    @Start
    void start(Stage primary) {
        stage = primary;
        button = new Button("fetch");
        label = new Label("idle");
        primary.setScene(new Scene(new VBox(button, label), 200, 100));
        primary.show();
    }

    @BeforeEach
    void captureErrors() {
        loop = FxEventLoop.shared();
        CapturedLog.clear();
        loop.setExceptionHandler((l, error, context) -> reported.add(error.getMessage()));
    }

    @AfterEach
    void restoreErrors() {
        loop.setExceptionHandler(null);
    }

    /** Runs {@code task} on the FX thread (through the loop) and returns its result. */
    private <T> T onFx(Callable<T> task) {
        return loop.runUntilComplete(loop.submit(task));
    }

    private <T> T await(CompletionStage<T> stage) {
        return loop.runUntilComplete(stage);
    }

    @Test
    void aButtonHandlerTalksToAServerAndUpdatesALabelOnTheFxThread(FxRobot robot) {
        Server server = await(loop.startServer(conn -> conn.reader().readLine().thenAccept(line ->
                conn.writer().writeLine("hello, " + line)), ServerOptions.bind("127.0.0.1", 0)));
        SocketAddress address = onFx(() -> server.addresses().get(0));
        List<Boolean> onFxThread = new CopyOnWriteArrayList<>();
        onFx(() -> {
            button.setOnAction(FxAsync.handler(e -> loop.openConnection(ConnectOptions.to(address))
                    .thenCompose(conn -> {
                        conn.writer().writeLine("button");
                        return conn.reader().readLine();
                    })
                    .thenAccept(reply -> {
                        onFxThread.add(Platform.isFxApplicationThread());
                        label.setText(reply);
                    })));
            return null;
        });
        LoopFuture<String> text = onFx(() -> FxAsync.nextValue(label.textProperty()));
        robot.clickOn(button);
        assertEquals("hello, button", await(text));
        assertEquals(List.of(true), onFxThread);
        onFx(() -> {
            server.close();
            return null;
        });
    }

    @Test
    void theButtonIsDisabledWhileItsHandlerRuns(FxRobot robot) {
        List<LoopFuture<Void>> runs = new ArrayList<>();
        onFx(() -> {
            button.setOnAction(FxAsync.handler(e -> {
                LoopFuture<Void> run = loop.newFuture();
                runs.add(run);
                return run;
            }, FxAsync.HandlerOptions.defaults().disabling(button)));
            return null;
        });
        LoopFuture<Boolean> disabled = onFx(() -> FxAsync.nextValue(button.disabledProperty()));
        robot.clickOn(button);
        assertTrue(await(disabled));
        LoopFuture<Boolean> enabled = onFx(() -> {
            LoopFuture<Boolean> next = FxAsync.nextValue(button.disabledProperty());
            runs.get(0).complete(null);
            return next;
        });
        assertFalse(await(enabled));
    }

    /** Installs a handler with {@code policy} whose runs are futures the test completes. */
    private List<LoopFuture<Void>> handlerWith(Reentry policy) {
        List<LoopFuture<Void>> runs = new CopyOnWriteArrayList<>();
        onFx(() -> {
            button.setOnAction(FxAsync.handler(e -> {
                LoopFuture<Void> run = loop.newFuture();
                runs.add(run);
                return run;
            }, FxAsync.HandlerOptions.defaults().onReentry(policy)));
            return null;
        });
        return runs;
    }

    private void fire(int times) {
        onFx(() -> {
            for (int i = 0; i < times; i++) {
                button.fire();
            }
            return null;
        });
    }

    @Test
    void ignoreDropsEventsWhileARunIsGoing() {
        List<LoopFuture<Void>> runs = handlerWith(Reentry.IGNORE);
        fire(3);
        assertEquals(1, runs.size());
        onFx(() -> runs.get(0).complete(null));
        fire(1);
        assertEquals(2, runs.size());
    }

    @Test
    void queueRunsEventsOneAfterAnotherInOrder() {
        List<LoopFuture<Void>> runs = handlerWith(Reentry.QUEUE);
        fire(3);
        assertEquals(1, runs.size(), "the second waits for the first");
        onFx(() -> runs.get(0).complete(null));
        assertEquals(2, runs.size());
        onFx(() -> runs.get(1).complete(null));
        assertEquals(3, runs.size());
        onFx(() -> runs.get(2).complete(null));
    }

    @Test
    void cancelPreviousCancelsTheRunningOneAndStarts() {
        List<LoopFuture<Void>> runs = handlerWith(Reentry.CANCEL_PREVIOUS);
        fire(2);
        assertEquals(2, runs.size());
        assertTrue(runs.get(0).isCancelled());
        assertFalse(runs.get(1).isDone());
        onFx(() -> runs.get(1).complete(null));
        assertEquals(List.of(), reported, "a cancellation is not an error");
    }

    @Test
    void aFailingHandlerIsReportedToTheLoop() {
        onFx(() -> {
            button.setOnAction(FxAsync.<ActionEvent>handler(e ->
                    CompletableFuture.failedFuture(new IllegalStateException("no network"))));
            button.fire();
            return null;
        });
        onFx(() -> null);
        assertEquals(List.of("no network"), reported);
    }

    @Test
    void aWindowScopeCancelsItsWorkWhenTheWindowIsHidden() {
        LoopFuture<Void> work = onFx(() -> {
            Stage other = new Stage();
            other.setScene(new Scene(new Label("other"), 100, 50));
            other.show();
            LoopScope scope = FxAsync.scopeOf(other);
            LoopFuture<Void> sleeping = scope.launch(() -> loop.sleep(Duration.ofHours(1)));
            assertTrue(scope == FxAsync.scopeOf(other), "one scope per window");
            other.hide();
            return sleeping;
        });
        assertTrue(work.isCancelled());
    }

    @Test
    void closingAWindowGracefullyWaitsForTheCleanup() {
        CompletableFuture<String> serverSaw = new CompletableFuture<>();
        Server server = await(loop.startServer(conn -> conn.reader().readLine().thenAccept(serverSaw::complete),
                ServerOptions.bind("127.0.0.1", 0)));
        SocketAddress address = onFx(() -> server.addresses().get(0));
        StreamConnection conn = await(loop.openConnection(ConnectOptions.to(address)));
        LoopFuture<Boolean> hidden = onFx(() -> {
            Stage chat = new Stage();
            chat.setScene(new Scene(new Label("chat"), 100, 50));
            chat.show();
            FxAsync.closeGracefully(chat, () -> {
                conn.writer().writeLine("QUIT :bye");
                conn.close(); // flushes, then closes
                return conn.writer().closed();
            }, Duration.ofSeconds(5));
            LoopFuture<Boolean> showing = FxAsync.nextValue(chat.showingProperty());
            chat.fireEvent(new WindowEvent(chat, WindowEvent.WINDOW_CLOSE_REQUEST));
            assertTrue(chat.isShowing(), "the window waits for its cleanup");
            return showing;
        });
        assertFalse(await(hidden));
        assertEquals("QUIT :bye", await(serverSaw));
    }

    @Test
    void nextPulseCompletesOnAFrameWithItsTimestamp() {
        long pulse = await(onFx(() -> FxAsync.nextPulse()));
        assertTrue(pulse > 0);
    }

    @Test
    void helpersRefuseToRunOffTheFxThread() {
        String message;
        try {
            FxAsync.nextValue(label.textProperty());
            message = "no error";
        } catch (IllegalStateException e) {
            message = e.getMessage();
        }
        assertTrue(message.startsWith("FxAsync.nextValue must be called on the JavaFX Application Thread"), message);
        assertTrue(stage.isShowing());
    }
}
