package dev.loopbridge.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;

import javafx.animation.AnimationTimer;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamReader;
import dev.loopbridge.core.Subprocess;

/**
 * {@link FxAsync#appendLines} and {@link FxAsync#killOnAction} with real programs ({@code seq},
 * {@code sleep}) on the shared FX loop, headless on Monocle: a child's lines reach a list in one
 * change per pulse, the newest kept; a cancel button kills the child and is disabled once it exited.
 */
@ExtendWith(ApplicationExtension.class)
class FxProcessViewsTest {

    /** The shared FX loop, taken once the toolkit runs (ApplicationExtension starts it before each test). */
    private EventLoop loop;
    private ListView<String> view;
    private Button cancel;

    @Start
    void start(Stage stage) {
        view = new ListView<>();
        cancel = new Button("cancel");
        stage.setScene(new Scene(new VBox(cancel, view), 300, 300));
        stage.show();
    }

    @BeforeEach
    void takeTheLoop() {
        loop = FxEventLoop.shared();
    }

    private <T> T onFx(Callable<T> task) {
        return loop.runUntilComplete(loop.submit(task));
    }

    private <T> T await(CompletionStage<T> stage) {
        return loop.runUntilComplete(stage);
    }

    @Test
    void aChildsLinesReachTheListInOneChangePerPulseAndTheNewestAreKept() {
        int count = 100_000;
        int keep = 1_000;
        ObservableList<String> items = onFx(view::getItems);
        int[] additions = {0};
        int[] pulses = {0};
        AnimationTimer pulseCounter = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses[0]++;
            }
        };
        onFx(() -> {
            items.setAll("before");
            items.addListener((ListChangeListener<String>) c -> {
                while (c.next()) {
                    if (c.wasAdded()) {
                        additions[0]++;
                    }
                }
            });
            pulseCounter.start();
            return null;
        });
        Subprocess seq = await(loop.exec(new ProcessBuilder("seq", "1", Integer.toString(count))));
        LoopFuture<Void> shown = onFx(() -> FxAsync.appendLines(seq.stdout(), items, keep));
        await(shown);
        assertEquals(0, await(onFx(seq::exited)));
        List<String> newest = IntStream.rangeClosed(count - keep + 1, count).mapToObj(Integer::toString).toList();
        assertEquals(newest, onFx(() -> List.copyOf(items)), "the last " + keep + " lines, in order, and nothing older");
        int[] seen = onFx(() -> {
            pulseCounter.stop();
            return new int[] {additions[0], pulses[0]};
        });
        assertTrue(seen[0] <= seen[1] + 1, seen[0] + " additions to the list for " + count + " lines over " + seen[1]
                + " pulses: at most one a pulse, and one for the last lines at the end");
    }

    @Test
    void theCancelButtonKillsTheChildAndIsDisabledOnceItHasExited(FxRobot robot) {
        Subprocess sleeper = await(loop.exec(new ProcessBuilder("sleep", "60")));
        onFx(() -> {
            FxAsync.killOnAction(cancel, sleeper);
            return null;
        });
        assertFalse(onFx(cancel::isDisabled), "enabled while the child runs");
        robot.clickOn(cancel);
        assertEquals(137, await(onFx(sleeper::exited)), "SIGKILL: 128 + 9");
        assertTrue(onFx(cancel::isDisabled), "disabled once the child has exited");
    }

    @Test
    void badArgumentsAndTheWrongThreadAreRefusedWithWhatWasExpected() {
        Subprocess seq = await(loop.exec(new ProcessBuilder("seq", "1", "3")));
        ObservableList<String> items = FXCollections.observableArrayList();
        IllegalArgumentException keep = onFx(() -> assertThrows(IllegalArgumentException.class,
                () -> FxAsync.appendLines(seq.stdout(), items, 0)));
        assertEquals("keep: 0 (expected: > 0, the most lines the list keeps)", keep.getMessage());
        StreamReader out = onFx(seq::stdout);
        IllegalStateException thread = assertThrows(IllegalStateException.class,
                () -> FxAsync.appendLines(out, items, 10));
        assertTrue(thread.getMessage().startsWith("FxAsync.appendLines must be called on the JavaFX Application Thread"),
                thread.getMessage());
        assertThrows(IllegalStateException.class, () -> FxAsync.killOnAction(new Button(), seq));
        assertEquals(0, await(onFx(seq::exited)));
    }
}
