/**
 * LoopChat, the LoopBridge demo: an IRC client core that any UI binds to
 * ({@link dev.loopbridge.demo.client.ChatClient}), the IRC protocol
 * ({@link dev.loopbridge.demo.irc.IrcMessage}), an embedded IRC server
 * ({@link dev.loopbridge.demo.server.ChatServer}) and the {@link dev.loopbridge.demo.LoopChat}
 * entry point with its terminal mode, and the JavaFX ({@link dev.loopbridge.demo.fx.FxChat}) and Swing
 * ({@link dev.loopbridge.demo.swing.SwingChat}) clients.
 */
module dev.loopbridge.demo {
    requires transitive dev.loopbridge.core;
    requires dev.loopbridge.javafx;
    requires dev.loopbridge.swing;
    requires dev.loopbridge.web;
    requires javafx.controls;
    requires org.slf4j;

    exports dev.loopbridge.demo;
    exports dev.loopbridge.demo.irc;
    exports dev.loopbridge.demo.client;
    exports dev.loopbridge.demo.server;
    exports dev.loopbridge.demo.fx;
    exports dev.loopbridge.demo.swing;
}
