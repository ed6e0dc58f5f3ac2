package dev.loopbridge.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The head of an HTTP/1.1 request or response (RFC 9112): its start line and its header fields,
 * names folded to lower case, repeated fields joined with {@code ", "}. Pure; any thread.
 *
 * @param startLine the request line or status line
 * @param headers the fields by lower-case name
 */
public record HttpHead(String startLine, Map<String, String> headers) {

    /** The GUID RFC 6455 section 1.3 appends to the key. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** The end of a head. */
    public static final byte[] END = {'\r', '\n', '\r', '\n'};

    /**
     * Parses a head that ends with an empty line.
     *
     * @throws IllegalArgumentException saying which line is malformed
     */
    public static HttpHead parse(byte[] bytes) {
        // ISO-8859-1: every byte is a char; header values are ASCII in practice.
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        if (lines.length == 0 || lines[0].isEmpty()) {
            throw new IllegalArgumentException("an empty start line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                    || Character.isWhitespace(line.charAt(colon - 1))) {
                throw new IllegalArgumentException("malformed header line \"" + line + "\"");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return new HttpHead(lines[0], headers);
    }

    /** The field's value, or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the comma-separated field {@code name} holds {@code token}, ignoring case. */
    public boolean hasToken(String name, String token) {
        String value = header(name);
        if (value == null) {
            return false;
        }
        for (String t : value.split(",")) {
            if (t.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code Sec-WebSocket-Accept} value for {@code key}. */
    public static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1, which RFC 6455 requires", e);
        }
    }
}
