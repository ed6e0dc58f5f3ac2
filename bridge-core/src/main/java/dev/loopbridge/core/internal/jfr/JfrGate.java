package dev.loopbridge.core.internal.jfr;

import jdk.jfr.FlightRecorder;

/**
 * Whether the JDK Flight Recorder has started in this JVM. Any thread; about a nanosecond. Until it
 * returns true nothing may touch {@link LoopEvents}: loading an event class starts the recorder's
 * machinery, which costs a loop's first tick hundreds of milliseconds when nobody records.
 */
public final class JfrGate {

    private JfrGate() {
    }

    public static boolean started() {
        return FlightRecorder.isInitialized();
    }
}
