package dev.loopbridge.core.internal;

import java.util.ArrayList;
import java.util.List;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.spi.DrivenLoops;
import dev.loopbridge.core.tck.EventLoopTck;
import dev.loopbridge.core.tck.SimulatedToolkit;

/**
 * The TCK against a loop made through the driver SPI, on a simulated toolkit thread: the path the
 * JavaFX and Swing loops take (posted ticks, side poller for timers, nested toolkit loops).
 */
class DrivenLoopTckTest extends EventLoopTck {

    private final List<SimulatedToolkit> toolkits = new ArrayList<>();

    @Override
    protected EventLoop createLoop(LoopOptions options) {
        SimulatedToolkit toolkit = new SimulatedToolkit(options.name());
        toolkits.add(toolkit);
        return DrivenLoops.create(toolkit, options);
    }

    @Override
    protected void afterLoopsClosed() {
        toolkits.forEach(SimulatedToolkit::shutdown);
        toolkits.clear();
    }

    @Override
    public boolean testThreadIsLoopThread() {
        return false;
    }

    @Override
    public boolean supportsNestedLoops() {
        return true;
    }

    @Override
    public boolean postToolkitEvent(Runnable task) {
        toolkits.get(toolkits.size() - 1).postEvent(task);
        return true;
    }
}
