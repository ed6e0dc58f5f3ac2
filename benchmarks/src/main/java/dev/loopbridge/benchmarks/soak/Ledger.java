package dev.loopbridge.benchmarks.soak;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.loopbridge.demo.client.ChatEntry;

/**
 * The books of {@link LoopChatSoak}: every line a client queued (by sender and sequence number),
 * the status its client last gave it, how many clients received it and after how long. Thread-safe:
 * the client loops write to it and the sampler reads it; each sender's lines are guarded by their
 * {@link Sender}'s monitor, the delivery latencies of the current sample period by this one's.
 */
final class Ledger {

    /** What became of the lines, at the end of a run. */
    record Outcome(long queued, long delivered, long receipts, long duplicates, long lost,
                   Map<ChatEntry.Status, Long> lostByStatus, long lostAloneInChannel, long uncertain,
                   long uncertainDelivered) {
    }

    /** One sender's lines, indexed by sequence number. Guarded by: its monitor. */
    static final class Sender {
        private ChatEntry.Status[] status = new ChatEntry.Status[64];
        private int[] receipts = new int[64];
        private boolean[] alone = new boolean[64];
        private boolean[] everUncertain = new boolean[64];
        private int count;

        private synchronized int add() {
            if (count == status.length) {
                status = Arrays.copyOf(status, count * 2);
                receipts = Arrays.copyOf(receipts, count * 2);
                alone = Arrays.copyOf(alone, count * 2);
                everUncertain = Arrays.copyOf(everUncertain, count * 2);
            }
            status[count] = ChatEntry.Status.PENDING;
            return count++;
        }
    }

    private final Sender[] senders;
    private final long[] latencies = new long[1 << 16];   // guarded by: this; the current period's, ns
    private int latencyCount;                              // guarded by: this
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong receipts = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    Ledger(int clients) {
        senders = new Sender[clients];
        Arrays.setAll(senders, i -> new Sender());
    }

    /** How many senders the books have. */
    int senders() {
        return senders.length;
    }

    /** A line {@code sender} queued: its sequence number. */
    int queued(int sender) {
        queued.incrementAndGet();
        return senders[sender].add();
    }

    /**
     * The client changed the line's status; {@code aloneInChannel} when the server confirmed it and
     * no other member was surely in the target channel when the server took it (nobody there to
     * receive it; {@link ClientBooks#entryUpdated} says how that is told).
     */
    void status(int sender, int seq, ChatEntry.Status status, boolean aloneInChannel) {
        Sender s = senders[sender];
        synchronized (s) {
            if (status == ChatEntry.Status.SENT && s.status[seq] != ChatEntry.Status.SENT) {
                confirmed.incrementAndGet();
            }
            s.status[seq] = status;
            s.alone[seq] = aloneInChannel;
            s.everUncertain[seq] |= status == ChatEntry.Status.UNCERTAIN;
        }
    }

    /** A client received line {@code seq} of {@code sender}, {@code latencyNanos} after it was queued. */
    void received(int sender, int seq, long latencyNanos) {
        receipts.incrementAndGet();
        Sender s = senders[sender];
        synchronized (s) {
            if (seq >= s.count) {
                return;   // not a line this run queued
            }
            if (s.receipts[seq]++ == 0) {
                delivered.incrementAndGet();
            }
        }
        synchronized (this) {
            if (latencyCount < latencies.length) {
                latencies[latencyCount++] = latencyNanos;
            }
        }
    }

    /** A receiver saw a sender's line again, or out of order. */
    void duplicate() {
        duplicates.incrementAndGet();
    }

    long queued() {
        return queued.get();
    }

    long confirmed() {
        return confirmed.get();
    }

    long delivered() {
        return delivered.get();
    }

    long receipts() {
        return receipts.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    /** The delivery latencies since the last call, sorted, in ns; starts a new period. */
    synchronized long[] drainLatencies() {
        long[] period = Arrays.copyOf(latencies, latencyCount);
        latencyCount = 0;
        Arrays.sort(period);
        return period;
    }

    /** The {@code q} quantile of sorted {@code values} in ms, 0 when there are none. */
    static double quantileMs(long[] values, double q) {
        return values.length == 0 ? 0 : values[Math.min(values.length - 1, (int) (q * values.length))] / 1e6;
    }

    /** Lines UNCERTAIN now: written, then the connection died before the server confirmed them. */
    long uncertainNow() {
        long n = 0;
        for (Sender s : senders) {
            synchronized (s) {
                for (int i = 0; i < s.count; i++) {
                    n += s.status[i] == ChatEntry.Status.UNCERTAIN ? 1 : 0;
                }
            }
        }
        return n;
    }

    /** What became of every line queued so far. */
    Outcome outcome() {
        long lost = 0;
        long alone = 0;
        long uncertain = 0;
        long uncertainDelivered = 0;
        long queuedLines = 0;
        long deliveredLines = 0;
        Map<ChatEntry.Status, Long> byStatus = new EnumMap<>(ChatEntry.Status.class);
        for (Sender s : senders) {
            synchronized (s) {
                for (int i = 0; i < s.count; i++) {
                    queuedLines++;
                    if (s.everUncertain[i]) {
                        uncertain++;
                        uncertainDelivered += s.receipts[i] > 0 ? 1 : 0;
                    }
                    if (s.receipts[i] > 0) {
                        deliveredLines++;
                        continue;
                    }
                    lost++;
                    byStatus.merge(s.status[i], 1L, Long::sum);
                    if (s.status[i] == ChatEntry.Status.SENT && s.alone[i]) {
                        alone++;
                    }
                }
            }
        }
        return new Outcome(queuedLines, deliveredLines, receipts.get(), duplicates.get(), lost, byStatus, alone,
                uncertain, uncertainDelivered);
    }
}
