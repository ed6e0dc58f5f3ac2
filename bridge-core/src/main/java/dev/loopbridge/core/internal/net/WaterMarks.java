package dev.loopbridge.core.internal.net;

import dev.loopbridge.core.Protocol;
import dev.loopbridge.core.internal.BaseEventLoop;

/**
 * The write-buffer water marks of one transport, and whether they have paused its protocol's
 * writing: past the high mark {@code pauseWriting}, back at the low mark or under it
 * {@code resumeWriting}, once each, in pairs (asyncio's {@code _maybe_pause_protocol} /
 * {@code _maybe_resume_protocol}). The transport says how big its buffer is after it grew or
 * shrank; a protocol callback that throws is reported and the transport goes on. Loop thread only.
 */
final class WaterMarks {

    private final BaseEventLoop loop;
    private final Object transport;
    private int high;
    private int low;
    /** pauseWriting was called and resumeWriting not yet. */
    private boolean paused;

    /** Marks of 64 KiB and 16 KiB, asyncio's defaults. */
    WaterMarks(BaseEventLoop loop, Object transport) {
        this(loop, transport, 64 * 1024, 16 * 1024);
    }

    /** @param transport names the transport in reports of a protocol that threw */
    WaterMarks(BaseEventLoop loop, Object transport, int high, int low) {
        check(high, low);
        this.loop = loop;
        this.transport = transport;
        this.high = high;
        this.low = low;
    }

    /** Throws unless {@code 0 <= low <= high}, naming both. Any thread. */
    static void check(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("high: " + high + ", low: " + low + " (expected: 0 <= low <= high)");
        }
    }

    /** Sets new marks and applies them to a buffer of {@code size} bytes at once. */
    void set(int newHigh, int newLow, long size, Protocol protocol) {
        check(newHigh, newLow);
        high = newHigh;
        low = newLow;
        grew(size, protocol);
        shrank(size, protocol);
    }

    int low() {
        return low;
    }

    boolean paused() {
        return paused;
    }

    /** The buffer grew to {@code size} bytes: pauses the protocol past the high mark. */
    void grew(long size, Protocol protocol) {
        if (!paused && size > high) {
            paused = true;
            try {
                protocol.pauseWriting();
            } catch (RuntimeException e) {
                loop.report(e, "Protocol.pauseWriting of " + transport + " threw");
            }
        }
    }

    /** The buffer shrank to {@code size} bytes: resumes a paused protocol at the low mark or under it. */
    void shrank(long size, Protocol protocol) {
        if (paused && size <= low) {
            paused = false;
            try {
                protocol.resumeWriting();
            } catch (RuntimeException e) {
                loop.report(e, "Protocol.resumeWriting of " + transport + " threw");
            }
        }
    }
}
