package dev.loopbridge.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import dev.loopbridge.core.tck.TestTimeouts;

/**
 * The HTTP peer the HttpBodies tests talk to: {@code sse_server.py} (test resources) on Python's
 * own {@code http.server}, run with the machine's {@code python3} (.ci/run installs it). Each test
 * takes a {@link #session()} of its own. Test thread.
 */
final class SsePeer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final HttpClient control = HttpClient.newHttpClient();

    private SsePeer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    private static SsePeer shared;

    /** The server every test of this JVM shares, started on first use and stopped when the JVM exits. */
    static synchronized SsePeer shared() {
        if (shared == null) {
            SsePeer peer = start();
            Runtime.getRuntime().addShutdownHook(new Thread(peer::close, "sse-peer-stop"));
            shared = peer;
        }
        return shared;
    }

    /** Starts the server and waits for its port. */
    static SsePeer start() {
        Path script;
        try {
            script = Path.of(SsePeer.class.getResource("sse/sse_server.py").toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run python3 for the Server-Sent Events peer (.ci/run installs the Debian"
                    + " package python3; on your machine: apt-get install python3)", e);
        }
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError("sse_server.py ended before printing its port (exit " + p.waitFor() + ")");
            }
            return new SsePeer(p, Integer.parseInt(line.strip()));
        } catch (IOException e) {
            p.destroyForcibly();
            throw new AssertionError("reading the port of sse_server.py failed", e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting sse_server.py", e);
        }
    }

    /** A fresh session name, so that tests do not share the server's counters. */
    static String session() {
        return UUID.randomUUID().toString();
    }

    /** The server's URI for {@code pathAndQuery}, e.g. {@code "/drop?s=abc"}. */
    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The session's log, as the server recorded it. */
    List<String> log(String session) {
        return get("/log?s=" + session).lines().toList();
    }

    /** Whether {@code line} appears in the session's log within the test timeout (the server waits, not us). */
    boolean await(String session, String line) {
        return getStatus("/await?s=" + session + "&line=" + URLEncoder.encode(line, StandardCharsets.UTF_8)
                + "&t=" + TestTimeouts.TIMEOUT.toSeconds()) == 200;
    }

    /** Bytes the session's {@code /bytes} body had written once its writes stopped making progress. */
    long writtenWhenStalled(String session) {
        return Long.parseLong(get("/stalled?s=" + session + "&t=" + TestTimeouts.TIMEOUT.toSeconds()).strip());
    }

    private String get(String pathAndQuery) {
        try {
            return control.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new AssertionError("GET " + pathAndQuery + " from sse_server.py failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private int getStatus(String pathAndQuery) {
        try {
            return control.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new AssertionError("GET " + pathAndQuery + " from sse_server.py failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        control.close();
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
