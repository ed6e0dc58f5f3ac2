package dev.loopbridge.demo.fx;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.javafx.FxAsync;
import dev.loopbridge.javafx.LoopMonitor;

/**
 * A LoopChat window: the connect form, or the chat view of a running client. Closing the window
 * says goodbye to the server (QUIT, at most {@link #QUIT_WAIT}) before it goes. FX thread.
 */
final class FxChatWindow {

    /** How long closing the window waits for the server to acknowledge the QUIT. */
    static final Duration QUIT_WAIT = Duration.ofSeconds(3);

    final Stage stage;
    private final EventLoop loop;
    private final Scene scene;
    private final LoopScope windowScope;
    private LoopScope viewScope;
    /** Makes the client for a configuration (tests replace it to gate reconnects). */
    java.util.function.Function<ChatConfig, ChatClient> clients;
    ChatClient client;
    ChatPane chat;
    ConnectForm form;
    /** The loop monitor's window while it is open (F12). */
    Stage monitor;

    FxChatWindow(Stage stage, EventLoop loop) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.clients = config -> new ChatClient(loop, config);
        this.scene = new Scene(new javafx.scene.layout.Pane(), 1000, 640);
        scene.getStylesheets().add(Objects.requireNonNull(FxChatWindow.class.getResource("loopchat.css"),
                "loopchat.css is missing from the build").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("LoopChat");
        stage.setMinWidth(640);
        stage.setMinHeight(400);
        windowScope = FxAsync.scopeOf(stage, loop);
        FxAsync.closeGracefully(stage, this::quit, QUIT_WAIT);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F12) {
                showLoopMonitor();
                e.consume();
            }
        });
    }

    /** F12: a small window with the loop's live figures (lag, ticks, stalls), beside this one. */
    void showLoopMonitor() {
        if (monitor != null) {
            monitor.toFront();
            return;
        }
        LoopMonitor view = new LoopMonitor(loop);
        view.setPadding(new Insets(12));
        monitor = new Stage();
        monitor.initOwner(stage);
        monitor.setTitle("LoopChat — loop monitor");
        monitor.setScene(new Scene(view));
        monitor.setOnHidden(e -> monitor = null);
        monitor.show();
    }

    /** Shows the connect form, filled in from {@code prefill}. */
    void showForm(ChatConfig prefill) {
        dismissView();
        form = new ConnectForm(prefill, this::connect);
        chat = null;
        scene.setRoot(form);
        stage.setTitle("LoopChat — connect");
    }

    /** Starts a client for {@code config} and shows its chat view. */
    void connect(ChatConfig config) {
        dismissView();
        viewScope = windowScope.newScope();
        client = clients.apply(config);
        Button serverButton = new Button("Disconnect");
        serverButton.setId("disconnect");
        serverButton.getStyleClass().add("link");
        ChatClient mine = client;
        serverButton.setOnAction(FxAsync.handler(e -> mine.quit("switching servers").thenRun(() -> showForm(config)),
                FxAsync.HandlerOptions.defaults().disabling(serverButton).on(loop)));
        chat = new ChatPane(client, viewScope, serverButton);
        form = null;
        scene.setRoot(chat);
        client.start();
        chat.presenter.stateChanged(client.state());
        chat.input.requestFocus();
    }

    /** A future completed when the window is hidden (closed). */
    CompletableFuture<Void> hidden() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> done.complete(null));
        return done;
    }

    private CompletableFuture<Void> quit() {
        if (client == null) {
            return CompletableFuture.completedFuture(null);
        }
        return client.quit("window closed");
    }

    private void dismissView() {
        if (viewScope != null) {
            viewScope.close();
            viewScope = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
