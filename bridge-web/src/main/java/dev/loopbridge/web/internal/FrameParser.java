package dev.loopbridge.web.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;

/**
 * Turns the bytes of a WebSocket connection into whole messages, control frames and verdicts:
 * RFC 6455 section 5 with permessage-deflate (RFC 7692). Pure: no loop, no I/O, no clock; bytes go
 * in through {@link #feed} in chunks of any size (one byte at a time works) and come out through
 * the {@link Listener}. Owned by one session, so by one thread at a time (the loop thread).
 *
 * <p>It never throws for bad input. A violation is reported once, through
 * {@link Listener#onFailure}, with the close code the connection must end with: 1002 for a
 * protocol error (reserved bits or opcodes, a wrong mask bit, a fragmented or oversized control
 * frame, a continuation with no message, a new message inside a fragmented one, a 64-bit length
 * with its top bit set, a bad close code or close payload, a corrupt deflate stream), 1007 for a
 * text message or close reason that is not UTF-8 (found as early as the bytes allow, across
 * fragments), 1009 for a message over the limit (counted after inflation, so a compressed bomb
 * allocates at most the limit). After a close frame or a failure it ignores what follows.
 *
 * <p>States: {@code HEADER} (collecting 2 to 14 header bytes) → {@code PAYLOAD} (the frame's
 * payload, unmasked as it arrives) → {@code HEADER} ...; {@code DONE} after a close or a failure.
 */
public final class FrameParser {

    /** What the parser found. Called on the thread that calls {@link #feed}. */
    public interface Listener {
        /** A whole message, reassembled and inflated. */
        void onMessage(Message message);

        /** A ping with its payload (at most 125 bytes). */
        void onPing(byte[] payload);

        /** A pong with its payload. */
        void onPong(byte[] payload);

        /** The peer's close frame: its status (1005 when it carried no code). */
        void onClose(CloseStatus status);

        /** The peer broke the protocol: the connection must close with {@code code}. */
        void onFailure(int code, String reason);
    }

    static final int OP_CONTINUATION = 0;
    static final int OP_TEXT = 1;
    static final int OP_BINARY = 2;
    static final int OP_CLOSE = 8;
    static final int OP_PING = 9;
    static final int OP_PONG = 10;

    /** The bytes RFC 7692 section 7.2.2 appends to a message before inflating it. */
    private static final byte[] DEFLATE_TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private enum State { HEADER, PAYLOAD, DONE }

    private final boolean expectMasked;
    private final int maxMessageSize;
    /** Whether permessage-deflate was agreed (RSV1 allowed on data frames). */
    private final boolean inflates;
    /**
     * Made with the first compressed message when the parser was not given one, so that a socket
     * that never receives one holds no zlib state outside the heap.
     */
    private Inflater inflater;
    private final boolean resetInflater;
    private final Listener listener;

    private State state = State.HEADER;
    private final byte[] header = new byte[14];
    private int headerLength;

    // The current frame, once its header is read.
    private int opcode;
    private boolean fin;
    private long payloadRemaining;
    private boolean masked;
    private final byte[] mask = new byte[4];
    private int maskIndex;

    // The current control frame's payload (at most 125 bytes).
    private final byte[] control = new byte[125];
    private int controlLength;

    // The current data message: its opcode (0 when none), whether it is compressed, its bytes.
    private int messageOpcode;
    private boolean compressed;
    private byte[] message = new byte[0];
    private int messageLength;
    private final Utf8Validator utf8 = new Utf8Validator();
    private byte[] scratch = new byte[0];

    /**
     * A parser for one connection.
     *
     * @param expectMasked true on a server (client frames must be masked), false on a client
     *     (server frames must not be)
     * @param maxMessageSize the largest message, in bytes after inflation
     * @param inflater the inflater of an agreed permessage-deflate (raw deflate), or {@code null}
     * @param resetInflater whether the peer resets its compressor after each message (no context takeover)
     */
    public FrameParser(boolean expectMasked, int maxMessageSize, Inflater inflater, boolean resetInflater,
            Listener listener) {
        this(expectMasked, maxMessageSize, inflater != null, inflater, resetInflater, listener);
    }

