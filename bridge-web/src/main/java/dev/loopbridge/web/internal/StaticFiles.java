package dev.loopbridge.web.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.web.WebSocketOptions;

/**
 * Answers plain GET and HEAD requests from a directory or a class path folder: content types by
 * file extension, a strong {@code ETag} and {@code 304 Not Modified} for a matching
 * {@code If-None-Match}, {@code index.html} for a path ending in {@code /}, and 404 for anything
 * outside the root (a {@code ..} segment, an encoded one, a symbolic link leading out). Files are
 * read off the loop ({@code runInExecutor}); the reply is handed back on the loop thread.
 */
final class StaticFiles {

    /** An HTTP reply. */
    record Reply(int status, String reason, Map<String, String> headers, byte[] body, boolean headOnly) { }

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"), Map.entry("wasm", "application/wasm"), Map.entry("woff2", "font/woff2"),
            Map.entry("map", "application/json"));

    private StaticFiles() {
    }

    /** Looks up {@code target} and hands the reply to {@code reply} on the loop thread. */
    static void serve(EventLoop loop, WebSocketOptions options, String target, HttpHead request, boolean headOnly,
            Consumer<Reply> reply) {
        String relative = relativePath(target);
        if (relative == null) {
            reply.accept(notFound(headOnly));
            return;
        }
        loop.runInExecutor(() -> load(options, relative, request.header("if-none-match"), headOnly))
                .whenComplete((r, error) -> reply.accept(error == null ? r
                        : new Reply(500, "Internal Server Error", Map.of(), "cannot read the file\n"
                                .getBytes(StandardCharsets.UTF_8), headOnly)));
    }

    /**
     * The request's path below the root, decoded, with {@code index.html} for a folder; {@code null}
     * for one that would leave the root or cannot be decoded.
     */
    static String relativePath(String target) {
        int q = target.indexOf('?');
        String raw = q < 0 ? target : target.substring(0, q);
        String path = percentDecode(raw);
        if (path == null || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return null;
        }
        if (path.endsWith("/")) {
            path += "index.html";
        }
        StringBuilder clean = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals("..") || segment.equals(".")) {
                return null;
            }
            if (!clean.isEmpty()) {
                clean.append('/');
            }
            clean.append(segment);
        }
        return clean.isEmpty() ? null : clean.toString();
    }

    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = out.toByteArray();
        return Utf8Validator.isValid(bytes, 0, bytes.length) ? new String(bytes, StandardCharsets.UTF_8) : null;
    }

    private static Reply load(WebSocketOptions options, String relative, String ifNoneMatch, boolean headOnly)
            throws IOException {
        byte[] body;
        String etag;
        if (options.staticDirectory() != null) {
            Path root = options.staticDirectory().toRealPath();
            Path file = root.resolve(relative).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file) || !file.toRealPath().startsWith(root)) {
                return notFound(headOnly);
            }
            body = Files.readAllBytes(file);
            etag = "\"" + Long.toHexString(body.length) + "-"
                    + Long.toHexString(Files.getLastModifiedTime(file).toMillis()) + "\"";
        } else {
            ClassLoader loader = options.staticLoader() != null ? options.staticLoader()
                    : StaticFiles.class.getClassLoader();
            String name = options.staticResources().isEmpty() ? relative : options.staticResources() + "/" + relative;
            URL url = loader.getResource(name);
            if (url == null) {
                return notFound(headOnly);
            }
            try (InputStream in = url.openStream()) {
                body = in.readAllBytes();
            } catch (IOException e) {
                return notFound(headOnly);  // a folder, say
            }
            if (url.getProtocol().equals("file") && Files.isDirectory(Path.of(url.getPath()))) {
                return notFound(headOnly);
            }
            CRC32 crc = new CRC32();
            crc.update(body);
            etag = "\"" + Long.toHexString(body.length) + "-" + Long.toHexString(crc.getValue()) + "\"";
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType(relative));
        headers.put("ETag", etag);
        headers.put("Cache-Control", "no-cache");
        if (ifNoneMatch != null && (ifNoneMatch.strip().equals("*") || ifNoneMatch.contains(etag))) {
            return new Reply(304, "Not Modified", headers, new byte[0], true);
        }
        return new Reply(200, "OK", headers, body, headOnly);
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static Reply notFound(boolean headOnly) {
        return new Reply(404, "Not Found", Map.of(), "no such file\n".getBytes(StandardCharsets.UTF_8), headOnly);
    }
}
