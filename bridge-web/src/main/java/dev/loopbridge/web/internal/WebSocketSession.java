package dev.loopbridge.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.StreamConnection;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.web.CloseStatus;
import dev.loopbridge.web.Message;
import dev.loopbridge.web.WebSocket;
import dev.loopbridge.web.WebSocketException;
import dev.loopbridge.web.WebSocketOptions;

/**
 * A {@link WebSocket} over a {@link StreamConnection} whose opening handshake is done. Loop thread
 * only (every entry point checks). It reads with {@code reader().read} only while {@link #receive}
 * keeps its queue short, so a consumer that stops receiving stops the reads, the stream reader's
 * buffer fills to its limit and the transport stops reading the socket. It sends through a
 * {@link FrameOutbox}, which gathers the small frames sent in one go of the loop into one write.
 *
 * <p>States, on {@code state}: {@code OPEN} → {@code CLOSING} (this side sent its close frame and
 * waits, at most the close timeout, for the peer's) → {@code CLOSED}; or {@code OPEN} →
 * {@code CLOSED} directly when the peer's close frame arrives (answered at once), when the peer
 * breaks the protocol (this side sends the code and drops the connection) or when the connection
 * is lost (1006). {@code closed} is completed exactly once, on the way into {@code CLOSED}.
 */
public final class WebSocketSession implements WebSocket, FrameParser.Listener {

    private static final Logger log = LoggerFactory.getLogger(WebSocketSession.class);

    /** How much a read asks for at a time. */
    private static final int READ_SIZE = 64 * 1024;
    /** Reading stops while this many messages wait for {@link #receive}... */
    private static final int QUEUE_MESSAGES = 16;
    /** ...or while they hold this many bytes. */
    private static final long QUEUE_BYTES = 256 * 1024;

    private enum State { OPEN, CLOSING, CLOSED }

    private record Ping(byte[] payload, LoopFuture<Void> future) { }

    private final EventLoop loop;
    private final StreamConnection connection;
    private final WebSocketOptions options;
    private final boolean client;
    private final String path;
    private final String subprotocol;
    private final FrameParser parser;
    private final MessageDeflater deflater;
    private final SplittableRandom masks;
    /** The mask key of the frame being sent (a client's); the outbox copies it, so one array serves. */
    private final byte[] maskKey;
    /** Where frames go: gathered, so that those sent in one go of the loop leave in one write. */
    private final FrameOutbox outbox;

    private State state = State.OPEN;
    private final LoopFuture<CloseStatus> closed;
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private long queuedBytes;
    private final ArrayDeque<LoopFuture<Message>> receivers = new ArrayDeque<>();
    private final ArrayDeque<Ping> pings = new ArrayDeque<>();
    /** Whether a read is outstanding; at most one is. */
    private boolean reading;
    /**
     * Whether the parser is being fed. A message handed to a waiting receive runs the receiver's
     * code inside the feed, which may receive again: the read that would start then waits until the
     * feed is over (the reading loop goes on from there), so the parser is never fed re-entrantly.
     */
    private boolean feeding;
    private boolean closeSent;
    private TimerHandle closeTimer;
    private TimerHandle keepAliveTimer;
    private TimerHandle pongDeadline;

    /**
     * A session on {@code connection}, whose reader holds what followed the handshake.
     *
     * @param deflate the agreed permessage-deflate, or {@code null}
     */
    public WebSocketSession(EventLoop loop, StreamConnection connection, WebSocketOptions options, boolean client,
            String path, String subprotocol, DeflateNegotiation deflate) {
        this.loop = loop;
        this.connection = connection;
        this.options = options;
        this.client = client;
        this.path = path;
        this.subprotocol = subprotocol;
        this.closed = loop.newFuture();
        if (deflate != null) {
            boolean ownReset = client ? deflate.clientNoContextTakeover() : deflate.serverNoContextTakeover();
            boolean peerReset = client ? deflate.serverNoContextTakeover() : deflate.clientNoContextTakeover();
            this.deflater = new MessageDeflater(ownReset);
            this.parser = new FrameParser(!client, options.maxMessageSize(), true, peerReset, this);
        } else {
            this.deflater = null;
            this.parser = new FrameParser(!client, options.maxMessageSize(), false, false, this);
        }
        this.masks = client ? new SplittableRandom(new SecureRandom().nextLong()) : null;
        this.maskKey = client ? new byte[4] : null;
        this.outbox = new FrameOutbox(loop, connection.writer());
    }

