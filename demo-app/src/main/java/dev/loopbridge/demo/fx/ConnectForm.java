package dev.loopbridge.demo.fx;

import java.util.function.Consumer;

import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.ui.ConnectFields;

/**
 * The connect form: server ({@code host:port}, or a {@code ws://} or {@code wss://} URL), TLS, nick and channel; {@code Connect} hands a checked
 * {@link ChatConfig} to the window, or says what is wrong. FX thread.
 */
final class ConnectForm extends StackPane {

    final TextField server = new TextField();
    final CheckBox tls = new CheckBox("Use TLS (verify the server's certificate)");
    final TextField nick = new TextField();
    final TextField channel = new TextField();
    final Button connect = new Button("Connect");
    final Label problem = new Label();

    ConnectForm(ChatConfig prefill, Consumer<ChatConfig> onConnect) {
        getStyleClass().add("connect-form");
        server.setId("server");
        nick.setId("nick");
        channel.setId("channel");
        connect.setId("connect");
        server.setText(prefill.server().toString());
        tls.setSelected(prefill.tls() != null);
        nick.setText(prefill.nick());
        channel.setText(prefill.channels().isEmpty() ? "#loopchat" : prefill.channels().get(0));
        server.setPromptText("irc.libera.chat:6697 or wss://host:port/path");
        server.setTooltip(new Tooltip(ConnectFields.SERVER_FORMS));

        Label title = new Label("LoopChat");
        title.getStyleClass().add("title");
        Label subtitle = new Label("an IRC client on one LoopBridge event loop");
        subtitle.getStyleClass().add("subtitle");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHalignment(HPos.RIGHT);
        ColumnConstraints fields = new ColumnConstraints(260);
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        grid.addRow(0, new Label("Server"), server);
        grid.add(tls, 1, 1);
        grid.addRow(2, new Label("Nick"), nick);
        grid.addRow(3, new Label("Channel"), channel);
        grid.add(connect, 1, 4);
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        grid.add(problem, 1, 5);
        connect.setDefaultButton(true);
        connect.setOnAction(e -> {
            try {
                onConnect.accept(config(prefill));
            } catch (IllegalArgumentException bad) {
                problem.setText(bad.getMessage());
            }
        });

        VBox card = new VBox(12, title, subtitle, grid);
        card.getStyleClass().add("card");
        card.setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        card.setPadding(new Insets(24));
        setAlignment(Pos.CENTER);
        getChildren().add(card);
    }

    /** The form's values as a configuration (the prefill's other settings kept). */
    ChatConfig config(ChatConfig base) {
        return ConnectFields.config(base, server.getText(), tls.isSelected(), nick.getText(), channel.getText());
    }
}
