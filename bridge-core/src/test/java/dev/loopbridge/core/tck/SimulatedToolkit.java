package dev.loopbridge.core.tck;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;

import dev.loopbridge.core.spi.LoopDriver;

/**
 * A stand-in for a UI toolkit: one thread that runs posted events from a queue, with nested event
 * loops like {@code Platform.enterNestedEventLoop} or Swing's {@code SecondaryLoop}. It lets core
 * test the driver SPI path (side poller, posted ticks, nested loops) without a real toolkit.
 */
public final class SimulatedToolkit implements LoopDriver {

    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    /** Starts the toolkit thread. */
    public SimulatedToolkit(String name) {
        thread = Thread.ofPlatform().name("toolkit-" + name).daemon().start(() -> runUntil(() -> stopped));
    }

    /** Queues an event, as {@code Platform.runLater} would. Any thread. */
    public void postEvent(Runnable event) {
        events.add(event);
    }

    @Override
    public void post(Runnable tick) {
        events.add(tick);
    }

    @Override
    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public String threadName() {
        return "the toolkit thread \"" + thread.getName() + "\"";
    }

    @Override
    public NestedLoop newNestedLoop() {
        return new NestedLoop() {
            private boolean exited;

            @Override
            public void enter() {
                runUntil(() -> exited || stopped);
            }

            @Override
            public void exit() {
                exited = true;
                events.add(() -> { }); // wake the nested loop so it sees the flag
            }
        };
    }

    /** Stops the toolkit thread after the events queued so far. Any thread. */
    public void shutdown() {
        events.add(() -> stopped = true);
    }

    /** The toolkit's thread. */
    public Thread thread() {
        return thread;
    }

    private void runUntil(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            Runnable event;
            try {
                event = events.take();
            } catch (InterruptedException e) {
                continue; // a toolkit thread is not stopped by interrupts
            }
            try {
                event.run();
            } catch (Throwable e) {
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
        }
    }
}