    /** Starts reading and, with keep-alive, pinging. Called once, on the loop thread. */
    public void start() {
        readMore();
        scheduleKeepAlive();
    }

    private void checkLoop(String method) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("WebSocket." + method + " must be called on the thread of its loop, not on "
                    + Thread.currentThread().getName() + " (hop with loop.execute or loop.submit)");
        }
    }

    // ---- reading ----

    private boolean queueFull() {
        return queue.size() >= QUEUE_MESSAGES || queuedBytes >= QUEUE_BYTES;
    }

    /** Issues the next read unless one is outstanding, the socket ended, or (while open) the queue is full. */
    private void readMore() {
        if (feeding) {
            return;
        }
        while (!reading && state != State.CLOSED && !(state == State.OPEN && queueFull())) {
            reading = true;
            LoopFuture<byte[]> read = connection.reader().read(READ_SIZE);
            if (!read.isDone()) {
                read.whenComplete(this::onRead);
                return;
            }
            // Served from the buffer at once: handle it here rather than recursing.
            reading = false;
            if (!handleRead(read.resultNow(), null)) {
                return;
            }
        }
    }

    private void onRead(byte[] data, Throwable error) {
        reading = false;
        if (handleRead(data, error)) {
            readMore();
        }
    }

    /** Handles one read's outcome; returns whether reading may go on. */
    private boolean handleRead(byte[] data, Throwable error) {
        if (state == State.CLOSED) {
            return false;
        }
        if (error != null) {
            finish(new CloseStatus(CloseStatus.ABNORMAL, "connection lost: " + error.getMessage()));
            abortConnection();
            return false;
        }
        if (data.length == 0) {
            finish(new CloseStatus(CloseStatus.ABNORMAL, "the connection ended without a close frame"));
            closeConnection();
            return false;
        }
        feeding = true;
        try {
            parser.feed(data, 0, data.length);
        } finally {
            feeding = false;
            outbox.readHandedOn();  // what the receivers sent in reply leaves in one write, now
        }
        return state != State.CLOSED;
    }

    // ---- what the parser found ----

    @Override
    public void onMessage(Message message) {
        if (state == State.CLOSED) {
            return;
        }
        LoopFuture<Message> receiver = receivers.poll();
        if (receiver != null) {
            receiver.complete(message);
        } else if (state == State.OPEN || !queueFull()) {
            queue.add(message);
            queuedBytes += weight(message);
        }
        // else: closing and the queue is full; the message is dropped, the peer's close is awaited.
    }

    /** A message's share of the queue bound: its bytes, or for text its chars (no encoding to count). */
    private static long weight(Message m) {
        return m instanceof Message.Text t ? t.text().length() : m.size();
    }

    @Override
    public void onPing(byte[] payload) {
        if (!closeSent) {
            writeFrame(FrameParser.OP_PONG, false, payload);
        }
    }

    @Override
    public void onPong(byte[] payload) {
        if (pongDeadline != null) {
            pongDeadline.cancel();
            pongDeadline = null;
            scheduleKeepAlive();
        }
        if (pings.stream().noneMatch(p -> Arrays.equals(p.payload, payload))) {
            return;  // unsolicited: a heartbeat, nothing to complete
        }
        Ping p;
        do {
            p = pings.poll();
            p.future.complete(null);
        } while (!Arrays.equals(p.payload, payload));
    }

    @Override
    public void onClose(CloseStatus status) {
        if (!closeSent) {
            // Echo the status (RFC 6455 section 5.5.1); a close without one is answered without one.
            byte[] echo = status.code() == CloseStatus.NO_STATUS ? new byte[0]
                    : FrameWriter.closePayload(status.code(), status.reason().getBytes(StandardCharsets.UTF_8));
            writeFrame(FrameParser.OP_CLOSE, false, echo);
            closeSent = true;
        }
        finish(status);
        closeConnection();
    }

    @Override
    public void onFailure(int code, String reason) {
        log.debug("WebSocket {}: the peer broke the protocol ({}), closing with {}", path, reason, code);
        if (!closeSent) {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            writeFrame(FrameParser.OP_CLOSE, false, FrameWriter.closePayload(code, r.length <= 123 ? r : new byte[0]));
            closeSent = true;
        }
        finish(new CloseStatus(code, reason));
        closeConnection();
    }

    // ---- the API ----

    @Override
    public LoopFuture<Message> receive() {
        checkLoop("receive");
        LoopFuture<Message> f = loop.newFuture();
        Message m = queue.poll();
        if (m != null) {
            queuedBytes -= weight(m);
            f.complete(m);
            readMore();
        } else if (state == State.CLOSED) {
            CloseStatus status = closed.resultNow();
            if (status.isNormal()) {
                f.complete(null);
            } else {
                f.completeExceptionally(ended(status));
            }
        } else {
            receivers.add(f);
            f.whenCancelled(() -> receivers.remove(f));
            readMore();
        }
        return f;
    }

    private static WebSocketException ended(CloseStatus status) {
        return new WebSocketException("the WebSocket closed with " + status, status);
    }

    @Override
    public LoopFuture<Void> send(String text) {
        checkLoop("send");
        return sendMessage(FrameParser.OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public LoopFuture<Void> send(byte[] data) {
        checkLoop("send");
        return sendMessage(FrameParser.OP_BINARY, data);
    }

    private LoopFuture<Void> sendMessage(int opcode, byte[] payload) {
        if (state != State.OPEN) {
            return failed(notOpen("send"));
        }
        if (deflater != null && payload.length >= options.compressionThreshold()) {
            writeFrame(opcode, true, deflater.compress(payload, 0, payload.length));
        } else {
            writeFrame(opcode, false, payload);
        }
        return connection.writer().drain();
    }

    private WebSocketException notOpen(String what) {
        return new WebSocketException("cannot " + what + ": the WebSocket is " + (state == State.CLOSING ? "closing"
                : "closed (" + closed.resultNow() + ")"), closed.isDone() ? closed.resultNow() : null);
    }

    private <T> LoopFuture<T> failed(Throwable error) {
        LoopFuture<T> f = loop.newFuture();
        f.completeExceptionally(error);
        return f;
    }

    /** Sends one whole frame through the outbox, after every frame sent before it. */
    private void writeFrame(int opcode, boolean rsv1, byte[] payload) {
        if (client) {
            int m = masks.nextInt();
            maskKey[0] = (byte) m;
            maskKey[1] = (byte) (m >>> 8);
            maskKey[2] = (byte) (m >>> 16);
            maskKey[3] = (byte) (m >>> 24);
        }
        outbox.add(opcode, rsv1, payload, maskKey);
    }

    /** Writes the frames gathered and not yet written, now. */
    public void flush() {
        outbox.flush();
    }

    /** Closes the connection after the frames gathered (a close frame among them): nothing sent is lost. */
    private void closeConnection() {
        outbox.flush();
        connection.writer().close();
    }

    /** Resets the connection: what is still gathered is dropped, as the transport drops what it holds. */
    private void abortConnection() {
        outbox.discard();
        connection.writer().transport().abort();
    }

    @Override
    public LoopFuture<Void> ping(byte[] payload) {
        checkLoop("ping");
        if (payload.length > 125) {
            throw new IllegalArgumentException("ping payload: " + payload.length + " bytes (expected: at most 125)");
        }
        if (state != State.OPEN) {
            return failed(notOpen("ping"));
        }
        LoopFuture<Void> f = loop.newFuture();
        pings.add(new Ping(payload.clone(), f));
        writeFrame(FrameParser.OP_PING, false, payload);
        return f;
    }

    @Override
    public LoopFuture<CloseStatus> close(int code, String reason) {
        checkLoop("close");
        if (!CloseStatus.isSendable(code)) {
            throw new IllegalArgumentException("close code: " + code + " (expected: 1000-1003, 1007-1011 or 3000-4999)");
        }
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        if (r.length > 123) {
            throw new IllegalArgumentException("close reason: " + r.length + " UTF-8 bytes (expected: at most 123)");
        }
        if (state != State.OPEN) {
            return closed;
        }
        writeFrame(FrameParser.OP_CLOSE, false, FrameWriter.closePayload(code, r));
        outbox.flush();  // the close frame, after every data frame sent before it, goes now
        closeSent = true;
        state = State.CLOSING;
        Duration timeout = options.closeTimeout();
        closeTimer = loop.callLater(timeout, () -> {
            finish(new CloseStatus(CloseStatus.ABNORMAL, "the peer did not answer the close within " + timeout));
            abortConnection();
        });
        readMore();  // the peer's close frame must be read even if the queue is full
        return closed;
    }

    @Override
    public void close() {
        close(CloseStatus.NORMAL, "");
    }

    @Override
    public LoopFuture<CloseStatus> closed() {
        return closed;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public boolean isCompressed() {
        return deflater != null;
    }

    /** The underlying connection, for the server's bookkeeping. */
    public StreamConnection connection() {
        return connection;
    }

    // ---- keep-alive ----

    private void scheduleKeepAlive() {
        Duration interval = options.pingInterval();
        if (interval == null || state != State.OPEN) {
            return;
        }
        if (keepAliveTimer != null) {
            keepAliveTimer.cancel();
        }
        keepAliveTimer = loop.callLater(interval, () -> {
            keepAliveTimer = null;
            if (state != State.OPEN) {
                return;
            }
            byte[] payload = new byte[4];
            long now = loop.time();
            for (int i = 0; i < 4; i++) {
                payload[i] = (byte) (now >>> (8 * i));
            }
            writeFrame(FrameParser.OP_PING, false, payload);
            Duration timeout = options.pingTimeout();
            pongDeadline = loop.callLater(timeout, () -> {
                pongDeadline = null;
                finish(new CloseStatus(CloseStatus.ABNORMAL, "no pong within " + timeout + ": the peer is gone"));
                abortConnection();
            });
        });
    }

    // ---- the end ----

    /** Moves to CLOSED with {@code status}: once; later calls do nothing. */
    private void finish(CloseStatus status) {
        if (state == State.CLOSED) {
            return;
        }
        // Frames sent before the end (the close frame among them) go out before anyone hears of
        // it: a server whose handler's stage ends with the socket closes the connection at once.
        outbox.flush();
        state = State.CLOSED;
        for (TimerHandle t : new TimerHandle[] {closeTimer, keepAliveTimer, pongDeadline}) {
            if (t != null) {
                t.cancel();
            }
        }
        if (deflater != null) {
            deflater.close();
        }
        parser.end();
        closed.complete(status);
        while (!receivers.isEmpty()) {
            LoopFuture<Message> r = receivers.poll();
            if (status.isNormal()) {
                r.complete(null);
            } else {
                r.completeExceptionally(ended(status));
            }
        }
        IOException gone = ended(status);
        while (!pings.isEmpty()) {
            pings.poll().future.completeExceptionally(gone);
        }
    }
}
