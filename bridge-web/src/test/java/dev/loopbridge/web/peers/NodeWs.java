package dev.loopbridge.web.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js {@code ws} library the peer tests run, pinned, installed with npm into
 * {@code target/ws-peers} on first use (never committed; .ci/run has npm installed). Any thread.
 */
final class NodeWs {

    /** The pinned version. */
    static final String VERSION = "8.18.3";

    private static Path module;

    private NodeWs() {
    }

    /** The folder of the installed module, to {@code require}; installs it first if needed. */
    static synchronized Path module() {
        if (module != null) {
            return module;
        }
        Path dir = Path.of("target", "ws-peers").toAbsolutePath();
        Path ws = dir.resolve("node_modules").resolve("ws");
        if (!installed(ws)) {
            install(dir);
            if (!installed(ws)) {
                throw new AssertionError("npm install ws@" + VERSION + " into " + dir + " left no ws " + VERSION
                        + " there; see " + dir.resolve("npm.log"));
            }
        }
        module = ws;
        return ws;
    }

    private static boolean installed(Path ws) {
        try {
            Path pkg = ws.resolve("package.json");
            return Files.isRegularFile(pkg)
                    && Files.readString(pkg, StandardCharsets.UTF_8).contains("\"version\": \"" + VERSION + "\"");
        } catch (IOException e) {
            return false;
        }
    }

    private static void install(Path dir) {
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve("npm.log");
            Process npm = new ProcessBuilder("npm", "install", "--prefix", dir.toString(), "--no-save", "--no-audit",
                    "--no-fund", "--no-package-lock", "ws@" + VERSION)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!npm.waitFor(5, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new AssertionError("npm install ws@" + VERSION + " did not finish within 5 minutes; see " + log);
            }
            if (npm.exitValue() != 0) {
                throw new AssertionError("npm install ws@" + VERSION + " failed (exit " + npm.exitValue() + "):\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run npm to install the ws peer (.ci/run installs npm, Debian package "
                    + "npm; on your machine: apt-get install npm)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while installing ws", e);
        }
    }
}
