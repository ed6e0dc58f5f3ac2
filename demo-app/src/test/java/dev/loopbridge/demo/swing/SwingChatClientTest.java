package dev.loopbridge.demo.swing;

import java.awt.event.ActionEvent;
import java.awt.event.WindowEvent;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.IntStream;

import javax.swing.JComponent;
import javax.swing.JTextField;
import javax.swing.ListModel;

import org.junit.jupiter.api.Tag;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.ui.ChatWindowContract;
import dev.loopbridge.demo.ui.Conversation;
import dev.loopbridge.swing.LoopMonitor;
import dev.loopbridge.swing.SwingEventLoop;

/**
 * The Swing client in a real window (Xvfb, the x11 profile) against the embedded server: the
 * {@link ChatWindowContract} (what the user types reaches another client, others' lines and joins
 * and parts show up, lines typed while the server is down wait as pending and are delivered once
 * after it is back). Components are read and driven on the EDT; waits re-check their condition on
 * every frame tick of the view (the only time it changes), bounded by the scaled timeout.
 */
@Tag("window")
class SwingChatClientTest extends ChatWindowContract {

    private SwingChatWindow window;

    SwingChatClientTest() {
        super("#swing");
    }

    @Override
    protected EventLoop loop() {
        return SwingEventLoop.shared();
    }

    @Override
    protected void openWindow(ChatConfig config, Function<ChatConfig, ChatClient> clients) {
        window = new SwingChatWindow(loop());
        window.clients = clients;
        window.connect(config);
        window.frame.setVisible(true);
    }

    @Override
    protected void closeWindow() {
        if (window != null) {
            window.frame.dispose();
        }
    }

    @Override
    protected void requestClose() {
        window.frame.dispatchEvent(new WindowEvent(window.frame, WindowEvent.WINDOW_CLOSING));
    }

    @Override
    protected boolean windowClosed() {
        return window.closed.isDone();
    }

    @Override
    protected List<ChatEntry> messages() {
        return elements(window.chat.messages.getModel());
    }

    @Override
    protected List<String> users() {
        return elements(window.chat.users.getModel());
    }

    private static <T> List<T> elements(ListModel<T> model) {
        return IntStream.range(0, model.getSize()).mapToObj(model::getElementAt).toList();
    }

    @Override
    protected Conversation chosen() {
        return window.chat.selected();
    }

    @Override
    protected String input() {
        return window.chat.input.getText();
    }

    @Override
    protected void setInput(String text) {
        window.chat.input.setText(text);
    }

    @Override
    protected void press(Key key) {
        JTextField input = window.chat.input;
        switch (key) {
            case ENTER -> input.postActionEvent();
            case UP -> perform(input, "history-previous");
            case DOWN -> perform(input, "history-next");
            case F12 -> perform(window.frame.getRootPane(), "loop-monitor");
        }
    }

    @Override
    protected List<String> loopMonitorValues() {
        return window.monitor == null ? null
                : ((LoopMonitor) window.monitor.getContentPane().getComponent(0)).shownValues();
    }

    /** Runs the input line's action {@code name}, as its key binding does. */
    private static void perform(JComponent target, String name) {
        target.getActionMap().get(name).actionPerformed(new ActionEvent(target, ActionEvent.ACTION_PERFORMED, name));
    }

    @Override
    protected String stateText() {
        return window.chat.state.getText();
    }

    @Override
    protected String pendingText() {
        return window.chat.pending.getText();
    }

    @Override
    protected void checkEveryFrame(BooleanSupplier condition, LoopFuture<Void> done) {
        if (done.isDone()) {
            return;
        }
        if (condition.getAsBoolean()) {
            done.complete(null);
        } else {
            loop().callLater(ChatPanel.FRAME, () -> checkEveryFrame(condition, done));
        }
    }
}
