package dev.loopbridge.demo.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link ChannelBook} on its own: every change reported once, as a fresh snapshot; no report when nothing changed. */
class ChannelBookTest {

    private final List<ChannelInfo> changes = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final ChannelBook book = new ChannelBook(changes::add, removed::add);

    private ChannelInfo lastChange() {
        return changes.get(changes.size() - 1);
    }

    @Test
    void joiningShowsTheChannelWithUsAsItsOnlyMemberFoldingTheName() {
        book.joined("#Loop", "ada");
        assertEquals(new ChannelInfo("#Loop", "", List.of("ada"), true), lastChange());
        assertTrue(book.contains("#loop"), "names compare folded");
        assertEquals(new ChannelInfo("#Loop", "", List.of("ada"), true), book.get("#LOOP"));
        assertNull(book.get("#other"));
        assertFalse(book.contains("#other"));
        book.memberJoined("#loop", "bob");
        book.joined("#LOOP", "ada");
        assertEquals(new ChannelInfo("#LOOP", "", List.of("ada"), true), lastChange(),
                "a second join renames it and starts the members again");
        assertEquals(1, book.snapshots().size());
    }

    @Test
    void membersJoinAndLeaveOnlyInKnownChannelsAndOnlyChangesAreReported() {
        book.joined("#a", "ada");
        book.memberJoined("#a", "bob");
        assertEquals(List.of("ada", "bob"), lastChange().members());
        int reports = changes.size();
        book.memberJoined("#a", "BOB");
        book.memberLeft("#a", "carol");
        book.memberJoined("#unknown", "bob");
        book.memberLeft("#unknown", "bob");
        assertEquals(reports, changes.size(), "no change, no report");
        book.memberLeft("#a", "Bob");
        assertEquals(List.of("ada"), lastChange().members());
        assertEquals(reports + 1, changes.size());
    }

    @Test
    void quitAndRenameTouchEveryChannelTheNickIsInAndSayWhich() {
        book.joined("#a", "ada");
        book.joined("#b", "ada");
        book.joined("#c", "ada");
        book.memberJoined("#a", "bob");
        book.memberJoined("#c", "bob");
        changes.clear();
        assertEquals(List.of("#a", "#c"), book.renamed("bob", "robert"));
        assertEquals(2, changes.size());
        assertEquals(List.of("ada", "robert"), book.get("#a").members());
        assertEquals(List.of("ada", "robert"), book.get("#c").members());
        assertEquals(List.of("ada"), book.get("#b").members());
        changes.clear();
        assertEquals(List.of("#a", "#c"), book.quit("robert"));
        assertEquals(2, changes.size());
        assertEquals(List.of("ada"), book.get("#a").members());
        assertEquals(List.of(), book.quit("nobody"));
        assertEquals(List.of(), book.renamed("nobody", "somebody"));
        assertEquals(2, changes.size());
    }

    @Test
    void theTopicIsKeptAndReported() {
        book.topic("#a", "ignored: not joined");
        assertTrue(changes.isEmpty());
        book.joined("#a", "ada");
        book.topic("#A", "loops");
        assertEquals("loops", lastChange().topic());
        assertEquals("loops", book.get("#a").topic());
    }

    @Test
    void namesRepliesReplaceTheMembersAtTheirEndWithModePrefixesStripped() {
        book.joined("#a", "ada");
        book.memberJoined("#a", "gone");
        int reports = changes.size();
        book.names("#a", List.of("@op", "+voice", "%half", "~&!odd", "plain", "@", ""));
        book.names("#a", List.of("ada"));
        assertEquals(reports, changes.size(), "names are collected until their end");
        assertEquals(List.of("ada", "gone"), book.get("#a").members());
        book.namesEnd("#a");
        assertEquals(List.of("ada", "half", "odd", "op", "plain", "voice"), lastChange().members());
        int after = changes.size();
        book.namesEnd("#a");
        assertEquals(after, changes.size(), "an end without names changes nothing");
        book.names("#unknown", List.of("x"));
        book.namesEnd("#unknown");
        assertEquals(after, changes.size());
        book.names("#a", List.of("new"));
        book.namesEnd("#a");
        assertEquals(List.of("new"), lastChange().members(), "a second NAMES starts afresh");
    }

    @Test
    void disconnectingKeepsTheChannelsShownNotJoinedAndEmpty() {
        book.joined("#a", "ada");
        book.joined("#b", "ada");
        book.memberJoined("#a", "bob");
        book.names("#a", List.of("half-way"));
        changes.clear();
        book.disconnected();
        assertEquals(List.of(new ChannelInfo("#a", "", List.of(), false), new ChannelInfo("#b", "", List.of(), false)),
                changes);
        assertEquals(changes, book.snapshots());
        book.namesEnd("#a");
        assertEquals(2, changes.size(), "names collected before the disconnect are forgotten");
    }

    @Test
    void removingAChannelReportsItsNameOnce() {
        book.joined("#Loop", "ada");
        book.removed("#loop");
        book.removed("#loop");
        assertEquals(List.of("#Loop"), removed);
        assertFalse(book.contains("#loop"));
        assertTrue(book.snapshots().isEmpty());
    }
}
