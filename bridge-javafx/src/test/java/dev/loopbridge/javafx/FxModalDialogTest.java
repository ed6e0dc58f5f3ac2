package dev.loopbridge.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Modality;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import dev.loopbridge.core.ConnectOptions;
import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.Server;
import dev.loopbridge.core.ServerOptions;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.tck.NetworkSupport;

/**
 * Modal dialogs opened inside loop callbacks run a nested JavaFX event loop: timers, callbacks and
 * sockets go on inside it, in order, and the callback that opened the dialog resumes after it.
 */
@ExtendWith(ApplicationExtension.class)
class FxModalDialogTest {

    private EventLoop loop;
    private Stage owner;
    private Server server;
    private StreamConnection conn;

    @Start
    void start(Stage stage) {
        owner = stage;
        stage.setScene(new Scene(new Label("owner"), 200, 100));
        stage.show();
    }

    @BeforeEach
    void connect() {
        loop = FxEventLoop.shared();
        server = await(loop.startServer(c -> NetworkSupport.answerLines(c, "pong "), ServerOptions.bind("127.0.0.1", 0)));
        SocketAddress address = onFx(() -> server.addresses().get(0));
        conn = await(loop.openConnection(ConnectOptions.to(address)));
    }

    @AfterEach
    void disconnect() {
        onFx(() -> {
            conn.close();
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

    private Stage dialog(String title) {
        Stage d = new Stage();
        d.initOwner(owner);
        d.initModality(Modality.APPLICATION_MODAL);
        d.setScene(new Scene(new Label(title), 150, 80));
        return d;
    }

    @Test
    void timersCallbacksAndSocketsRunInOrderWhileAModalDialogIsOpen() {
        List<String> order = new CopyOnWriteArrayList<>();
        LoopFuture<Void> done = loop.newFuture();
        onFx(() -> {
            loop.callSoon(() -> {
                order.add("callback opens the dialog");
                Stage d = dialog("modal");
                loop.callLater(Duration.ofMillis(20), () -> {
                    order.add("timer inside the dialog");
                    conn.writer().writeLine("ping");
                    conn.reader().readLine().thenAccept(reply -> {
                        order.add("socket inside the dialog: " + reply);
                        loop.callSoon(d::hide); // a loop callback closes the dialog
                    });
                });
                d.showAndWait();
                order.add("the callback resumes after the dialog");
                loop.callSoon(() -> {
                    order.add("the next tick");
                    done.complete(null);
                });
            });
            loop.callSoon(() -> order.add("queued behind the callback"));
            return null;
        });
        await(done);
        assertEquals(List.of("callback opens the dialog", "queued behind the callback", "timer inside the dialog",
                "socket inside the dialog: pong ping", "the callback resumes after the dialog", "the next tick"), order);
    }

    @Test
    void dialogsTwoDeepUnwindInOrderWithTheLoopRunningInBoth() {
        List<String> order = new CopyOnWriteArrayList<>();
        LoopFuture<Void> done = loop.newFuture();
        onFx(() -> {
            loop.callSoon(() -> {
                Stage outer = dialog("outer");
                loop.callLater(Duration.ofMillis(10), () -> {
                    Stage inner = dialog("inner");
                    loop.callLater(Duration.ofMillis(10), () -> {
                        conn.writer().writeLine("deep");
                        conn.reader().readLine().thenAccept(reply -> {
                            order.add("inner dialog got " + reply);
                            loop.callSoon(inner::hide);
                        });
                    });
                    order.add("inner dialog opens");
                    inner.showAndWait();
                    order.add("inner dialog closed");
                    loop.callLater(Duration.ofMillis(5), outer::hide);
                });
                order.add("outer dialog opens");
                outer.showAndWait();
                order.add("outer dialog closed");
                done.complete(null);
            });
            return null;
        });
        await(done);
        assertEquals(List.of("outer dialog opens", "inner dialog opens", "inner dialog got pong deep",
                "inner dialog closed", "outer dialog closed"), order);
    }

    @Test
    void runUntilCompleteDuringAPulseFailsClearlyInsteadOfNesting() {
        LoopFuture<String> message = loop.newFuture();
        onFx(() -> {
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    stop();
                    try {
                        loop.runUntilComplete(loop.sleep(Duration.ofMillis(1)));
                        message.complete("nested during a pulse");
                    } catch (IllegalStateException e) {
                        message.complete(e.getMessage());
                    }
                }
            }.start();
            return null;
        });
        String m = await(message);
        assertTrue(m.contains("forbids nested event loops during animation"), m);
    }

    @Test
    void runUntilCompleteInACallbackWaitsInANestedLoop() {
        String reply = onFx(() -> {
            conn.writer().writeLine("nested");
            return loop.runUntilComplete(conn.reader().readLine()); // on the FX thread: a nested loop
        });
        assertEquals("pong nested", reply);
    }
}
