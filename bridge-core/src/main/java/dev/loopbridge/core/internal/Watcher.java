package dev.loopbridge.core.internal;

/**
 * Watches the earliest timer deadline for a loop whose thread cannot wait for it itself, because it
 * belongs to a toolkit (see {@link SidePoller}). Loops that wait on their own thread use
 * {@link #NONE}. The loop thread calls both methods.
 */
interface Watcher {

    /** The earliest timer is now due at {@code deadline} (loop time), or there is none. */
    void earliestDeadline(boolean any, long deadline);

    /** A channel was registered: I/O must be watched from now on. */
    default void ioRegistered() {
    }

    /** Stops watching and releases the watcher's thread. */
    void close();

    Watcher NONE = new Watcher() {
        @Override
        public void earliestDeadline(boolean any, long deadline) {
        }

        @Override
        public void close() {
        }
    };
}
