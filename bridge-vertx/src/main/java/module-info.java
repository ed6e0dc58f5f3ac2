/**
 * LoopBridge for Vert.x 5: {@link dev.loopbridge.vertx.LoopExecutorProvider} makes a Vert.x context
 * created on a loop thread run its callbacks on that loop.
 */
module dev.loopbridge.vertx {
    requires transitive dev.loopbridge.core;
    requires transitive io.vertx.core;
    // The toolkits' shared loops, when the application has them.
    requires static dev.loopbridge.javafx;
    requires static javafx.graphics;
    requires static dev.loopbridge.swing;
    requires static java.desktop;

    exports dev.loopbridge.vertx;

    provides io.vertx.core.spi.VertxServiceProvider with dev.loopbridge.vertx.LoopExecutorProvider;
}
