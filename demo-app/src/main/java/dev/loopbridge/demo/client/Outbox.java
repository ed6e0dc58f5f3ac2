package dev.loopbridge.demo.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopFuture;
import dev.loopbridge.core.TimerHandle;
import dev.loopbridge.demo.internal.TokenBucket;
import dev.loopbridge.demo.irc.IrcMessage;

/**
 * The client's outgoing queue: loop thread only. It holds what the user typed, in order, and
 * decides when each line goes out and when it counts as sent.
 *
 * <p>Each tracked line (a message the user sees in the log) moves
 * {@code PENDING -> IN_FLIGHT -> SENT}:
 * <ul>
 *   <li>PENDING while there is no registered connection or the rate limit ({@link TokenBucket})
 *       holds it back; a timer wakes the queue when the next token is due.</li>
 *   <li>IN_FLIGHT once written to the socket. Once the queue is empty the outbox writes a
 *       barrier {@code PING} (rate-limited like a line); servers answer PINGs in order, so its
 *       PONG proves the server processed every line before it: those lines become SENT.</li>
 *   <li>If the connection dies with lines IN_FLIGHT, nobody knows whether the server got them.
 *       When the server supports {@value #DEDUP_CAP}, each line carried a client id tag and the
 *       server drops repeats, so the lines go back to the front of the queue (PENDING) and are
 *       sent again after reconnecting: exactly once — provided the same run of the server takes
 *       them (the capability's value names the run; a restarted server forgot the ids). Without
 *       that, resending could show a line twice, so they become UNCERTAIN and wait for the user
 *       ({@link ChatClient#resend}).</li>
 * </ul>
 */
final class Outbox {

    /** The capability under which a server promises to drop a line whose client id it has seen. */
    static final String DEDUP_CAP = "loopbridge.dev/dedup";

    /** The tag carrying a line's client id. */
    static final String CID_TAG = "loopbridge.dev/cid";

    /** The connection the outbox writes to: the client's current registered session. */
    interface Wire {
        /** Writes the line; false if it cannot go on the wire at all (over the length limit, connection closed). */
        boolean write(IrcMessage message);

        /** Writes a PING and returns its sequence number, answered by {@link #acknowledge}. */
        long ping();

        /** The sequence number the next PING will carry. */
        long nextPing();

        boolean dedup();

        /** The run of the server that promised to drop repeats (its dedup value), or null. */
        String dedupBoot();
    }

    /** One queued line; {@code entry} is null for commands the log does not show (JOIN, PART...). */
    static final class Item {
        final IrcMessage message;
        final String cid;
        ChatEntry entry;
        long barrier;
        // The dedupBoot of the wire it was last written to, or null: a resend is safe only to the
        // same run of the server, which still remembers the id.
        String writtenTo;

        Item(IrcMessage message, String cid, ChatEntry entry) {
            this.message = message;
            this.cid = cid;
            this.entry = entry;
        }
    }

    private final EventLoop loop;
    private final TokenBucket bucket;
    private final Consumer<ChatEntry> onStatus;
    // Guarded by: the loop thread. Lines not yet written, in order.
    private final Deque<Item> queued = new ArrayDeque<>();
    // Guarded by: the loop thread. Tracked lines written on the current wire, not yet confirmed.
    private final Deque<Item> inFlight = new ArrayDeque<>();
    // Guarded by: the loop thread. UNCERTAIN lines by entry id, for resend.
    private final Map<Long, Item> uncertain = new HashMap<>();
    // Guarded by: the loop thread. Completed when nothing is queued or in flight.
    private final List<LoopFuture<Void>> settledWaiters = new ArrayList<>();
    // Guarded by: the loop thread. Where lines go; null while not registered.
    private Wire wire;
    // Guarded by: the loop thread. A barrier task is queued / the barrier may go now.
    private boolean barrierScheduled;
    private boolean barrierDue;
    // Guarded by: the loop thread. The wake-up for the next token, or null.
    private TimerHandle wakeup;

    Outbox(EventLoop loop, TokenBucket bucket, Consumer<ChatEntry> onStatus) {
        this.loop = loop;
        this.bucket = bucket;
        this.onStatus = onStatus;
    }

    /** Queues a line behind the others and sends what it can. */
    void add(Item item) {
        queued.add(item);
        flush();
    }

    /** A registered connection is ready: send the queue. */
    void attach(Wire newWire) {
        this.wire = newWire;
        flush();
    }

    /**
     * The connection is gone: in-flight lines go back to the queue (the server drops repeats) or
     * become UNCERTAIN (it cannot).
     */
    void detach() {
        cancelWakeup();
        boolean requeue = wire != null && wire.dedup();
        wire = null;
        barrierDue = false;
        List<Item> lost = new ArrayList<>(inFlight);
        inFlight.clear();
        for (int i = lost.size() - 1; i >= 0; i--) {
            Item item = lost.get(i);
            if (requeue) {
                queued.addFirst(item);
                setStatus(item, ChatEntry.Status.PENDING);
            } else {
                uncertain.put(item.entry.id(), item);
                setStatus(item, ChatEntry.Status.UNCERTAIN);
            }
        }
    }

