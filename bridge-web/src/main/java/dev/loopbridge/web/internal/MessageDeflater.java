package dev.loopbridge.web.internal;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses outgoing messages for permessage-deflate (RFC 7692 section 7.2.1): raw deflate,
 * flushed at the end of each message with the trailing {@code 00 00 FF FF} removed; the window
 * kept across messages unless no context takeover was agreed. Owned by one session (loop thread).
 *
 * <p>{@code java.util.zip.Deflater} always uses a 32 KiB window (15 bits), so this side cannot
 * honour a {@code *_max_window_bits} below 15 for its own compressor: the negotiation
 * ({@link DeflateNegotiation}) never agrees to one.
 */
final class MessageDeflater {

    /**
     * Made with the first message compressed, so that a socket that never sends one holds no zlib
     * state (about 260 KiB outside the heap for a compressor): 10,000 idle sockets stay cheap.
     */
    private Deflater deflater;
    private final boolean noContextTakeover;
    /** The output buffer, also made with the first message. */
    private byte[] out;

    MessageDeflater(boolean noContextTakeover) {
        this.noContextTakeover = noContextTakeover;
    }

    /** The compressed form of {@code len} bytes of {@code data} from {@code off}. */
    byte[] compress(byte[] data, int off, int len) {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            out = new byte[1024];
        }
        deflater.setInput(data, off, len);
        int n = 0;
        while (true) {
            if (out.length - n < 64) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            int space = out.length - n;
            int got = deflater.deflate(out, n, space, Deflater.SYNC_FLUSH);
            n += got;
            if (got < space) {
                break;  // the flush is complete once the output did not fill up
            }
        }
        if (noContextTakeover) {
            deflater.reset();
        }
        // A sync flush ends with an empty stored block, 00 00 FF FF, which the receiver adds back.
        byte[] result = Arrays.copyOf(out, n - 4);
        if (out.length > 64 * 1024) {
            out = new byte[1024];
        }
        return result;
    }

    /** Releases the zlib state, if any was made. */
    void close() {
        if (deflater != null) {
            deflater.end();
        }
    }
}
