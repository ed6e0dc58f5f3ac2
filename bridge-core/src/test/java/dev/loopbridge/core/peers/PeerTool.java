package dev.loopbridge.core.peers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The programs the real-peer tests talk to, each with the Debian package that brings it. A tool
 * that is not on the {@code PATH} fails the test that needs it with a message saying which tool and
 * where it comes from: these tests are never skipped, since a skipped peer test looks like a
 * passing one. Any thread.
 */
public enum PeerTool {

    /** OpenSSL's command line: {@code s_server}, {@code s_client}, {@code pkcs12}. */
    OPENSSL("openssl", "openssl", Map.of()),

    /** Node.js, for its {@code net} module. */
    NODE("node", "nodejs", Map.of()),

    /** Python 3, for asyncio streams; unbuffered UTF-8 output so every line arrives as printed. */
    PYTHON("python3", "python3", Map.of("PYTHONUNBUFFERED", "1", "PYTHONIOENCODING", "utf-8")),

    /**
     * Debian's own Python 3 with Debian's {@code websockets} library, for the WebSocket peer tests
     * of bridge-web: the {@code python3} first on the PATH may be another build that lacks it.
     */
    SYSTEM_PYTHON_WEBSOCKETS("/usr/bin/python3", "python3-websockets",
            Map.of("PYTHONUNBUFFERED", "1", "PYTHONIOENCODING", "utf-8")),

    /** Debian's Chromium, headless: bridge-web's browser test loads a page from a LoopBridge server. */
    CHROMIUM("chromium", "chromium", Map.of());

    private final String command;
    private final String debianPackage;
    private final Map<String, String> environment;

    PeerTool(String command, String debianPackage, Map<String, String> environment) {
        this.command = command;
        this.debianPackage = debianPackage;
        this.environment = environment;
    }

    /** The command's name, as typed in a shell. */
    public String command() {
        return command;
    }

    /** The Debian package that installs the command. */
    public String debianPackage() {
        return debianPackage;
    }

    /** Environment variables the program needs for its output to be read line by line. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * The executable found first on the {@code PATH}.
     *
     * @throws AssertionError naming the tool and its package if it is not there
     */
    public Path locate() {
        if (command.startsWith("/")) {
            Path fixed = Path.of(command);
            if (Files.isRegularFile(fixed) && Files.isExecutable(fixed)) {
                return fixed;
            }
            throw new AssertionError(command + " does not exist, and the real-peer tests need it. .ci/run installs it "
                    + "(Debian package " + debianPackage + "); on your machine: apt-get install " + debianPackage);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(command + " is not on the PATH (" + path + "), and the real-peer tests in "
                + "dev.loopbridge.core.peers talk to it. .ci/run installs it (Debian package " + debianPackage
                + "); on your machine: apt-get install " + debianPackage);
    }
}
