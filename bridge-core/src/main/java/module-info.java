/**
 * LoopBridge core: one asyncio-style event loop whose callbacks, timers, futures and I/O all run
 * on one thread — its own, the JavaFX Application Thread or the Swing Event Dispatch Thread.
 *
 * <p>{@code dev.loopbridge.core} is the API, {@code dev.loopbridge.core.spi} is what a toolkit
 * adapter implements, {@code dev.loopbridge.core.testing} holds the virtual-time test loop.
 * Everything else is implementation and is not exported.
 */
@SuppressWarnings("module") // the qualified export below names bridge-web, which is not built yet here
module dev.loopbridge.core {
    requires org.slf4j;
    // Optional: debug mode's check for monitors held across Async.await (see MonitorCheck).
    requires static java.management;
    // The loop's Flight Recorder events (dev.loopbridge.Tick, SlowCallback, Stall).
    requires jdk.jfr;

    exports dev.loopbridge.core;
    exports dev.loopbridge.core.spi;
    exports dev.loopbridge.core.testing;
    exports dev.loopbridge.core.internal.jfr to jdk.jfr;
    // FedStream: bridge-web's HttpClient bodies are read through the streams' own StreamReader.
    // Unread: bridge-web serves a connection whose first bytes its caller read, through its own reader.
    exports dev.loopbridge.core.internal.net to dev.loopbridge.web;
}
