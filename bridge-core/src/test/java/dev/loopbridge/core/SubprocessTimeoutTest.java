package dev.loopbridge.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import dev.loopbridge.core.tck.TestTimeouts;

/**
 * A timeout on {@code exited()} kills the child. On the default loop only: the test loop waits in
 * real time for a running child (outside work) before it moves virtual time, so a loop timer that
 * should end the child would never come due there.
 */
class SubprocessTimeoutTest {

    @Test
    void aTimeoutOnExitedKillsTheChild() throws Exception {
        try (EventLoop loop = EventLoops.newDefault()) {
            Subprocess sleeper = loop.runUntilComplete(loop.exec(new ProcessBuilder("sleep", "60")));
            ProcessHandle handle = ProcessHandle.of(loop.runUntilComplete(loop.submit(sleeper::pid))).orElseThrow();
            CompletionException e = assertThrows(CompletionException.class, () -> loop.runUntilComplete(
                    loop.submit(sleeper::exited).thenCompose(exited -> exited.orTimeout(100, TimeUnit.MILLISECONDS))));
            assertInstanceOf(TimeoutException.class, e.getCause());
            handle.onExit().get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertFalse(handle.isAlive(), "the child outlived the timeout on its exit");
        }
    }
}
