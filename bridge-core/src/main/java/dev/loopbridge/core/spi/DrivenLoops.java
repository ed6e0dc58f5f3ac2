package dev.loopbridge.core.spi;

import java.util.Objects;

import dev.loopbridge.core.EventLoop;
import dev.loopbridge.core.LoopOptions;
import dev.loopbridge.core.internal.BaseEventLoop;

/**
 * Makes event loops that run on a toolkit's thread through a {@link LoopDriver}.
 *
 * <pre>{@code
 * EventLoop loop = DrivenLoops.create(new FxDriver(), LoopOptions.defaults().withName("fx"));
 * }</pre>
 */
public final class DrivenLoops {

    private DrivenLoops() {
    }

    /**
     * Returns a new loop whose ticks run through {@code driver}. Its timers and I/O are waited for
     * on a side thread (started when first needed, stopped by {@code close}).
     *
     * @param driver how to post ticks to the toolkit thread and run nested loops on it
     * @param options the loop's settings
     * @return a new loop on the driver's thread
     */
    public static EventLoop create(LoopDriver driver, LoopOptions options) {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(options, "options");
        return BaseEventLoop.driven(driver, options);
    }
}
