package dev.loopbridge.swing;

import javax.swing.JTextArea;
import javax.swing.Timer;
import javax.swing.text.BadLocationException;

/**
 * The lines of {@link SwingAsync#appendLines} on their way into a text area: gathered as they are
 * read, appended one frame (16 ms) after the first of them in one edit, the oldest lines dropped
 * beyond the limit. EDT only.
 */
final class SwingLineBatch {

    /** A frame at 60 Hz: what a user can see change at most. */
    static final int FRAME_MILLIS = 16;

    private final JTextArea area;
    private final int keep;
    private final StringBuilder pending = new StringBuilder();
    private final Timer frame;

    SwingLineBatch(JTextArea area, int keep) {
        this.area = area;
        this.keep = keep;
        this.frame = new Timer(FRAME_MILLIS, e -> flush());
        frame.setRepeats(false);
    }

    /** A line read: shown within a frame, with the others read meanwhile. */
    void add(String line) {
        pending.append(line).append('\n');
        if (!frame.isRunning()) {
            frame.start();
        }
    }

    /** Appends what is pending now in one edit, then drops the oldest lines beyond the limit. */
    void flush() {
        frame.stop();
        if (pending.isEmpty()) {
            return;
        }
        area.append(pending.toString());
        pending.setLength(0);
        int over = area.getLineCount() - 1 - keep; // the text ends with a line break: the last line is empty
        if (over > 0) {
            try {
                area.replaceRange(null, 0, area.getLineStartOffset(over));
            } catch (BadLocationException e) {
                throw new IllegalStateException("line " + over + " of " + area.getLineCount(), e); // cannot be: over < count
            }
        }
    }
}
