package dev.loopbridge.web;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;

import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.testing.TestEventLoop;

/**
 * A virtual-time test loop and {@link ScriptedHttpClient}s whose log reads its clock, for the tests
 * that play the JDK client's rare orders every time. Test thread = loop thread.
 */
abstract class ScriptedClientFixture {

    /** The loop under test, closed after each test. */
    final TestEventLoop loop = TestEventLoop.create();

    @AfterEach
    final void closeLoop() {
        loop.close();
    }

    /** A client that plays {@code answers}, one a request. */
    final ScriptedHttpClient client(ScriptedHttpClient.Answer... answers) {
        return new ScriptedHttpClient(loop::time, answers);
    }

    /** Runs the loop until {@code f} fails, and returns why. */
    final Throwable failureOf(LoopFuture<?> f) {
        CompletionException e = assertThrows(CompletionException.class, () -> loop.runUntilComplete(f));
        return e.getCause();
    }
}
