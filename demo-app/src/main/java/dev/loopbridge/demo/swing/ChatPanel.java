package dev.loopbridge.demo.swing;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.demo.client.ChannelInfo;
import dev.loopbridge.demo.client.ChatClient;
import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.client.ConnectionState;
import dev.loopbridge.demo.ui.History;
import dev.loopbridge.demo.ui.LagMeter;
import dev.loopbridge.demo.ui.StatusText;
import dev.loopbridge.demo.ui.Transcript;

/**
 * The Swing chat view of one {@link ChatClient}: conversations, the chosen one's messages (a
 * {@link JList} on an append-only model, fed in batches by a {@link Transcript} once per
 * {@link #FRAME}), its members, the input line with history and the status bar. Everything runs
 * on the EDT, which is the client's loop thread: listener callbacks touch the components directly.
 */
final class ChatPanel extends JPanel implements ChatListener, Transcript.View {

    private static final long serialVersionUID = 1L;

    /** How long lines collect before the message view gets them: about one frame. */
    static final Duration FRAME = Duration.ofMillis(16);
    /** How often the status bar re-reads the lags and the pending count. */
    static final Duration STATUS_REFRESH = Duration.ofMillis(500);

    /** The loop lag shown is the worst of this many status refreshes (5 s). */
    private static final int LAG_WINDOW = 10;

    static final Color SIDE = new Color(0xf3f4f7);
    static final Color BAR = new Color(0x253858);
    static final Color BAR_TEXT = new Color(0xc9d3e6);

    /** One conversation: a channel, a private chat, or the server messages. */
    static final class Conversation {
        final String key;
        String name;
        final EntryListModel lines = new EntryListModel();
        final DefaultListModel<String> members = new DefaultListModel<>();
        boolean joined;

        Conversation(String key, String name) {
            this.key = key;
            this.name = name;
        }

        @Override
        public String toString() {
            return name.equals(ChatEntry.SERVER) ? "server" : name;
        }
    }

    final transient ChatClient client;
    private final transient EventLoop loop;
    final transient Transcript transcript;
    private final transient History history = new History();
    private final transient Map<String, Conversation> byKey = new HashMap<>();
    final DefaultListModel<Conversation> conversationModel = new DefaultListModel<>();
    final JList<Conversation> conversations = new JList<>(conversationModel);
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
    private transient TimerHandle refresher;