    /**
     * A parser that makes its inflater (raw deflate) with the first compressed message, if
     * {@code deflateAgreed}; {@link #end} releases it.
     *
     * @param expectMasked true on a server (client frames must be masked), false on a client
     * @param maxMessageSize the largest message, in bytes after inflation
     * @param deflateAgreed whether permessage-deflate was agreed
     * @param resetInflater whether the peer resets its compressor after each message (no context takeover)
     * @param listener told what the frames carry
     */
    public FrameParser(boolean expectMasked, int maxMessageSize, boolean deflateAgreed, boolean resetInflater,
            Listener listener) {
        this(expectMasked, maxMessageSize, deflateAgreed, null, resetInflater, listener);
    }

    private FrameParser(boolean expectMasked, int maxMessageSize, boolean inflates, Inflater inflater,
            boolean resetInflater, Listener listener) {
        this.expectMasked = expectMasked;
        this.maxMessageSize = maxMessageSize;
        this.inflates = inflates;
        this.inflater = inflater;
        this.resetInflater = resetInflater;
        this.listener = listener;
    }

    /** Releases the inflater's zlib state, if there is one. */
    public void end() {
        if (inflater != null) {
            inflater.end();
        }
    }

    /** Returns whether a close frame or a failure has been reported (the rest is ignored). */
    public boolean isDone() {
        return state == State.DONE;
    }

    /** Parses the remaining bytes of {@code data}, consuming them all. */
    public void feed(ByteBuffer data) {
        while (data.hasRemaining() && state != State.DONE) {
            if (state == State.HEADER) {
                readHeader(data);
            } else {
                readPayload(data);
            }
        }
        data.position(data.limit());
    }

    /** Parses {@code len} bytes of {@code data} from {@code off}. */
    public void feed(byte[] data, int off, int len) {
        feed(ByteBuffer.wrap(data, off, len));
    }

    private void readHeader(ByteBuffer data) {
        int need = headerLength < 2 ? 2 : headerSize();
        while (headerLength < need && data.hasRemaining()) {
            header[headerLength++] = data.get();
            if (headerLength == 2) {
                need = headerSize();
            }
        }
        if (headerLength < need) {
            return;
        }
        headerLength = 0;
        startFrame();
    }

    /** The header's size once its first two bytes are known. */
    private int headerSize() {
        int len7 = header[1] & 0x7F;
        return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
    }

    private void startFrame() {
        int b0 = header[0] & 0xFF;
        int b1 = header[1] & 0xFF;
        fin = (b0 & 0x80) != 0;
        boolean rsv1 = (b0 & 0x40) != 0;
        opcode = b0 & 0x0F;
        masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        int pos = 2;
        long length;
        if (len7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            pos = 4;
        } else if (len7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            pos = 10;
            if (length < 0) {
                fail(CloseStatus.PROTOCOL_ERROR, "a 64-bit frame length with its most significant bit set");
                return;
            }
        } else {
            length = len7;
        }
        if (masked) {
            System.arraycopy(header, pos, mask, 0, 4);
        }
        maskIndex = 0;
        payloadRemaining = length;

        if ((b0 & 0x30) != 0) {
            fail(CloseStatus.PROTOCOL_ERROR, "reserved bits RSV2/RSV3 set with no extension that defines them");
            return;
        }
        if (masked != expectMasked) {
            fail(CloseStatus.PROTOCOL_ERROR, expectMasked ? "an unmasked frame from a client (clients must mask)"
                    : "a masked frame from a server (servers must not mask)");
            return;
        }
        switch (opcode) {
            case OP_CLOSE, OP_PING, OP_PONG -> {
                if (rsv1) {
                    fail(CloseStatus.PROTOCOL_ERROR, "RSV1 set on a control frame");
                } else if (!fin) {
                    fail(CloseStatus.PROTOCOL_ERROR, "a fragmented control frame (opcode " + opcode + ")");
                } else if (length > 125) {
                    fail(CloseStatus.PROTOCOL_ERROR, "a control frame of " + length + " bytes (at most 125)");
                } else {
                    controlLength = 0;
                    endPayloadIfEmpty();
                }
            }
            case OP_TEXT, OP_BINARY -> {
                if (messageOpcode != 0) {
                    fail(CloseStatus.PROTOCOL_ERROR, "a new data frame inside a fragmented message (expected a continuation)");
                } else if (rsv1 && !inflates) {
                    fail(CloseStatus.PROTOCOL_ERROR, "RSV1 set but permessage-deflate was not agreed");
                } else {
                    messageOpcode = opcode;
                    compressed = rsv1;
                    messageLength = 0;
                    utf8.reset();
                    startData(length);
                }
            }
            case OP_CONTINUATION -> {
                if (messageOpcode == 0) {
                    fail(CloseStatus.PROTOCOL_ERROR, "a continuation frame with no message to continue");
                } else if (rsv1) {
                    fail(CloseStatus.PROTOCOL_ERROR, "RSV1 set on a continuation frame");
                } else {
                    startData(length);
                }
            }
            default -> fail(CloseStatus.PROTOCOL_ERROR, "reserved opcode " + opcode);
        }
    }

