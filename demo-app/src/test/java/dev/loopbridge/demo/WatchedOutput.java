package dev.loopbridge.demo;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.loopbridge.core.tck.TestTimeouts;

/**
 * An output stream a test can wait on for some text, without polling: what a terminal client or the
 * launcher prints. Written from any thread; one test thread waits.
 */
public final class WatchedOutput extends OutputStream {

    private final String what;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Pattern wanted;
    private CompletableFuture<String> seen;

    /** @param what what prints here, for the failure message ("the terminal client") */
    public WatchedOutput(String what) {
        this.what = what;
    }

    @Override
    public synchronized void write(int b) {
        bytes.write(b);
        check();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
        check();
    }

    /** Waits until {@code text} has been printed, at most the scaled timeout. */
    public void await(String text) throws Exception {
        await(Pattern.compile(Pattern.quote(text)));
    }

    /** Waits until {@code pattern} is found in what was printed; returns its first group, if any, or the match. */
    public String await(Pattern pattern) throws Exception {
        CompletableFuture<String> f;
        synchronized (this) {
            wanted = pattern;
            seen = new CompletableFuture<>();
            f = seen;
            check();
        }
        try {
            return f.get(TestTimeouts.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " never printed " + pattern + " within " + TestTimeouts.TIMEOUT
                    + "; it printed:\n" + printed(), e);
        }
    }

    /** Everything printed so far. */
    public synchronized String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void check() {
        if (seen != null) {
            Matcher m = wanted.matcher(bytes.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                seen.complete(m.groupCount() > 0 ? m.group(1) : m.group());
            }
        }
    }
}
