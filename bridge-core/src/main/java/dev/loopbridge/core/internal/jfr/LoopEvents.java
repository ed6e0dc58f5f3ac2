package dev.loopbridge.core.internal.jfr;

import jdk.jfr.EventType;

/**
 * The loop's JDK Flight Recorder events, {@code dev.loopbridge.Tick}, {@code dev.loopbridge.SlowCallback}
 * and {@code dev.loopbridge.Stall}: shown by JDK Mission Control beside GC and I/O. Each method may
 * be called from any thread.
 *
 * <p>NOTE: touch nothing here unless {@link JfrGate#started()}: loading an event class starts the Flight
 * Recorder's machinery (half a second on a busy machine), which a loop must not pay on its first
 * tick when nobody records. Events are passed around as {@code Object} so that callers' code does
 * not name (and so load) their classes.
 */
public final class LoopEvents {

    private static final EventType TICK = EventType.getEventType(TickEvent.class);
    private static final EventType SLOW = EventType.getEventType(SlowCallbackEvent.class);

    private LoopEvents() {
    }

    /** Whether ticks are being recorded: worth reading the clock for. */
    public static boolean ticksRecorded() {
        return TICK.isEnabled();
    }

    /** Whether slow callbacks are being recorded: worth timing each callback for. */
    public static boolean slowCallbacksRecorded() {
        return SLOW.isEnabled();
    }

    /** A tick event begun now, to be ended by {@link #endTick}; null when ticks are not recorded. */
    public static Object beginTick() {
        if (!TICK.isEnabled()) {
            return null;
        }
        TickEvent e = new TickEvent();
        e.begin();
        return e;
    }

    /** Ends and commits a tick event from {@link #beginTick}. */
    public static void endTick(Object event, String loop, long callbacks, boolean budgetHit) {
        TickEvent e = (TickEvent) event;
        e.end();
        if (e.shouldCommit()) {
            e.loop = loop;
            e.callbacks = callbacks;
            e.budgetHit = budgetHit;
            e.commit();
        }
    }

    /** A slow-callback event begun now; null when slow callbacks are not recorded. */
    public static Object beginCallback() {
        if (!SLOW.isEnabled()) {
            return null;
        }
        SlowCallbackEvent e = new SlowCallbackEvent();
        e.begin();
        return e;
    }

    /** Ends a slow-callback event and commits it if it ran past the recording's threshold. */
    public static void endCallback(Object event, String loop, String callback, String origin) {
        SlowCallbackEvent e = (SlowCallbackEvent) event;
        e.end();
        if (e.shouldCommit()) {
            e.loop = loop;
            e.callback = callback;
            e.origin = origin;
            e.commit();
        }
    }

    /** Records a stall that has just ended. */
    public static void stall(String loop, String thread, boolean inLoop, long nanos, String stack) {
        StallEvent e = new StallEvent();
        if (e.isEnabled()) {
            e.loop = loop;
            e.thread = thread;
            e.inLoop = inLoop;
            e.stalledFor = nanos;
            e.stack = stack;
            e.commit();
        }
    }
}
