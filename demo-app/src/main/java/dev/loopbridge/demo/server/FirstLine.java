package dev.loopbridge.demo.server;

/**
 * Tells HTTP from IRC on a shared port by the first line a client sends: an HTTP request line
 * ({@code GET /path HTTP/1.1}: a method token, a target, {@code HTTP/} and a version) is HTTP —
 * a WebSocket upgrade or the web client's files; anything else is IRC, which never starts that
 * way. A byte that no request line has where it stands settles it as IRC at once (most IRC lines
 * at their second word), the end of a request line as HTTP. Pure functions: any thread.
 */
final class FirstLine {

    /** What {@link #classify} decides. */
    enum Kind { HTTP, IRC, UNDECIDED }

    /**
     * The most bytes held to find the end of the first line (more than an IRC line with tags):
     * past it, the connection is IRC, whose own limits take it from there.
     */
    static final int MAX_BYTES = 16 * 1024;

    private FirstLine() {
    }

    /**
     * Whether {@code b[0, n)} starts with an HTTP request line ({@link Kind#HTTP}), cannot
     * ({@link Kind#IRC}), or could, as far as it goes ({@link Kind#UNDECIDED}).
     */
    static Kind classify(byte[] b, int n) {
        int i = 0;
        while (i < n && isTokenChar(b[i])) {
            i++;
        }
        if (i == n) {
            return Kind.UNDECIDED;
        }
        if (i == 0 || b[i] != ' ') {
            return Kind.IRC;
        }
        int targetStart = ++i;
        while (i < n && b[i] > ' ' && b[i] != 0x7f) {
            i++;
        }
        if (i == n) {
            return Kind.UNDECIDED;
        }
        if (i == targetStart || b[i] != ' ') {
            return Kind.IRC;
        }
        i++;
        // HTTP/d.d, then CR LF or LF.
        byte[] expected = {'H', 'T', 'T', 'P', '/', 0, '.', 0};
        for (int k = 0; k < expected.length; k++, i++) {
            if (i == n) {
                return Kind.UNDECIDED;
            }
            boolean ok = expected[k] == 0 ? b[i] >= '0' && b[i] <= '9' : b[i] == expected[k];
            if (!ok) {
                return Kind.IRC;
            }
        }
        if (i < n && b[i] == '\r') {
            i++;
        }
        if (i == n) {
            return Kind.UNDECIDED;
        }
        return b[i] == '\n' ? Kind.HTTP : Kind.IRC;
    }

    /** An HTTP token character (RFC 9110 section 5.6.2). */
    private static boolean isTokenChar(byte c) {
        return c > ' ' && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
