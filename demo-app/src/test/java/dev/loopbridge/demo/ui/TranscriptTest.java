package dev.loopbridge.demo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopbridge.demo.client.ChatEntry;

/** The transcript batches entries per flush and per conversation, and follows own lines' status. */
class TranscriptTest {

    private final List<String> events = new ArrayList<>();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final Transcript transcript = new Transcript(new Transcript.View() {
        @Override
        public void appended(String key, String name, List<ChatEntry> batch) {
            events.add("append " + key + " " + batch.stream().map(e -> e.text() + "/" + e.status()).toList());
        }

        @Override
        public void replaced(String key, int index, ChatEntry entry) {
            events.add("replace " + key + " " + index + " " + entry.text() + "/" + entry.status());
        }
    }, scheduled::add);

    private static ChatEntry entry(long id, String target, String text, ChatEntry.Status status) {
        return new ChatEntry(id, Instant.EPOCH, target, ChatEntry.Kind.MESSAGE, "ada", text, status);
    }

    @Test
    void manyEntriesBeforeAFlushReachTheViewAsOneBatchPerConversation() {
        for (int i = 0; i < 1000; i++) {
            transcript.entryAdded(entry(i, i % 2 == 0 ? "#A" : "#b", "m" + i, ChatEntry.Status.RECEIVED));
        }
        assertEquals(1, scheduled.size(), "one flush asked for, however many entries");
        scheduled.get(0).run();
        assertEquals(2, events.size());
        assertEquals(1, transcript.flushes());
        transcript.entryAdded(entry(1000, "#a", "late", ChatEntry.Status.RECEIVED));
        assertEquals(2, scheduled.size(), "the next entry asks for the next flush");
    }

    @Test
    void anOwnLinesStatusChangeReplacesItInTheBufferOrInTheView() {
        transcript.entryAdded(entry(1, "#a", "one", ChatEntry.Status.RECEIVED));
        transcript.entryAdded(entry(2, "#a", "mine", ChatEntry.Status.PENDING));
        transcript.entryUpdated(entry(2, "#a", "mine", ChatEntry.Status.IN_FLIGHT));
        scheduled.get(0).run();
        transcript.entryUpdated(entry(2, "#a", "mine", ChatEntry.Status.SENT));
        transcript.entryUpdated(entry(2, "#a", "mine", ChatEntry.Status.SENT));
        assertEquals(List.of("append #a [one/RECEIVED, mine/IN_FLIGHT]", "replace #a 1 mine/SENT"), events,
                "a SENT line is final: a repeat is not replayed");
    }
}
