import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Links LoopChat's runtime image with the JDK that runs this file: the build runs it with the
 * toolchain's {@code java} (source-file mode), so the image gets the JDK that compiled and tested
 * the code, whatever JDK Maven itself runs on.
 *
 * <p>Usage: {@code java LinkImage.java OUTPUT APP_MODULE MODULES_DIR JAVAFX_NEW_DIR}. {@code APP_MODULE}
 * is LoopChat's module (its classes directory); {@code MODULES_DIR}
 * holds the runtime dependencies with the JavaFX the library is built against (21, the LTS line);
 * {@code JAVAFX_NEW_DIR} a newer JavaFX, linked instead on JDK {@value #NEW_JAVAFX_FROM}+.
 *
 * <p>Why two JavaFX versions: JavaFX 21's Marlin renderer calls {@code sun.misc.Unsafe} memory
 * methods, which print warnings from JDK 24 on (JEP 498); JavaFX 24+ no longer does, but needs
 * JDK {@value #NEW_JAVAFX_FROM}+. Either way the image grants JavaFX native access
 * ({@code --enable-native-access=javafx.graphics}), which JDK 24+ asks for (JEP 472) and JDK 21
 * accepts. On the module path JavaFX also stops warning about an "unnamed module".
 */
public final class LinkImage {

    /** The first JDK on which the newer JavaFX runs. */
    static final int NEW_JAVAFX_FROM = 23;

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: LinkImage OUTPUT APP_MODULE MODULES_DIR JAVAFX_NEW_DIR (got "
                    + args.length + " arguments)");
        }
        Path output = Path.of(args[0]);
        Path appModule = Path.of(args[1]);
        Path dependencies = Path.of(args[2]);
        Path newJavaFx = Path.of(args[3]);
        int jdk = Runtime.version().feature();
        boolean useNewJavaFx = jdk >= NEW_JAVAFX_FROM;

        List<String> modulePath = new ArrayList<>();
        modulePath.add(appModule.toString());
        for (Path jar : jars(dependencies)) {
            if (!(useNewJavaFx && jar.getFileName().toString().startsWith("javafx-"))) {
                modulePath.add(jar.toString());
            }
        }
        if (useNewJavaFx) {
            jars(newJavaFx).forEach(jar -> modulePath.add(jar.toString()));
        }

        // LoopChat's modules, the logging binding, and the elliptic-curve crypto of TLS (on JDK 21 a
        // module of its own, jdk.crypto.ec; part of java.base from JDK 22 on).
        String modules = "dev.loopbridge.demo,org.slf4j.simple"
                + (ModuleFinder.ofSystem().find("jdk.crypto.ec").isPresent() && jdk < 22 ? ",jdk.crypto.ec" : "");

        deleteRecursively(output);
        List<String> jlinkArgs = List.of(
                "--module-path", String.join(java.io.File.pathSeparator, modulePath),
                "--add-modules", modules,
                "--launcher", "loopchat=dev.loopbridge.demo/dev.loopbridge.demo.LoopChat",
                "--add-options=--enable-native-access=javafx.graphics",
                "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=zip-6",
                "--output", output.toString());
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new IllegalStateException("no jlink in " + System.getProperty("java.home")
                        + " (expected: a full JDK, not a JRE)"));
        System.out.println("LinkImage: JDK " + Runtime.version() + ", JavaFX from "
                + (useNewJavaFx ? newJavaFx : dependencies) + " -> " + output);
        int status = jlink.run(System.out, System.err, jlinkArgs.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("jlink failed with status " + status + "; arguments: " + jlinkArgs);
        }
    }

    /** The jars in {@code dir}, sorted by name; JavaFX's empty placeholder jars (no platform classifier) left out. */
    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !isJavaFxPlaceholder(p.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }

    /** JavaFX publishes an empty {@code javafx-x-V.jar} beside each {@code javafx-x-V-linux.jar}. */
    private static boolean isJavaFxPlaceholder(String name) {
        return name.startsWith("javafx-") && !name.matches("javafx-.*-(linux|linux-aarch64|mac|mac-aarch64|win)\\.jar");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
