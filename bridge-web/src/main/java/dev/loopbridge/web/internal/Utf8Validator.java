package dev.loopbridge.web.internal;

/**
 * Checks UTF-8 incrementally, so that a text message split across fragments (or across reads) is
 * refused at the first byte that cannot start or continue a valid sequence (RFC 6455 section
 * 8.1: fail fast), and a message that ends inside a sequence is refused at its end. Rejects
 * overlong forms, surrogates and code points past U+10FFFF (RFC 3629). Owned by one parser, so
 * by one thread at a time.
 */
final class Utf8Validator {

    /** Continuation bytes still expected; 0 between sequences. */
    private int remaining;
    /** The range the next continuation byte must fall in (narrower right after some lead bytes). */
    private int low = 0x80;
    private int high = 0xBF;

    /** Checks {@code len} bytes of {@code data} from {@code off}; returns false at the first invalid one. */
    boolean update(byte[] data, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int b = data[i++] & 0xFF;
            if (remaining == 0) {
                if (b < 0x80) {
                    continue;
                }
                if (!lead(b)) {
                    return false;
                }
            } else {
                if (b < low || b > high) {
                    return false;
                }
                remaining--;
                low = 0x80;
                high = 0xBF;
            }
        }
        return true;
    }

    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            remaining = 1;
        } else if (b == 0xE0) {
            remaining = 2;
            low = 0xA0;         // no overlong three-byte forms
        } else if (b == 0xED) {
            remaining = 2;
            high = 0x9F;        // no UTF-16 surrogates
        } else if (b >= 0xE1 && b <= 0xEF) {
            remaining = 2;
        } else if (b == 0xF0) {
            remaining = 3;
            low = 0x90;         // no overlong four-byte forms
        } else if (b >= 0xF1 && b <= 0xF3) {
            remaining = 3;
        } else if (b == 0xF4) {
            remaining = 3;
            high = 0x8F;        // nothing past U+10FFFF
        } else {
            return false;       // a stray continuation byte, C0, C1 or F5-FF
        }
        return true;
    }

    /** Returns whether the bytes so far end between sequences. */
    boolean isComplete() {
        return remaining == 0;
    }

    /** Forgets the state, for the next message. */
    void reset() {
        remaining = 0;
        low = 0x80;
        high = 0xBF;
    }

    /** Returns whether {@code len} bytes from {@code off} are complete, valid UTF-8. */
    static boolean isValid(byte[] data, int off, int len) {
        Utf8Validator v = new Utf8Validator();
        return v.update(data, off, len) && v.isComplete();
    }
}
