package dev.loopbridge.web.internal;

/**
 * Encodes WebSocket frames (RFC 6455 section 5.2): the header with the shortest length form, the
 * mask a client must apply, RSV1 for a compressed message. Pure and stateless; any thread.
 */
public final class FrameWriter {

    private FrameWriter() {
    }

    /**
     * Returns one frame: header and payload, the payload masked with {@code maskKey} when it is
     * not {@code null} (a client's frames), else copied as it is.
     */
    public static byte[] encode(int opcode, boolean fin, boolean rsv1, byte[] payload, int off, int len, byte[] maskKey) {
        byte[] frame = new byte[frameSize(len, maskKey != null)];
        encodeInto(frame, 0, opcode, fin, rsv1, payload, off, len, maskKey);
        return frame;
    }

    /** The size of a frame with {@code len} payload bytes: header (with the mask key if masked) and payload. */
    public static int frameSize(int len, boolean masked) {
        return 2 + (len < 126 ? 0 : len <= 0xFFFF ? 2 : 8) + (masked ? 4 : 0) + len;
    }

    /**
     * Writes one frame, as {@link #encode}, into {@code dst} from {@code pos}, which must have
     * {@link #frameSize} bytes of room, and returns the position after it.
     */
    public static int encodeInto(byte[] dst, int pos, int opcode, boolean fin, boolean rsv1, byte[] payload, int off,
            int len, byte[] maskKey) {
        int at = headerInto(dst, pos, opcode, fin, rsv1, len, maskKey);
        if (maskKey == null) {
            System.arraycopy(payload, off, dst, at, len);
            return at + len;
        }
        Masking.apply(payload, off, dst, at, len, maskKey, 0);
        return at + len;
    }

    /** The size of a frame's header: {@link #frameSize} without the payload. */
    public static int headerSize(int len, boolean masked) {
        return frameSize(len, masked) - len;
    }

    /**
     * Writes the header of a frame with {@code len} payload bytes (the mask key last, when
     * {@code maskKey} is not {@code null}) into {@code dst} from {@code pos}, which must have
     * {@link #headerSize} bytes of room, and returns the position after it.
     */
    public static int headerInto(byte[] dst, int pos, int opcode, boolean fin, boolean rsv1, int len, byte[] maskKey) {
        int lengthBytes = len < 126 ? 0 : len <= 0xFFFF ? 2 : 8;
        dst[pos] = (byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
        int maskBit = maskKey != null ? 0x80 : 0;
        if (lengthBytes == 0) {
            dst[pos + 1] = (byte) (maskBit | len);
        } else if (lengthBytes == 2) {
            dst[pos + 1] = (byte) (maskBit | 126);
            dst[pos + 2] = (byte) (len >>> 8);
            dst[pos + 3] = (byte) len;
        } else {
            dst[pos + 1] = (byte) (maskBit | 127);
            long l = len;
            for (int i = 7; i >= 0; i--) {
                dst[pos + 2 + i] = (byte) l;
                l >>>= 8;
            }
        }
        int at = pos + 2 + lengthBytes;
        if (maskKey == null) {
            return at;
        }
        System.arraycopy(maskKey, 0, dst, at, 4);
        return at + 4;
    }

    /** The payload of a close frame: the code, big-endian, then the reason in UTF-8. */
    public static byte[] closePayload(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return p;
    }
}
