package dev.loopbridge.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.swing.JButton;
import javax.swing.JTextArea;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.Subprocess;

/**
 * {@link SwingAsync#appendLines} and {@link SwingAsync#killOnAction} with real programs
 * ({@code seq}, {@code sleep}) on the shared Swing loop, headless: a child's lines reach a text
 * area in a few edits, the newest kept; a cancel button kills the child and is disabled once it
 * exited.
 */
class SwingProcessViewsTest {

    private final EventLoop loop = SwingEventLoop.shared();

    private <T> T onEdt(Callable<T> task) {
        return loop.runUntilComplete(loop.submit(task));
    }

    private <T> T await(CompletionStage<T> stage) {
        return loop.runUntilComplete(stage);
    }

    @Test
    void aChildsLinesReachTheTextAreaInFewEditsAndTheNewestAreKept() {
        int count = 100_000;
        int keep = 1_000;
        int[] inserts = {0};
        JTextArea area = onEdt(() -> {
            JTextArea a = new JTextArea("before\n");
            a.getDocument().addDocumentListener(new DocumentListener() {
                @Override
                public void insertUpdate(DocumentEvent e) {
                    inserts[0]++;
                }

                @Override
                public void removeUpdate(DocumentEvent e) {
                }

                @Override
                public void changedUpdate(DocumentEvent e) {
                }
            });
            return a;
        });
        Subprocess seq = await(loop.exec(new ProcessBuilder("seq", "1", Integer.toString(count))));
        LoopFuture<Void> shown = onEdt(() -> SwingAsync.appendLines(seq.stdout(), area, keep));
        await(shown);
        assertEquals(0, await(onEdt(seq::exited)));
        String newest = IntStream.rangeClosed(count - keep + 1, count).mapToObj(i -> i + "\n").collect(Collectors.joining());
        assertEquals(newest, onEdt(area::getText), "the last " + keep + " lines, in order, and nothing older");
        int edits = onEdt(() -> inserts[0]);
        // seq's 100,000 lines come in pipe chunks of thousands of lines; one edit a line would be 100,000.
        assertTrue(edits * 100 <= count, edits + " inserts for " + count + " lines: they must be appended in batches");
    }

    @Test
    void theCancelButtonKillsTheChildAndIsDisabledOnceItHasExited() {
        Subprocess sleeper = await(loop.exec(new ProcessBuilder("sleep", "60")));
        JButton cancel = onEdt(() -> {
            JButton b = new JButton("cancel");
            SwingAsync.killOnAction(b, sleeper);
            return b;
        });
        assertTrue(onEdt(cancel::isEnabled), "enabled while the child runs");
        onEdt(() -> {
            cancel.doClick(0);
            return null;
        });
        assertEquals(137, await(onEdt(sleeper::exited)), "SIGKILL: 128 + 9");
        assertFalse(onEdt(cancel::isEnabled), "disabled once the child has exited");
        assertEquals(0, onEdt(() -> cancel.getActionListeners().length), "the kill no longer listens");
    }

    @Test
    void badArgumentsAndTheWrongThreadAreRefusedWithWhatWasExpected() {
        Subprocess seq = await(loop.exec(new ProcessBuilder("seq", "1", "3")));
        JTextArea area = onEdt(JTextArea::new);
        IllegalArgumentException keep = onEdt(() -> assertThrows(IllegalArgumentException.class,
                () -> SwingAsync.appendLines(seq.stdout(), area, 0)));
        assertEquals("keep: 0 (expected: > 0, the most lines the area keeps)", keep.getMessage());
        StreamReader out = onEdt(seq::stdout);
        IllegalStateException thread = assertThrows(IllegalStateException.class,
                () -> SwingAsync.appendLines(out, area, 10));
        assertTrue(thread.getMessage().startsWith("SwingAsync.appendLines must be called on the Swing Event Dispatch Thread"),
                thread.getMessage());
        assertThrows(IllegalStateException.class, () -> SwingAsync.killOnAction(new JButton(), seq));
        assertEquals(0, await(onEdt(seq::exited)));
    }
}
