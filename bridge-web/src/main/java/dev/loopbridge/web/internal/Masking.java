package dev.loopbridge.web.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The XOR masking of RFC 6455 section 5.3, eight bytes at a time. Pure; any thread.
 */
final class Masking {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Masking() {
    }

    /**
     * XORs {@code len} bytes of {@code src} from {@code srcOff} with {@code mask}, starting at mask
     * byte {@code phase} (0-3), into {@code dst} from {@code dstOff} (which may be {@code src} and
     * {@code srcOff}: in place); returns the mask phase after the last byte.
     */
    static int apply(byte[] src, int srcOff, byte[] dst, int dstOff, int len, byte[] mask, int phase) {
        int i = 0;
        if (len >= 16) {
            // The mask as seen from byte {@code phase}, repeated over a little-endian long.
            long m = 0;
            for (int k = 7; k >= 0; k--) {
                m = (m << 8) | (mask[(phase + k) & 3] & 0xFF);
            }
            for (int end = len - 7; i < end; i += 8) {
                LONGS.set(dst, dstOff + i, (long) LONGS.get(src, srcOff + i) ^ m);
            }
            // i is a multiple of 8, so the phase is unchanged here.
        }
        int p = phase;
        for (; i < len; i++) {
            dst[dstOff + i] = (byte) (src[srcOff + i] ^ mask[p]);
            p = (p + 1) & 3;
        }
        return p;
    }

    /**
     * As {@link #apply(byte[], int, byte[], int, int, byte[], int)}, into {@code dst} from its
     * position (which moves past the bytes written; {@code dst} must have room for {@code len}).
     * {@code mask} {@code null}: the bytes are copied as they are.
     */
    static int apply(byte[] src, int srcOff, ByteBuffer dst, int len, byte[] mask, int phase) {
        if (mask == null) {
            dst.put(src, srcOff, len);
            return phase;
        }
        int at = dst.position();
        int i = 0;
        if (len >= 16) {
            long m = 0;
            for (int k = 7; k >= 0; k--) {
                m = (m << 8) | (mask[(phase + k) & 3] & 0xFF);
            }
            ByteOrder order = dst.order();
            dst.order(ByteOrder.LITTLE_ENDIAN);
            for (int end = len - 7; i < end; i += 8) {
                dst.putLong(at + i, (long) LONGS.get(src, srcOff + i) ^ m);
            }
            dst.order(order);
        }
        int p = phase;
        for (; i < len; i++) {
            dst.put(at + i, (byte) (src[srcOff + i] ^ mask[p]));
            p = (p + 1) & 3;
        }
        dst.position(at + len);
        return p;
    }
}
