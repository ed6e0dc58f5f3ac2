/**
 * LoopChat, the LoopBridge demo: an IRC client core that any UI binds to
 * ({@link dev.loopbridge.demo.client.ChatClient}), the IRC protocol
 * ({@link dev.loopbridge.demo.irc.IrcMessage}), an embedded IRC server
 * ({@link dev.loopbridge.demo.server.ChatServer}) and the {@link dev.loopbridge.demo.LoopChat}
 * entry point with its terminal mode.
 */
module dev.loopbridge.demo {
    requires transitive dev.loopbridge.core;
    requires org.slf4j;

    exports dev.loopbridge.demo;
    exports dev.loopbridge.demo.irc;
    exports dev.loopbridge.demo.client;
    exports dev.loopbridge.demo.server;
}
