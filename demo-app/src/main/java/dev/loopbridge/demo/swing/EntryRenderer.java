package dev.loopbridge.demo.swing;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Font;

import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.ListCellRenderer;

import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.ui.EntryText;

/**
 * Paints one message line: time, who, text, with the nick's colour, and pending lines grey and
 * italic. One renderer paints every visible row (the JList stamps it), so the log's length does
 * not matter. EDT.
 */
final class EntryRenderer implements ListCellRenderer<ChatEntry> {

    static final Color[] NICK_COLORS = {
        new Color(0x3d6fd6), new Color(0xc2410c), new Color(0x15803d), new Color(0x9333ea),
        new Color(0x0e7490), new Color(0xbe123c), new Color(0xa16207), new Color(0x4338ca)};
    static final Color MUTED = new Color(0xa3a9b5);
    static final Color EVENT = new Color(0x6b7280);
    static final Color ERROR = new Color(0xc0392b);
    static final Color JOIN = new Color(0x2e9e5b);
    static final Color TEXT = new Color(0x1f2430);

    private final JPanel row = new JPanel(new BorderLayout(8, 0));
    private final JLabel time = new JLabel();
    private final JLabel who = new JLabel();
    private final JLabel text = new JLabel();
    private final JPanel left = new JPanel(new BorderLayout(8, 0));
    private final Font plain;
    private final Font bold;
    private final Font italic;

    EntryRenderer(Font base) {
        plain = base.deriveFont(Font.PLAIN);
        bold = base.deriveFont(Font.BOLD);
        italic = base.deriveFont(Font.ITALIC);
        time.setFont(new Font(Font.MONOSPACED, Font.PLAIN, base.getSize() - 1));
        time.setForeground(MUTED);
        left.setOpaque(false);
        left.add(time, BorderLayout.WEST);
        left.add(who, BorderLayout.CENTER);
        row.add(left, BorderLayout.WEST);
        row.add(text, BorderLayout.CENTER);
        row.setBorder(BorderFactory.createEmptyBorder(2, 12, 2, 12));
    }

    @Override
    public Component getListCellRendererComponent(JList<? extends ChatEntry> list, ChatEntry e, int index,
            boolean selected, boolean focused) {
        time.setText(EntryText.time(e));
        who.setText(EntryText.who(e));
        text.setText(EntryText.text(e));
        boolean message = e.kind() == ChatEntry.Kind.MESSAGE || e.kind() == ChatEntry.Kind.NOTICE;
        who.setFont(bold);
        who.setForeground(message ? NICK_COLORS[EntryText.colorSlot(e.nick())] : switch (e.kind()) {
            case JOIN -> JOIN;
            case PART, QUIT, KICK, ERROR -> ERROR;
            default -> MUTED;
        });
        text.setFont(plain);
        text.setForeground(message ? TEXT : EVENT);
        if (EntryText.provisional(e)) {
            text.setFont(italic);
            text.setForeground(MUTED);
            who.setForeground(MUTED);
        } else if (EntryText.failed(e)) {
            text.setForeground(ERROR);
        }
        row.setBackground(selected ? list.getSelectionBackground() : list.getBackground());
        return row;
    }
}
