package dev.loopbridge.demo.swing;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollBar;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.ListSelectionModel;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopScope;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.ui.ChatPresenter;
import dev.loopbridge.demo.ui.Conversation;
import dev.loopbridge.demo.ui.History;
import dev.loopbridge.demo.ui.Transcript;

/**
 * The Swing chat view of one {@link ChatClient}: conversations, the chosen one's messages (a
 * {@link JList} on an append-only model, fed in batches by a {@link Transcript} once per
 * {@link #FRAME}), its members, the input line with history and the status bar. What the client's
 * events call for is the {@link ChatPresenter}'s; this class is the components it drives.
 * Everything runs on the EDT, which is the client's loop thread.
 */
final class ChatPanel extends JPanel implements ChatPresenter.View<ChatPanel.SwingConversation> {

    private static final long serialVersionUID = 1L;

    /** How long lines collect before the message view gets them: about one frame. */
    static final Duration FRAME = Duration.ofMillis(16);

    static final Color SIDE = new Color(0xf3f4f7);
    static final Color BAR = new Color(0x253858);
    static final Color BAR_TEXT = new Color(0xc9d3e6);

    /** One conversation's lines and members, as the lists show them. */
    static final class SwingConversation extends Conversation {
        final EntryListModel lines = new EntryListModel();
        final DefaultListModel<String> members = new DefaultListModel<>();

        SwingConversation(String key, String name) {
            super(key, name);
        }

        @Override
        protected void append(List<ChatEntry> batch) {
            lines.addAll(batch);
        }

        @Override
        protected int lineCount() {
            return lines.getSize();
        }

        @Override
        protected void replace(int index, ChatEntry entry) {
            lines.set(index, entry);
        }

        @Override
        protected void setMembers(List<String> now) {
            if (!now.equals(Collections.list(members.elements()))) {
                members.clear();
                members.addAll(now);
            }
        }
    }

    final transient ChatPresenter<SwingConversation> presenter;
    final DefaultListModel<SwingConversation> conversationModel = new DefaultListModel<>();
    final JList<SwingConversation> conversations = new JList<>(conversationModel);
    final JList<ChatEntry> messages = new JList<>();
    final JScrollPane messageScroll = new JScrollPane(messages);
    final JList<String> users = new JList<>();
    final JTextField input = new JTextField();
    final JButton send = new JButton("Send");
    final JLabel state = new JLabel();
    final JLabel serverLag = new JLabel();
    final JLabel loopLag = new JLabel();
    final JLabel pending = new JLabel();
    final JLabel topic = new JLabel();