    private void startData(long length) {
        if (!compressed) {
            if (messageLength + length > maxMessageSize) {
                fail(CloseStatus.TOO_BIG, "a message of more than " + maxMessageSize + " bytes (the limit)");
                return;
            }
            ensureCapacity(messageLength + (int) length);
        }
        endPayloadIfEmpty();
    }

    private void endPayloadIfEmpty() {
        if (state == State.DONE) {
            return;
        }
        if (payloadRemaining == 0) {
            endFrame();
        } else {
            state = State.PAYLOAD;
        }
    }

    private void readPayload(ByteBuffer data) {
        int n = (int) Math.min(payloadRemaining, data.remaining());
        payloadRemaining -= n;
        if (opcode >= OP_CLOSE) {
            data.get(control, controlLength, n);
            unmask(control, controlLength, n);
            controlLength += n;
        } else if (!compressed) {
            data.get(message, messageLength, n);
            unmask(message, messageLength, n);
            if (messageOpcode == OP_TEXT && !utf8.update(message, messageLength, n)) {
                fail(CloseStatus.INVALID_DATA, "a text message that is not valid UTF-8");
                return;
            }
            messageLength += n;
        } else {
            if (scratch.length < n) {
                scratch = new byte[Math.max(n, Math.min(64 * 1024, 2 * scratch.length))];
            }
            data.get(scratch, 0, n);
            unmask(scratch, 0, n);
            if (!inflate(scratch, n)) {
                return;
            }
        }
        if (payloadRemaining == 0) {
            endFrame();
        }
    }

    private void unmask(byte[] b, int off, int len) {
        if (masked) {
            maskIndex = Masking.apply(b, off, b, off, len, mask, maskIndex);
        }
    }

