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

    private TestTimeouts() {
    }
}
