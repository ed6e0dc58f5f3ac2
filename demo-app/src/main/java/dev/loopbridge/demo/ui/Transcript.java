package dev.loopbridge.demo.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.loopbridge.demo.client.ChatEntry;
import dev.loopbridge.demo.client.ChatListener;
import dev.loopbridge.demo.irc.IrcText;

/**
 * Feeds a message view from a {@link dev.loopbridge.demo.client.ChatClient} in batches. Everything
 * in this class runs on the client's loop thread (the FX thread or the EDT).
 *
 * <p>Entries arrive one by one through {@link #entryAdded}; the transcript buffers them and asks
 * its scheduler for one flush — JavaFX: the next pulse, Swing: the next frame-sized tick — so a
 * view gets one {@link View#appended} per conversation per flush, however many lines came in
 * between. Nothing is dropped: every entry reaches the view. An own line's status change
 * ({@link ChatListener#entryUpdated}: PENDING to SENT) replaces it where it is, in the buffer or
 * in the view.
 *
 * <pre>{@code
 * Transcript transcript = new Transcript(view, flush -> FxAsync.nextPulse(loop).thenRun(flush));
 * client.addListener(transcript);
 * }</pre>
 */
public final class Transcript implements ChatListener {

    /** What a transcript drives: one list of entries per conversation. Loop thread. */
    public interface View {
        /** Appends {@code batch} to conversation {@code key} (made on first use, shown as {@code name}). */
        void appended(String key, String name, List<ChatEntry> batch);

        /** Replaces the entry at {@code index} of conversation {@code key}. */
        void replaced(String key, int index, ChatEntry entry);
    }

    private record Place(String key, int index) {
    }

    private final View view;
    private final Consumer<Runnable> scheduler;
    // Guarded by: the loop thread. Entries not handed to the view yet, in arrival order.
    private final List<ChatEntry> buffer = new ArrayList<>();
    // Own entries in the buffer whose status may still change: id -> index in buffer.
    private final Map<Long, Integer> buffered = new HashMap<>();
    // Own entries in the view whose status may still change: id -> where.
    private final Map<Long, Place> shown = new HashMap<>();
    // How many entries each conversation has in the view (the index of the next one).
    private final Map<String, Integer> sizes = new HashMap<>();
    // Whether a flush is scheduled: false -> true on the first entry after a flush, true -> false in flush.
    private boolean scheduled;
    private long flushes;

    /**
     * A transcript for {@code view}; {@code scheduler} runs the runnable it is given once, later,
     * on the loop thread (called at most once per flush).
     */
    public Transcript(View view, Consumer<Runnable> scheduler) {
        this.view = Objects.requireNonNull(view, "view");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** The key of a conversation: its folded name, so {@code #Loop} and {@code #loop} are one. */
    public static String key(String target) {
        return IrcText.fold(target);
    }

    @Override
    public void entryAdded(ChatEntry entry) {
        if (mayChange(entry)) {
            buffered.put(entry.id(), buffer.size());
        }
        buffer.add(entry);
        if (!scheduled) {
            scheduled = true;
            scheduler.accept(this::flush);
        }
    }

    @Override
    public void entryUpdated(ChatEntry entry) {
        Integer index = buffered.get(entry.id());
        if (index != null) {
            buffer.set(index, entry);
            return;
        }
        Place place = shown.get(entry.id());
        if (place != null) {
            view.replaced(place.key(), place.index(), entry);
            if (!mayChange(entry)) {
                shown.remove(entry.id());
            }
        }
    }

    /** Hands everything buffered to the view now (the scheduler calls this; so may a test). */
    public void flush() {
        scheduled = false;
        if (buffer.isEmpty()) {
            return;
        }
        flushes++;
        Map<String, List<ChatEntry>> byKey = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        for (ChatEntry e : buffer) {
            String key = key(e.target());
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
            names.putIfAbsent(key, e.target());
        }
        buffer.clear();
        buffered.clear();
        byKey.forEach((key, batch) -> {
            int start = sizes.getOrDefault(key, 0);
            for (int i = 0; i < batch.size(); i++) {
                ChatEntry e = batch.get(i);
                if (mayChange(e)) {
                    shown.put(e.id(), new Place(key, start + i));
                }
            }
            sizes.put(key, start + batch.size());
            view.appended(key, names.get(key), batch);
        });
    }

    /** How many flushes handed entries to the view so far. */
    public long flushes() {
        return flushes;
    }

    private static boolean mayChange(ChatEntry e) {
        return e.isOwn() && e.status() != ChatEntry.Status.SENT && e.status() != ChatEntry.Status.DROPPED;
    }
}