    /** Inflates {@code n} bytes of {@code input} into the message; false after a failure. */
    private boolean inflate(byte[] input, int n) {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        inflater.setInput(input, 0, n);
        while (!inflater.finished()) {
            if (messageLength == message.length) {
                // Room for one byte past the limit: reaching it proves the message too big.
                ensureCapacity((int) Math.min((long) maxMessageSize + 1, Math.max(256L, 2L * message.length)));
            }
            int before = messageLength;
            int space = message.length - messageLength;
            long writtenBefore = inflater.getBytesWritten();
            int got;
            try {
                got = inflater.inflate(message, messageLength, space);
            } catch (DataFormatException e) {
                // What the inflater wrote before it met the corruption comes first in the message.
                if (inflated(before, (int) (inflater.getBytesWritten() - writtenBefore))) {
                    fail(CloseStatus.PROTOCOL_ERROR, "a corrupt deflate stream (" + e.getMessage() + ")");
                }
                return false;
            }
            if (!inflated(before, got)) {
                return false;
            }
            if (got < space) {
                if (inflater.needsInput() || inflater.finished()) {
                    break;  // the output was not full, so all the input gave is out
                }
                if (inflater.needsDictionary()) {
                    fail(CloseStatus.PROTOCOL_ERROR, "a deflate stream that asks for a preset dictionary");
                    return false;
                }
                if (got == 0) {
                    fail(CloseStatus.PROTOCOL_ERROR, "a deflate stream the inflater makes no progress on");
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Takes {@code got} bytes the inflater wrote at {@code before}; false after a failure.
     *
     * <p>NOTE: the violations are looked for in the order of the message's bytes, so that the
     * first one decides the close code whatever the chunking: the bytes up to the limit are
     * checked as UTF-8 before the limit is, and both before a corruption that follows them. In
     * one piece the inflater may hand over an invalid byte, the byte past the limit and the
     * corruption in one call; a byte at a time, the invalid byte comes first (found by
     * FrameParserJazzerTest).
     */
    private boolean inflated(int before, int got) {
        messageLength = before + got;
        int withinLimit = Math.min(got, Math.max(0, maxMessageSize - before));
        if (messageOpcode == OP_TEXT && !utf8.update(message, before, withinLimit)) {
            fail(CloseStatus.INVALID_DATA, "a text message that is not valid UTF-8");
            return false;
        }
        if (messageLength > maxMessageSize) {
            fail(CloseStatus.TOO_BIG, "a message of more than " + maxMessageSize + " bytes once inflated (the limit)");
            return false;
        }
        return true;
    }

    private void ensureCapacity(int size) {
        if (message.length < size) {
            message = Arrays.copyOf(message, Math.max(size, Math.min(maxMessageSize, message.length * 2)));
        }
    }

    private void endFrame() {
        state = State.HEADER;
        switch (opcode) {
            case OP_CLOSE -> endClose();
            case OP_PING -> listener.onPing(Arrays.copyOf(control, controlLength));
            case OP_PONG -> listener.onPong(Arrays.copyOf(control, controlLength));
            default -> {
                if (fin) {
                    endMessage();
                }
            }
        }
    }

    private void endClose() {
        if (controlLength == 1) {
            fail(CloseStatus.PROTOCOL_ERROR, "a close frame with a one-byte payload (a code takes two)");
            return;
        }
        CloseStatus status;
        if (controlLength == 0) {
            status = new CloseStatus(CloseStatus.NO_STATUS, "");
        } else {
            int code = ((control[0] & 0xFF) << 8) | (control[1] & 0xFF);
            if (!CloseStatus.isSendable(code)) {
                fail(CloseStatus.PROTOCOL_ERROR, "close code " + code + " (expected: 1000-1003, 1007-1011 or 3000-4999)");
                return;
            }
            if (!Utf8Validator.isValid(control, 2, controlLength - 2)) {
                fail(CloseStatus.INVALID_DATA, "a close reason that is not valid UTF-8");
                return;
            }
            status = new CloseStatus(code, new String(control, 2, controlLength - 2, StandardCharsets.UTF_8));
        }
        state = State.DONE;
        listener.onClose(status);
    }

    private void endMessage() {
        if (compressed) {
            if (!inflate(DEFLATE_TAIL, DEFLATE_TAIL.length)) {
                return;
            }
            if (resetInflater || inflater.finished()) {
                inflater.reset();
            }
        }
        Message m;
        if (messageOpcode == OP_TEXT) {
            if (!utf8.isComplete()) {
                fail(CloseStatus.INVALID_DATA, "a text message that ends inside a UTF-8 sequence");
                return;
            }
            m = new Message.Text(new String(message, 0, messageLength, StandardCharsets.UTF_8));
        } else if (messageLength == message.length) {
            m = new Message.Binary(message);
            message = new byte[0];
        } else {
            m = new Message.Binary(Arrays.copyOf(message, messageLength));
        }
        if (message.length > 64 * 1024) {
            message = new byte[0];  // a large message's buffer is not kept for the next
        }
        messageOpcode = 0;
        messageLength = 0;
        listener.onMessage(m);
    }

    private void fail(int code, String reason) {
        state = State.DONE;
        listener.onFailure(code, reason);
    }
}
