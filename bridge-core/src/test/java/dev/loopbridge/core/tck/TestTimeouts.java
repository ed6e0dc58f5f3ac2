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
     * How long a test waits for a large program it started to come up: a browser's first request.
     * Three {@link #TIMEOUT}s, so the same scale. Headless Chromium took 8.5 s to load
     * {@code about:blank} from a cold page cache on the 2-core CI machine (0.8 s warm), which
     * leaves one {@code TIMEOUT} too little for the start and the test's own exchange.
     */
    public static final Duration PROGRAM_START = TIMEOUT.multipliedBy(3);

    private TestTimeouts() {
    }
}
