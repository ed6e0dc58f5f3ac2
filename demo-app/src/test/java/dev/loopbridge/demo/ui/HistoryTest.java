package dev.loopbridge.demo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The input history: up and down walk the sent lines, the draft is kept. */
class HistoryTest {

    @Test
    void theHistoryWalksBackAndForthAndKeepsTheDraft() {
        History history = new History();
        history.add("first");
        history.add("second");
        history.add("second");
        assertEquals("second", history.previous("draft"));
        assertEquals("first", history.previous("second"));
        assertEquals("first", history.previous("first"));
        assertEquals("second", history.next());
        assertEquals("draft", history.next());
        assertEquals("draft", history.next());
    }
}
