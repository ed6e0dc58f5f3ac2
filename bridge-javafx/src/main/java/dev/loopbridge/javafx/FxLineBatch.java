package dev.loopbridge.javafx;

import java.util.ArrayList;
import java.util.List;

import javafx.animation.AnimationTimer;
import javafx.collections.ObservableList;

/**
 * The lines of {@link FxAsync#appendLines} on their way into a list: gathered as they are read,
 * added at the next pulse in one change, the oldest dropped beyond the list's limit. FX thread
 * only.
 */
final class FxLineBatch extends AnimationTimer {

    private final ObservableList<String> items;
    private final int keep;
    private final List<String> pending = new ArrayList<>();
    private boolean waiting;

    FxLineBatch(ObservableList<String> items, int keep) {
        this.items = items;
        this.keep = keep;
    }

    /** A line read: shown at the next pulse, with the others read before it. */
    void add(String line) {
        pending.add(line);
        if (!waiting) {
            waiting = true;
            start();
        }
    }

    @Override
    public void handle(long now) {
        flush();
    }

    /** Adds what is pending now, in one change (two when old lines must go first). */
    void flush() {
        stop();
        waiting = false;
        if (pending.isEmpty()) {
            return;
        }
        if (pending.size() >= keep) {
            items.setAll(pending.subList(pending.size() - keep, pending.size()));
        } else {
            int over = items.size() + pending.size() - keep;
            if (over > 0) {
                items.remove(0, over);
            }
            items.addAll(pending);
        }
        pending.clear();
    }
}
