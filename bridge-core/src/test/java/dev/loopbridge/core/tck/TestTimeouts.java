package dev.loopbridge.core.tck;

import java.time.Duration;

/**
 * The one real-time bound every test waits with, scaled by the system property
 * {@code loopbridge.test.timeoutScale} (default 1) for slow machines. Deadlines in virtual time
 * need no bound; only waits for real threads and sockets use this.
 */
public final class TestTimeouts {

    /** How long a test waits for something that should take milliseconds. */
    public static final Duration TIMEOUT =
            Duration.ofSeconds(10).multipliedBy(Long.getLong("loopbridge.test.timeoutScale", 1));

    /**
     * How long a test waits on a program it started (a child JVM, a browser) to come up, or to do
     * a short job and exit. Three {@link #TIMEOUT}s, so the same scale. A start from a cold page
     * cache takes seconds: headless Chromium took 8.5 s to load {@code about:blank} that way on the
     * 2-core CI machine (0.8 s warm), and CI failed a browser test whose start and exchange shared
     * one {@code TIMEOUT}.
     */
    public static final Duration PROGRAM_START = TIMEOUT.multipliedBy(3);

    private TestTimeouts() {
    }
}
