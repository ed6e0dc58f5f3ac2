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
        int lengthBytes = len < 126 ? 0 : len <= 0xFFFF ? 2 : 8;
        int headerSize = 2 + lengthBytes + (maskKey != null ? 4 : 0);
        byte[] frame = new byte[headerSize + len];
        frame[0] = (byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
        int maskBit = maskKey != null ? 0x80 : 0;
        int pos = 2;
        if (lengthBytes == 0) {
            frame[1] = (byte) (maskBit | len);
        } else if (lengthBytes == 2) {
            frame[1] = (byte) (maskBit | 126);
            frame[2] = (byte) (len >>> 8);
            frame[3] = (byte) len;
            pos = 4;
        } else {
            frame[1] = (byte) (maskBit | 127);
            long l = len;
            for (int i = 7; i >= 0; i--) {
                frame[2 + i] = (byte) l;
                l >>>= 8;
            }
            pos = 10;
        }
        if (maskKey == null) {
            System.arraycopy(payload, off, frame, pos, len);
        } else {
            System.arraycopy(maskKey, 0, frame, pos, 4);
            Masking.apply(payload, off, frame, pos + 4, len, maskKey, 0);
        }
        return frame;
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
