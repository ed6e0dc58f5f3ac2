package dev.loopbridge.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import dev.loopbridge.core.EventLoop;

/** Exceptions thrown by callbacks go to the exception handler and the loop goes on. */
public interface ErrorContract extends LoopFixture {

    /** One call of the exception handler. */
    record Report(EventLoop loop, Throwable error, String context, boolean onLoopThread) {
    }

    private List<Report> captureReports() {
        List<Report> reports = new CopyOnWriteArrayList<>();
        loop().setExceptionHandler((l, e, c) -> reports.add(new Report(l, e, c, l.inLoop())));
        return reports;
    }

    @Test
    default void anExceptionInACallbackGoesToTheHandlerAndTheLoopGoesOn() {
        List<Report> reports = captureReports();
        RuntimeException boom = new RuntimeException("boom");
        loop().callSoon(() -> {
            throw boom;
        });
        assertEquals("still running", onLoop(() -> "still running"));
        assertEquals(1, reports.size());
        Report r = reports.get(0);
        assertSame(boom, r.error());
        assertSame(loop(), r.loop());
        assertTrue(r.onLoopThread(), "the handler ran off the loop thread");
        assertTrue(r.context().startsWith("Exception in callback"), r.context());
    }

    @Test
    default void anExceptionInATimerIsReportedWithATimerContext() {
        List<Report> reports = captureReports();
        loop().callLater(Duration.ofMillis(1), () -> {
            throw new IllegalStateException("timer failed");
        });
        await(loop().sleep(Duration.ofMillis(10)));
        onLoop(() -> { });
        assertEquals(1, reports.size());
        assertEquals("timer failed", reports.get(0).error().getMessage());
        assertTrue(reports.get(0).context().startsWith("Exception in timer"), reports.get(0).context());
    }

    @Test
    default void aHandlerThatThrowsDoesNotStopTheLoop() {
        loop().setExceptionHandler((l, e, c) -> {
            throw new IllegalStateException("handler broke");
        });
        loop().callSoon(() -> {
            throw new RuntimeException("first");
        });
        assertEquals("alive", onLoop(() -> "alive"));
        assertTrue(CapturedLog.events().stream().anyMatch(e -> e.level() == Level.ERROR
                && e.message().contains("exception handler")), "the handler's failure was logged");
    }

    @Test
    default void theDefaultHandlerLogsAnErrorThroughSlf4jWithTheContext() {
        loop().setExceptionHandler(null);
        RuntimeException boom = new RuntimeException("logged boom");
        loop().callSoon(() -> {
            throw boom;
        });
        onLoop(() -> { });
        assertTrue(CapturedLog.events().stream().anyMatch(e -> e.level() == Level.ERROR
                && e.error() == boom && e.message().startsWith("Exception in callback")),
                "logged: " + CapturedLog.events());
    }

    @Test
    default void anErrorThrownByACallbackIsReportedToo() {
        List<Report> reports = captureReports();
        loop().callSoon(() -> {
            throw new AssertionError("an Error, not an Exception");
        });
        onLoop(() -> { });
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).error() instanceof AssertionError);
    }
}
