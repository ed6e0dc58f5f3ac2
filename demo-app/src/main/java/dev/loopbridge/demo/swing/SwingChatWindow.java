package dev.loopbridge.demo.swing;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.WindowConstants;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatConfig;
import dev.loopbridge.demo.ui.ConnectFields;
import dev.loopbridge.swing.LoopMonitor;
import dev.loopbridge.swing.SwingAsync;

/**
 * A Swing LoopChat window: the connect form, or the chat view of a running client. Closing the
 * window says goodbye to the server (QUIT, at most {@link #QUIT_WAIT}), then disposes it; the
 * window's scope ({@link SwingAsync#scopeOf}) ends what the view started. EDT.
 */
final class SwingChatWindow {

    /** How long closing the window waits for the server to acknowledge the QUIT. */
    static final Duration QUIT_WAIT = Duration.ofSeconds(3);

    final JFrame frame = new JFrame("LoopChat (Swing)");
    private final EventLoop loop;
    private final LoopScope windowScope;
    private LoopScope viewScope;
    /** Makes the client for a configuration (tests replace it to gate reconnects). */
    java.util.function.Function<ChatConfig, ChatClient> clients;
    ChatClient client;
    ChatPanel chat;
    /** The loop monitor's window while it is open (F12). */
    JDialog monitor;
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    SwingChatWindow(EventLoop loop) {
        this.loop = loop;
        this.clients = config -> new ChatClient(loop, config);
        frame.setSize(1000, 640);
        frame.setMinimumSize(new Dimension(640, 400));
        bindLoopMonitorKey();
        windowScope = SwingAsync.scopeOf(frame, loop);
        SwingAsync.closeGracefully(frame, this::quit, QUIT_WAIT, loop);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                closed.complete(null);
            }
        });
    }

    /** F12: a small window with the loop's live figures (lag, ticks, stalls), beside this one. */
    private void bindLoopMonitorKey() {
        frame.getRootPane().getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW)
                .put(KeyStroke.getKeyStroke(KeyEvent.VK_F12, 0), "loop-monitor");
        frame.getRootPane().getActionMap().put("loop-monitor", new AbstractAction() {
            private static final long serialVersionUID = 1L;

            @Override
            public void actionPerformed(ActionEvent e) {
                showLoopMonitor();
            }
        });
    }

    /** Opens the loop monitor's window, or brings it to the front. */
    void showLoopMonitor() {
        if (monitor != null) {
            monitor.toFront();
            return;
        }
        LoopMonitor view = new LoopMonitor(loop);
        view.setBorder(BorderFactory.createEmptyBorder(12, 12, 12, 12));
        monitor = new JDialog(frame, "LoopChat (Swing) — loop monitor");
        monitor.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        monitor.add(view);
        monitor.pack();
        monitor.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                monitor = null;
            }
        });
        monitor.setVisible(true);
    }

    /** The cleanup before the window closes: QUIT, if a client runs. Loop thread (the EDT). */
    private CompletableFuture<Void> quit() {
        return client == null ? CompletableFuture.completedFuture(null) : client.quit("window closed");
    }

    /** Shows the connect form, filled in from {@code prefill}. */
    void showForm(ChatConfig prefill) {
        dismissView();
        chat = null;
        frame.setContentPane(new Form(prefill));
        frame.setTitle("LoopChat (Swing) — connect");
        frame.revalidate();
        frame.repaint();
    }

    /** Starts a client for {@code config} and shows its chat view. */
    void connect(ChatConfig config) {
        dismissView();
        viewScope = windowScope.newScope();
        client = clients.apply(config);
        ChatClient mine = client;
        JButton serverButton = new JButton("Disconnect");
        serverButton.setName("disconnect");
        serverButton.setBorderPainted(false);
        serverButton.setContentAreaFilled(false);
        serverButton.setForeground(ChatPanel.BAR_TEXT);
        serverButton.addActionListener(SwingAsync.action(e -> mine.quit("switching servers")
                .thenRun(() -> showForm(config)), SwingAsync.Options.defaults().disabling(serverButton).on(loop)));
        chat = new ChatPanel(client, viewScope, serverButton);
        frame.setContentPane(chat);
        frame.revalidate();
        client.start();
        chat.presenter.stateChanged(client.state());
        chat.input.requestFocusInWindow();
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

    /** The connect form. */
    private final class Form extends JPanel {
        private static final long serialVersionUID = 1L;

        Form(ChatConfig prefill) {
            super(new GridBagLayout());
            setBackground(new Color(0xe6ebf6));
            JPanel card = new JPanel(new GridBagLayout());
            card.setBackground(Color.WHITE);
            card.setBorder(BorderFactory.createCompoundBorder(BorderFactory.createLineBorder(new Color(0xd0d6e4)),
                    BorderFactory.createEmptyBorder(24, 24, 24, 24)));
            JTextField server = new JTextField(prefill.server().toString(), 22);
            server.setToolTipText(ConnectFields.SERVER_FORMS);
            JCheckBox tls = new JCheckBox("Use TLS (verify the server's certificate)", prefill.tls() != null);
            tls.setOpaque(false);
            JTextField nick = new JTextField(prefill.nick(), 22);
            JTextField channel = new JTextField(prefill.channels().isEmpty() ? "#loopchat" : prefill.channels().get(0), 22);
            JButton connect = new JButton("Connect");
            JLabel problem = new JLabel(" ");
            problem.setForeground(EntryRenderer.ERROR);
            JLabel title = new JLabel("LoopChat");
            title.setFont(title.getFont().deriveFont(Font.BOLD, 24f));
            title.setForeground(ChatPanel.BAR);
            JLabel subtitle = new JLabel("an IRC client on one LoopBridge event loop");
            subtitle.setForeground(new Color(0x8a909c));
            GridBagConstraints c = new GridBagConstraints();
            c.insets = new Insets(5, 5, 5, 5);
            c.anchor = GridBagConstraints.WEST;
            c.gridx = 0;
            c.gridwidth = 2;
            c.gridy = 0;
            card.add(title, c);
            c.gridy = 1;
            card.add(subtitle, c);
            c.gridwidth = 1;
            String[] labels = {"Server", "", "Nick", "Channel"};
            javax.swing.JComponent[] fields = {server, tls, nick, channel};
            for (int i = 0; i < labels.length; i++) {
                c.gridy = 2 + i;
                c.gridx = 0;
                c.anchor = GridBagConstraints.EAST;
                card.add(new JLabel(labels[i]), c);
                c.gridx = 1;
                c.anchor = GridBagConstraints.WEST;
                card.add(fields[i], c);
            }
            c.gridy = 6;
            card.add(connect, c);
            c.gridy = 7;
            card.add(problem, c);
            add(card);
            Runnable go = () -> {
                try {
                    connect(ConnectFields.config(prefill, server.getText(), tls.isSelected(), nick.getText(),
                            channel.getText()));
                } catch (IllegalArgumentException bad) {
                    problem.setText(bad.getMessage());
                }
            };
            connect.addActionListener(e -> go.run());
            server.addActionListener(e -> go.run());
            nick.addActionListener(e -> go.run());
            channel.addActionListener(e -> go.run());
        }
    }
}