    /** A view of {@code client} (the caller starts it); {@code scope} bounds the status refresher. */
    ChatPanel(ChatClient client, LoopScope scope, JButton serverButton) {
        super(new BorderLayout());
        EventLoop loop = client.loop();
        this.presenter = new ChatPresenter<>(client, flush -> loop.callLater(FRAME, flush), this,
                new ChatPresenter.Labels(topic::setText, serverLag::setText, loopLag::setText, pending::setText));
        Font base = input.getFont().deriveFont(13f);

        messages.setCellRenderer(new EntryRenderer(base));
        messages.setFixedCellHeight(22);
        messages.setPrototypeCellValue(null);
        messages.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        messages.setName("messages");
        messageScroll.setBorder(BorderFactory.createEmptyBorder());
        messageScroll.getVerticalScrollBar().setUnitIncrement(22);

        conversations.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        conversations.setBackground(SIDE);
        conversations.setFixedCellHeight(26);
        conversations.addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                presenter.chosen(conversations.getSelectedValue());
            }
        });
        users.setBackground(SIDE);
        users.setFixedCellHeight(22);
        users.setName("users");

        JSplitPane inner = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, center(), sidebar("USERS", users));
        inner.setResizeWeight(1);
        inner.setBorder(null);
        inner.setDividerSize(1);
        JSplitPane outer = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, sidebar("CONVERSATIONS", conversations), inner);
        outer.setBorder(null);
        outer.setDividerSize(1);
        outer.setDividerLocation(170);
        inner.setDividerLocation(640);
        add(outer, BorderLayout.CENTER);

        input.setName("input");
        input.setFont(base);
        input.addActionListener(e -> submit());
        send.addActionListener(e -> submit());
        bindHistory();
        JPanel inputRow = new JPanel(new BorderLayout(8, 0));
        inputRow.setBorder(BorderFactory.createCompoundBorder(
                BorderFactory.createMatteBorder(1, 0, 0, 0, new Color(0xdcdfe6)),
                BorderFactory.createEmptyBorder(8, 10, 8, 10)));
        inputRow.setBackground(Color.WHITE);
        inputRow.add(input, BorderLayout.CENTER);
        inputRow.add(send, BorderLayout.EAST);

        Box status = Box.createHorizontalBox();
        status.setOpaque(true);
        status.setBackground(BAR);
        status.setBorder(BorderFactory.createEmptyBorder(4, 10, 4, 10));
        for (JComponent c : List.of(state, pending, serverLag, loopLag)) {
            c.setForeground(BAR_TEXT);
            c.setFont(base.deriveFont(12f));
        }
        pending.setForeground(new Color(0xffe08a));
        serverButton.setFont(base.deriveFont(12f));
        status.add(state);
        status.add(Box.createHorizontalStrut(14));
        status.add(pending);
        status.add(Box.createHorizontalGlue());
        status.add(serverLag);
        status.add(Box.createHorizontalStrut(14));
        status.add(loopLag);
        status.add(Box.createHorizontalStrut(14));
        status.add(serverButton);
        JPanel bottom = new JPanel(new BorderLayout());
        bottom.add(inputRow, BorderLayout.CENTER);
        bottom.add(status, BorderLayout.SOUTH);
        add(bottom, BorderLayout.SOUTH);

        presenter.start(scope);
    }

    private JComponent center() {
        topic.setBorder(BorderFactory.createCompoundBorder(
                BorderFactory.createMatteBorder(0, 0, 1, 0, new Color(0xdcdfe6)),
                BorderFactory.createEmptyBorder(8, 12, 8, 12)));
        topic.setFont(topic.getFont().deriveFont(Font.BOLD, 13f));
        topic.setForeground(BAR);
        JPanel center = new JPanel(new BorderLayout());
        center.setBackground(Color.WHITE);
        messages.setBackground(Color.WHITE);
        center.add(topic, BorderLayout.NORTH);
        center.add(messageScroll, BorderLayout.CENTER);
        return center;
    }

    private static JComponent sidebar(String title, JList<?> list) {
        JLabel label = new JLabel(title);
        label.setFont(label.getFont().deriveFont(Font.BOLD, 11f));
        label.setForeground(new Color(0x8a909c));
        label.setBorder(BorderFactory.createEmptyBorder(10, 12, 6, 12));
        JPanel side = new JPanel(new BorderLayout());
        side.setBackground(SIDE);
        side.add(label, BorderLayout.NORTH);
        JScrollPane scroll = new JScrollPane(list);
        scroll.setBorder(BorderFactory.createEmptyBorder(0, 4, 0, 0));
        scroll.getViewport().setBackground(SIDE);
        side.add(scroll, BorderLayout.CENTER);
        side.setMinimumSize(new Dimension(120, 100));
        side.setPreferredSize(new Dimension(170, 100));
        return side;
    }

    // ------------------------------------------------------------ ChatPresenter.View

    @Override
    public SwingConversation add(String key, String name) {
        SwingConversation c = new SwingConversation(key, name);
        conversationModel.addElement(c);
        return c;
    }

    @Override
    public SwingConversation selected() {
        return conversations.getSelectedValue();
    }

    @Override
    public void select(SwingConversation c) {
        conversations.setSelectedValue(c, true);
    }

    @Override
    public void show(SwingConversation c) {
        if (c == null) {
            return;
        }
        messages.setModel(c.lines);
        users.setModel(c.members);
        if (c.lines.getSize() > 0) {
            scrollToNewest();
        }
    }

    @Override
    public boolean atBottom() {
        JScrollBar bar = messageScroll.getVerticalScrollBar();
        return bar.getValue() + bar.getVisibleAmount() >= bar.getMaximum() - messages.getFixedCellHeight();
    }

    @Override
    public void scrollToNewest() {
        messages.ensureIndexIsVisible(messages.getModel().getSize() - 1);
    }

    @Override
    public void conversationsChanged() {
        conversations.repaint();
    }

    @Override
    public void showState(ConnectionState now, String text, String nickAtHost) {
        state.setText(text);
        state.setForeground(switch (now) {
            case CONNECTED -> new Color(0x7ee2a8);
            case WAITING, CLOSED -> new Color(0xffb4a8);
            case CONNECTING, REGISTERING -> new Color(0xffe08a);
            case DISCONNECTED -> BAR_TEXT;
        });
        if (javax.swing.SwingUtilities.getWindowAncestor(this) instanceof javax.swing.JFrame frame) {
            frame.setTitle("LoopChat (Swing) — " + nickAtHost);
        }
        state.setName("state-" + now.name().toLowerCase(Locale.ROOT));
    }

    // ------------------------------------------------------------ the input line

    private void submit() {
        if (presenter.submit(input.getText())) {
            input.setText("");
        }
    }

    private void bindHistory() {
        History history = presenter.history();
        input.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_UP, 0), "history-previous");
        input.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_DOWN, 0), "history-next");
        input.getActionMap().put("history-previous", new AbstractAction() {
            private static final long serialVersionUID = 1L;

            @Override
            public void actionPerformed(ActionEvent e) {
                input.setText(history.previous(input.getText()));
            }
        });
        input.getActionMap().put("history-next", new AbstractAction() {
            private static final long serialVersionUID = 1L;

            @Override
            public void actionPerformed(ActionEvent e) {
                input.setText(history.next());
            }
        });
    }
}
