package dev.loopbridge.demo.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * The input field's history, as a shell has it: {@link #previous} and {@link #next} walk the
 * lines sent so far (up and down arrows), and the line being typed is kept while browsing. The
 * UI thread only (it is not shared).
 *
 * <pre>{@code
 * history.add("hello");                      // after sending
 * field.setText(history.previous(field.getText()));   // up arrow
 * field.setText(history.next());             // down arrow
 * }</pre>
 */
public final class History {

    /** How many lines are remembered. */
    public static final int LIMIT = 500;

    private final List<String> lines = new ArrayList<>();
    // Where browsing is: lines.size() means "the line being typed" (not browsing).
    private int position;
    private String draft = "";

    /** Remembers a sent line (not a repeat of the last one, not a blank one) and stops browsing. */
    public void add(String line) {
        if (!line.isBlank() && (lines.isEmpty() || !lines.get(lines.size() - 1).equals(line))) {
            lines.add(line);
            if (lines.size() > LIMIT) {
                lines.remove(0);
            }
        }
        position = lines.size();
        draft = "";
    }

    /** The line before the one shown ({@code current} is kept as the draft when browsing starts). */
    public String previous(String current) {
        if (position == lines.size()) {
            draft = current;
        }
        if (position > 0) {
            position--;
        }
        return lines.isEmpty() ? current : lines.get(position);
    }

    /** The line after the one shown, or the draft past the newest. */
    public String next() {
        if (position < lines.size()) {
            position++;
        }
        return position == lines.size() ? draft : lines.get(position);
    }
}
