package dev.loopbridge.core.internal.net;

/**
 * Starts the pump threads of subprocess pipes. Any thread.
 *
 * <p>Platform threads, daemon, with a small stack: a pump spends its life blocked in a pipe's
 * {@code read} or {@code write}, where a virtual thread would pin its carrier anyway (see
 * {@code SubprocessImpl} for the measurement). The system property {@code loopbridge.pipeThreads=virtual}
 * starts virtual ones instead; it exists to repeat that measurement.
 */
final class PipeThreads {

    /** Enough for a loop of reads or writes; the JDK's process reaper threads use 128 KiB. */
    private static final long STACK_SIZE = 128 * 1024;

    /**
     * How long an idle pump waits for more work before its thread ends: long enough that a steady
     * stream does not start a thread per chunk, short enough that no thread outlives its use.
     */
    static final long LINGER_NANOS = 50_000_000;

    static final PipeThreads PLATFORM = new PipeThreads(false);
    static final PipeThreads VIRTUAL = new PipeThreads(true);

    private final boolean virtual;

    private PipeThreads(boolean virtual) {
        this.virtual = virtual;
    }

    /** The kind the system property {@code loopbridge.pipeThreads} names ({@code virtual}), else platform. */
    static PipeThreads configured() {
        return "virtual".equals(System.getProperty("loopbridge.pipeThreads")) ? VIRTUAL : PLATFORM;
    }

    void start(String name, Runnable pump) {
        String threadName = "loopbridge-pipe " + name;
        if (virtual) {
            Thread.ofVirtual().name(threadName).start(pump);
        } else {
            Thread.ofPlatform().name(threadName).daemon().stackSize(STACK_SIZE).start(pump);
        }
    }
}