    /** The PONG for barrier {@code seq} arrived: every line written before it is SENT. */
    void acknowledge(long seq) {
        while (!inFlight.isEmpty() && inFlight.peekFirst().barrier <= seq) {
            setStatus(inFlight.pollFirst(), ChatEntry.Status.SENT);
        }
    }

    /** Queues an UNCERTAIN line again; returns false if there is no such line. */
    boolean resend(long entryId) {
        Item item = uncertain.remove(entryId);
        if (item == null) {
            return false;
        }
        item.writtenTo = null;   // the user's decision: send it again wherever we are
        setStatus(item, ChatEntry.Status.PENDING);
        add(item);
        return true;
    }

    /** Gives up on every queued line (quit, close): they become DROPPED. */
    void dropQueued() {
        cancelWakeup();
        for (Item item : queued) {
            if (item.entry != null) {
                setStatus(item, ChatEntry.Status.DROPPED);
            }
        }
        queued.clear();
        checkSettled();
    }

    /** The in-flight lines become UNCERTAIN (the connection closed before confirming them). */
    void abandonInFlight() {
        for (Item item : inFlight) {
            uncertain.put(item.entry.id(), item);
            setStatus(item, ChatEntry.Status.UNCERTAIN);
        }
        inFlight.clear();
        checkSettled();   // setStatus checked while the lines were still in flight
    }

    /** A future completed (on the loop) once no line is queued or in flight. */
    LoopFuture<Void> settled() {
        LoopFuture<Void> waiter = loop.newFuture();
        settledWaiters.add(waiter);
        checkSettled();
        return waiter;
    }

    private void checkSettled() {
        if (queued.isEmpty() && inFlight.isEmpty() && !settledWaiters.isEmpty()) {
            List<LoopFuture<Void>> done = new ArrayList<>(settledWaiters);
            settledWaiters.clear();
            done.forEach(w -> w.complete(null));
        }
    }

    /** Lines waiting to be written. */
    int queuedCount() {
        return queued.size();
    }

    /** Lines written and not yet confirmed. */
    int inFlightCount() {
        return inFlight.size();
    }

    /*
     * NOTE: the barrier PING passes the rate limit like any line (servers count it), and goes only
     * once the queue is empty: during a long paste lines stay IN_FLIGHT until its end, and the
     * PINGs never double the line rate. A line written when the next PING would carry sequence n
     * is confirmed by any PONG for n or later, keepalive PINGs included.
     */
    private void flush() {
        if (wire == null || wakeup != null) {
            return;
        }
        while (!queued.isEmpty() || barrierOwed()) {
            if (queued.isEmpty() && !barrierDue) {
                scheduleBarrier();
                break;
            }
            long now = loop.time();
            if (!bucket.tryTake(now)) {
                long wait = bucket.nanosUntilToken(now);
                wakeup = loop.callLater(Duration.ofNanos(Math.max(1, wait)), () -> {
                    wakeup = null;
                    flush();
                });
                break;
            }
            if (queued.isEmpty()) {
                barrierDue = false;
                wire.ping();
                break;
            }
            Item item = queued.pollFirst();
            if (item.writtenTo != null && !item.writtenTo.equals(wire.dedupBoot())) {
                // Written before to a server run that is gone (restarted) or to another server:
                // nobody remembers its id, so a resend could show it twice.
                uncertain.put(item.entry.id(), item);
                setStatus(item, ChatEntry.Status.UNCERTAIN);
                continue;
            }
            IrcMessage message = item.message;
            if (item.cid != null && wire.dedup()) {
                message = message.withTag(CID_TAG, item.cid);
            }
            if (!wire.write(message)) {
                if (item.entry != null) {
                    setStatus(item, ChatEntry.Status.DROPPED);
                }
                continue;
            }
            if (item.entry != null) {
                item.barrier = wire.nextPing();
                item.writtenTo = wire.dedup() ? wire.dedupBoot() : null;
                inFlight.add(item);
                setStatus(item, ChatEntry.Status.IN_FLIGHT);
            }
        }
        checkSettled();
    }

    /** Lets the lines queued in this callback go first; then the barrier is due. */
    private void scheduleBarrier() {
        if (!barrierScheduled) {
            barrierScheduled = true;
            loop.callSoon(() -> {
                barrierScheduled = false;
                barrierDue = true;
                flush();
            });
        }
    }

    /** Whether a line in flight waits for a PING that has not been written yet. */
    private boolean barrierOwed() {
        return !inFlight.isEmpty() && inFlight.peekLast().barrier >= wire.nextPing();
    }

    private void cancelWakeup() {
        if (wakeup != null) {
            wakeup.cancel();
            wakeup = null;
        }
    }

    private void setStatus(Item item, ChatEntry.Status status) {
        if (item.entry != null && item.entry.status() != status) {
            item.entry = item.entry.withStatus(status);
            onStatus.accept(item.entry);
        }
        checkSettled();
    }
}
