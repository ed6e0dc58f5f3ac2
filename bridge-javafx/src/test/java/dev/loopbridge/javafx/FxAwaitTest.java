package dev.loopbridge.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import dev.loopbridge.core.Async;
import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.tck.NetworkSupport;

/**
 * Async bodies on the JavaFX Application Thread, driven by TestFX's robot, headless on Monocle:
 * sequential code that awaits the network and touches controls directly.
 */
@ExtendWith(ApplicationExtension.class)
class FxAwaitTest {

    private EventLoop loop;
    private Server server;
    private SocketAddress address;
    private Stage owner;
    private Button button;
    private Label label;

    @Start
    void start(Stage stage) {
        owner = stage;
        button = new Button("fetch");
        label = new Label("idle");
        stage.setScene(new Scene(new VBox(button, label), 200, 100));
        stage.show();
    }

    @BeforeEach
    void startServer() {
        loop = FxEventLoop.shared();
        server = await(loop.startServer(c -> NetworkSupport.answerLines(c, "hello, "), ServerOptions.bind("127.0.0.1", 0)));
        address = onFx(() -> server.addresses().get(0));
    }

    @AfterEach
    void stopServer() {
        onFx(() -> {
            server.close();
            return null;
        });
    }

    private <T> T onFx(Callable<T> task) {
        return loop.runUntilComplete(loop.submit(task));
    }

    private <T> T await(CompletionStage<T> stage) {
        return loop.runUntilComplete(stage);
    }

    @Test
    void aButtonHandlerAwaitsANetworkReplyAndThenUpdatesALabel(FxRobot robot) {
        List<Boolean> onFxThread = new CopyOnWriteArrayList<>();
        onFx(() -> {
            button.setOnAction(FxAsync.handler(e -> Async.async(loop, () -> {
                onFxThread.add(Platform.isFxApplicationThread());
                StreamConnection c = Async.await(loop.openConnection(ConnectOptions.to(address)));
                onFxThread.add(Platform.isFxApplicationThread());
                c.writer().writeLine("button");
                String reply = Async.await(c.reader().readLine());
                onFxThread.add(Platform.isFxApplicationThread());
                label.setText(reply);   // on the FX thread: no runLater
                c.writer().close();
                return null;
            })));
            return null;
        });
        LoopFuture<String> text = onFx(() -> FxAsync.nextValue(label.textProperty()));
        robot.clickOn(button);
        assertEquals("hello, button", await(text));
        assertEquals(List.of(true, true, true), onFxThread);
    }

    @Test
    void aModalDialogOpenedInsideABodyKeepsOtherBodiesRunning() {
        List<String> order = new CopyOnWriteArrayList<>();
        List<LoopFuture<Void>> bodies = onFx(() -> {
            Stage dialog = new Stage();
            dialog.initOwner(owner);
            dialog.initModality(Modality.APPLICATION_MODAL);
            dialog.setScene(new Scene(new Label("modal"), 150, 80));
            LoopFuture<Void> opener = Async.async(loop, () -> {
                order.add("opener shows the dialog");
                dialog.showAndWait();   // a nested FX event loop
                order.add("opener resumes after the dialog");
                return null;
            });
            LoopFuture<Void> talker = Async.async(loop, () -> {
                StreamConnection c = Async.await(loop.openConnection(ConnectOptions.to(address)));
                c.writer().writeLine("dialog");
                order.add("talker got " + Async.await(c.reader().readLine()) + " on the FX thread: "
                        + Platform.isFxApplicationThread());
                c.writer().close();
                dialog.hide();
                return null;
            });
            return List.of(opener, talker);
        });
        bodies.forEach(this::await);
        assertEquals(List.of("opener shows the dialog", "talker got hello, dialog on the FX thread: true",
                "opener resumes after the dialog"), order);
    }
}
