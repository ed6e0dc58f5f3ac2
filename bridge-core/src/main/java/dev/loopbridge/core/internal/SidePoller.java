package dev.loopbridge.core.internal;

/**
 * The side thread of a toolkit loop: it sleeps until the earliest timer is due, then posts a tick,
 * so the toolkit thread never blocks and no toolkit timer object is involved. It stops waiting a
 * little before the deadline and spins the rest ({@link WakeMargin}), so that the tick is posted
 * at the deadline rather than when the OS gets round to waking the thread. Started when the
 * first timer is scheduled; stopped by {@link #close()}.
 *
 * <p>{@link #earliestDeadline} and {@link #close} run on the loop thread; {@link #run} on the
 * side thread. The published deadline and the side thread's sleep target meet in a Dekker-style
 * handshake (see the NOTE in {@link #run}), so the loop wakes the side thread only when it must:
 * when a timer earlier than the one it sleeps for appears, or when it sleeps for none.
 */
final class SidePoller implements Watcher, Runnable {

    private static final long NONE = Long.MIN_VALUE;

    private final BaseEventLoop loop;
    private final Scheduler scheduler;
    private final Poller poller;

    /** The earliest deadline, or NONE. Written by the loop thread, read by the side thread. */
    private volatile long deadline = NONE;

    /** The deadline the side thread sleeps until, or NONE if it sleeps until woken. Side thread writes. */
    private volatile long sleepingFor = NONE;

    private volatile boolean closed;

    /** Loop thread only. */
    private Thread thread;

    /** How long before a deadline the side thread stops waiting and spins. Side thread only. */
    private final WakeMargin margin = new WakeMargin();

    SidePoller(BaseEventLoop loop) {
        this.loop = loop;
        this.scheduler = loop.scheduler();
        this.poller = loop.poller();
    }

    /** A channel was registered: the side thread must run to select for it. Loop thread. */
    @Override
    public void ioRegistered() {
        if (thread == null && !closed) {
            start();
        }
    }

    private void start() {
        thread = Thread.ofPlatform().daemon().name(loop.name() + "-poller").start(this);
    }

    @Override
    public void earliestDeadline(boolean any, long when) {
        long d = any ? normalize(when) : NONE;
        if (d == deadline) {
            return;
        }
        deadline = d;
        if (d == NONE || closed) {
            return; // the side thread wakes at its old target, finds nothing due, sleeps on
        }
        if (thread == null) {
            start();
            return;
        }
        long target = sleepingFor;
        if (target == NONE || d - target < 0) {
            poller.wake();
        }
    }

    @Override
    public void run() {
        long postedFor = NONE;
        while (!closed) {
            poller.prepare();
            long d = deadline;
            long target = d == NONE || d == postedFor ? NONE : d;
            sleepingFor = target;
            // NOTE: the loop thread writes deadline and then reads sleepingFor; this thread writes
            // sleepingFor and then reads deadline. One of the two sees the other's write, so a new
            // earlier deadline either changes this read or gets a wake().
            if (deadline != d || closed) {
                continue;
            }
            if (target == NONE) {
                poller.await(-1);
                continue;
            }
            long now = scheduler.clock.nanoTime();
            long early = margin.nanos();
            if (target - now > early) {
                long end = target - early;
                poller.await(end - now);
                margin.waited(end, scheduler.clock.nanoTime());
            } else if (target - now > 0) {
                // Within the margin: spin to the deadline, unless an earlier timer or close comes.
                // I/O that becomes ready meanwhile waits for the timer, at most the margin.
                do {
                    Thread.onSpinWait();
                } while (target - scheduler.clock.nanoTime() > 0 && deadline == d && !closed);
            } else {
                postedFor = target;
                scheduler.requestTick();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        poller.wake();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Keeps NONE free for "no deadline": a real deadline that happens to equal it moves by 1 ns. */
    private static long normalize(long when) {
        return when == NONE ? NONE + 1 : when;
    }
}