    /** A view of {@code client} (the caller starts it); {@code scope} bounds the status refresher. */
    ChatPanel(ChatClient client, LoopScope scope, JButton serverButton) {
        super(new BorderLayout());
        this.client = client;
        this.loop = client.loop();
        this.transcript = new Transcript(this, flush -> loop.callLater(FRAME, flush));
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
                show(conversations.getSelectedValue());
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

        conversation(ChatEntry.SERVER);
        for (String channel : client.config().channels()) {
            conversation(channel);
        }
        String active = client.activeTarget().map(Transcript::key).orElse(Transcript.key(ChatEntry.SERVER));
        conversations.setSelectedValue(byKey.getOrDefault(active, byKey.get(Transcript.key(ChatEntry.SERVER))), true);
        stateChanged(client.state());
        serverLag.setText(StatusText.serverLag(client.lag()));
        client.addListener(transcript);
        client.addListener(this);
        refreshStatus();
        loopLag.setText(StatusText.loopLag(Duration.ZERO));
        new LagMeter(loop, scope, STATUS_REFRESH, LAG_WINDOW, worst -> loopLag.setText(StatusText.loopLag(worst)));
        scope.onClose(() -> {
            if (refresher != null) {
                refresher.cancel();
            }
            client.removeListener(this);
            client.removeListener(transcript);
        });
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

    // ------------------------------------------------------------ Transcript.View

    @Override
    public void appended(String key, String name, List<ChatEntry> batch) {
        Conversation c = conversation(name);
        boolean follow = c == conversations.getSelectedValue() && atBottom();
        c.lines.addAll(batch);
        if (follow) {
            messages.ensureIndexIsVisible(c.lines.getSize() - 1);
        }
    }

    @Override
    public void replaced(String key, int index, ChatEntry entry) {
        Conversation c = byKey.get(key);
        if (c != null && index < c.lines.getSize()) {
            c.lines.set(index, entry);
        }
    }

    // ------------------------------------------------------------ ChatListener

    @Override
    public void stateChanged(ConnectionState now) {
        state.setText(StatusText.connection(now, client.config().host() + ":" + client.config().port(), client.nick()));
        state.setForeground(switch (now) {
            case CONNECTED -> new Color(0x7ee2a8);
            case WAITING, CLOSED -> new Color(0xffb4a8);
            case CONNECTING, REGISTERING -> new Color(0xffe08a);
            case DISCONNECTED -> BAR_TEXT;
        });
        if (javax.swing.SwingUtilities.getWindowAncestor(this) instanceof javax.swing.JFrame frame) {
            frame.setTitle("LoopChat (Swing) — " + client.nick() + " @ " + client.config().host());
        }
        state.setName("state-" + now.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void nickChanged(String nick) {
        stateChanged(client.state());
    }

    @Override
    public void channelChanged(ChannelInfo info) {
        boolean isNew = !byKey.containsKey(Transcript.key(info.name()));
        Conversation c = conversation(info.name());
        c.name = info.name();
        c.joined = info.joined();
        List<String> now = info.members();
        if (!now.equals(java.util.Collections.list(c.members.elements()))) {
            c.members.clear();
            c.members.addAll(now);
        }
        if (c == conversations.getSelectedValue()) {
            topic.setText(title(c));
        }
        conversations.repaint();
        if (isNew && client.activeTarget().map(Transcript::key).orElse("").equals(c.key)) {
            conversations.setSelectedValue(c, true);
        }
    }

    @Override
    public void channelRemoved(String channel) {
        Conversation c = byKey.get(Transcript.key(channel));
        if (c != null) {
            c.joined = false;
            c.members.clear();
        }
    }

    @Override
    public void lagChanged(Duration lag) {
        serverLag.setText(StatusText.serverLag(Optional.of(lag)));
    }

    // ------------------------------------------------------------ the rest

    Conversation conversation(String name) {
        return byKey.computeIfAbsent(Transcript.key(name), key -> {
            Conversation c = new Conversation(key, name);
            conversationModel.addElement(c);
            return c;
        });
    }

    private String title(Conversation c) {
        if (c.name.equals(ChatEntry.SERVER)) {
            return "Server messages";
        }
        return client.channel(c.name).map(i -> i.topic().isEmpty() ? i.name() : i.name() + " — " + i.topic())
                .orElse(c.name);
    }

    private void show(Conversation c) {
        if (c == null) {
            return;
        }
        messages.setModel(c.lines);
        users.setModel(c.members);
        topic.setText(title(c));
        if (c.lines.getSize() > 0) {
            messages.ensureIndexIsVisible(c.lines.getSize() - 1);
        }
        if (!c.name.equals(ChatEntry.SERVER)) {
            client.setActiveTarget(c.name);
        }
    }

    private boolean atBottom() {
        JScrollBar bar = messageScroll.getVerticalScrollBar();
        return bar.getValue() + bar.getVisibleAmount() >= bar.getMaximum() - messages.getFixedCellHeight();
    }

    private void submit() {
        String line = input.getText();
        if (line.isBlank()) {
            return;
        }
        history.add(line);
        input.setText("");
        client.submit(line);
        pending.setText(StatusText.pending(client.pendingCount()));
    }

    private void bindHistory() {
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

    private void refreshStatus() {
        pending.setText(StatusText.pending(client.pendingCount()));
        refresher = loop.callLater(STATUS_REFRESH, this::refreshStatus);
    }
}
